"""The one translation layer: every user-facing string goes through `t`, `label` or `show`.

Chinese is the default. English is chosen by `--lang en` or LIUSHOU_LANG=en (read by
environment.py; the root command calls `set_lang`). Stored values are the Chinese words of
the paper forms; `show` translates them for English output only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from liushou_cli.core.validators import visible
from liushou_cli.i18n.catalog import FIELD_LABELS, MESSAGES, VALUES_EN

LANGS = ("zh", "en")
_lang = "zh"


def set_lang(lang: str) -> None:
    """Choose the output language: English for "en" (or en_US...), else Chinese. The root
    command sets it from the environment (--lang, else LIUSHOU_LANG)."""
    global _lang
    _lang = "en" if lang.lower().startswith("en") else "zh"


def lang() -> str:
    return _lang


def t(key: str, /, **params: Any) -> str:
    """The message `key` in the current language, with `{name}` placeholders filled; a
    control character in a value (from a hand-edited file) is written as its escape."""
    zh, en = MESSAGES[key]
    text = en if _lang == "en" else zh
    if not params:
        return text
    return text.format(**{name: visible(value) if isinstance(value, str) else value
                          for name, value in params.items()})


def label(field: str) -> str:
    """The printed name of a record field, e.g. 'father.phone' -> 父亲电话 / Father's phone."""
    pair = FIELD_LABELS.get(field)
    if pair is None:
        return field
    return pair[1] if _lang == "en" else pair[0]


def label_zh(field: str) -> str:
    """The Chinese label whatever the output language: for text stored in the files."""
    pair = FIELD_LABELS.get(field)
    return pair[0] if pair else field


def show(value: Any) -> str:
    """A stored value as the reader should see it: booleans as 是/否, choices translated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, list):
        return t("list_sep").join(show(item) for item in value)
    text = visible(str(value))
    if _lang == "en":
        return VALUES_EN.get(text, text)
    return text


def field_for_label(text: str, among: Iterable[str] | None = None) -> str | None:
    """The field whose Chinese or English label is `text` (so `--set 父亲电话=...` works),
    looked for only `among` the given fields when they are given."""
    wanted = text.strip().lower()
    allowed = None if among is None else set(among)
    for field, (zh, en) in FIELD_LABELS.items():
        if allowed is not None and field not in allowed:
            continue
        if wanted in (zh.lower(), en.lower()):
            return field
    return None
