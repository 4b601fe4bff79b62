"""The kinds of a record in the output language, where the stored word is not the one to show
(患病 is "illness" in English, not "ill")."""

from __future__ import annotations

from liushou_cli.core.choices import CARE_TYPES
from liushou_cli.i18n import show, t

_CARE_KEYS = {"患病": "illness", "生活补助": "subsidy", "其他帮扶": "aid"}


def care_kind(word: str) -> str:
    """A care record's kind in the output language; a word the model does not know is shown
    as it is."""
    return t("care_kind_" + _CARE_KEYS.get(word, "aid")) if word in CARE_TYPES else show(word)
