"""liushou: record-keeping for a school's care programme for left-behind children (关爱留守儿童)."""

import os

__version__ = "0.1.0"

# pydantic looks up third-party plugins through package metadata on first use (about 15 ms of
# every command); liushou uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
