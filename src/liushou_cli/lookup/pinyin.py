"""Finding a child by pinyin: 'zxm' or 'zhangxiaoming' finds 张小明.

Polyphonic characters match on any of their readings (曾 is zeng or ceng), so a teacher
never has to guess which reading the dictionary prefers.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def _readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    options = pinyin(char, style=Style.NORMAL, heteronym=True, errors="default")
    return tuple(dict.fromkeys(r.lower() for r in options[0])) if options else (char.lower(),)


def matches(name: str, query: str) -> bool:
    """True if `query` (ASCII letters) is the name's pinyin initials or its full pinyin."""
    query = query.lower().replace(" ", "")
    if not query.isascii() or not query.isalpha():
        return False
    syllables = [_readings(char) for char in name]
    if len(query) == len(syllables) and all(
        any(reading.startswith(letter) for reading in options)
        for letter, options in zip(query, syllables, strict=True)
    ):
        return True
    return _matches_full(query, syllables)


def _matches_full(query: str, syllables: list[tuple[str, ...]]) -> bool:
    # Every character must be spelled out in order; a reading list is short, so plain
    # backtracking is fast enough for names.
    def walk(position: int, index: int) -> bool:
        if index == len(syllables):
            return position == len(query)
        return any(
            query.startswith(reading, position) and walk(position + len(reading), index + 1)
            for reading in syllables[index]
        )

    return walk(0, 0)
