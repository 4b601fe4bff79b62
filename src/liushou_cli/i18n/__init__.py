"""The one translation layer: every user-facing string goes through `t`, `say`, `label` or
`show`, and nothing outside it chooses between Chinese and English.

Chinese is the default. English is chosen by `--lang en` or LIUSHOU_LANG=en (read by
environment.py; the root command calls `set_lang`). Stored values are the Chinese words of
the paper forms; `show` translates them for English output only.

Text is made in the output language, except where a text must exist in both at once (a duty
looked up by its name in either language): `t_in` names the language. A Message
(core/text.py, a problem kept as a code) is put into words by `say` when it is shown; this
module hands `say` to core as it loads, so that `Problem.message` reads in the output
language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from liushou_cli.core.text import Choice, Label, Message, Shown, use_translator
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
    control character in a value (from a hand-edited file) is written as its escape. A value
    may be a Message, a Label, a Shown, a Choice or a tuple of them (core/text.py)."""
    return t_in(_lang, key, **params)


def t_in(language: str, key: str, /, **params: Any) -> str:
    """The message `key` in `language` ("zh" or "en"), whatever the output language."""
    zh, en = MESSAGES[key]
    text = en if language == "en" else zh
    if not params:
        return text
    words = {name: _word(value, language) for name, value in params.items()}
    if "_" in text:
        # English's plural, by the number it follows: "{count} file{count_s}" says "1 file"
        # and "2 files"; class{count_es}, child{count_ren} alike.
        for name, ending in _PLURAL.findall(text):
            words[f"{name}_{ending}"] = "" if params.get(name) == 1 else ending
    return text.format(**words)


_PLURAL = re.compile(r"\{(\w+)_(s|es|ren)\}")


def say(message: Message) -> str:
    """A message kept as a code, in the current language."""
    return _said(message, _lang)


def _said(message: Message, language: str) -> str:
    return t_in(language, message.key, **dict(message.params))


def _word(value: Any, language: str) -> Any:
    """A parameter's value as it reads in `language`."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, Message):
        return _said(value, language)
    if isinstance(value, tuple):
        return t_in(language, "list_sep").join(str(_word(item, language)) for item in value)
    if isinstance(value, Label):
        return _field_label(value.loc, language)
    if isinstance(value, Shown):
        return _show(value.value, language)
    if isinstance(value, Choice):
        glossed = _show(value.word, language)
        return value.word if glossed == value.word else f"{value.word} ({glossed})"
    return value


use_translator(say)


def label(field: str) -> str:
    """The printed name of a record field, e.g. 'father.phone' -> 父亲电话 / Father's phone."""
    return _label(field, _lang)


def _label(field: str, language: str) -> str:
    pair = FIELD_LABELS.get(field)
    if pair is None:
        return field
    return pair[1] if language == "en" else pair[0]


def conflict_field(field: str) -> Label | str:
    """A merge conflict's field as a message names it: a field with a label (`guardian.phone`)
    as that label (监护人电话); any other (a setting of liushou.yaml, a field inside a list of
    records, `pairings[代理家长 T005 2022-09-15].ended`) as written, since that is how a
    person finds it in the file."""
    return Label.of(field) if field in FIELD_LABELS else field


def label_zh(field: str) -> str:
    """The Chinese label whatever the output language: for text stored in the files."""
    return _label(field, "zh")


def field_path(loc: tuple[int | str, ...]) -> str:
    """'father.phone' for ('father', 'phone'); list positions are dropped for the label."""
    return ".".join(str(part) for part in loc if isinstance(part, str))


def field_label(loc: tuple[int | str, ...]) -> str:
    """The printed name of a location: 父亲电话, or 记录 #2 日期 inside a list."""
    return _field_label(loc, _lang)


def _field_label(loc: tuple[int | str, ...], language: str) -> str:
    if not loc:
        return t_in(language, "none")
    if any(isinstance(part, int) for part in loc):
        index = next(i for i, part in enumerate(loc) if isinstance(part, int))
        head = _field_label(loc[:index], language)
        number = int(loc[index]) + 1
        rest = loc[index + 1:]
        whole = field_path(loc)
        named = _label(whole, language)
        tail = named if whole != field_path(loc[:index]) and named != whole \
            else _field_label(rest, language) if rest else ""
        return f"{head} #{number} {tail}".rstrip()
    path = field_path(loc)
    text = _label(path, language)
    if text == path and "." in path:
        head, _, tail = path.rpartition(".")
        text = f"{_label(head, language)}.{_label(tail, language)}"
    return text


def show(value: Any) -> str:
    """A stored value as the reader should see it: booleans as 是/否, choices translated."""
    return _show(value, _lang)


def _show(value: Any, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return t_in(language, "yes") if value else t_in(language, "no")
    if isinstance(value, list):
        return t_in(language, "list_sep").join(_show(item, language) for item in value)
    text = visible(str(value))
    if language == "en":
        return VALUES_EN.get(text, text)
    return text


def word_for(text: str, words: Iterable[str]) -> str | None:
    """Which of `words` (choice words as the files keep them, 代理家长) `text` names: the word
    itself, or its English name as English output shows it (proxy parent, any case)."""
    wanted = text.strip()
    return next((word for word in words if wanted == word
                 or wanted.lower() == VALUES_EN.get(word, "\0").lower()), None)


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
