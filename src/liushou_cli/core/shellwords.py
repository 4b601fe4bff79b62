"""A word of a command the tool suggests (`liushou census --class 七(1)班`), written so that
it pastes into a shell as it is: a class with parentheses, a name with a space, quoted.

Double quotes where they suffice, since bash, zsh, cmd.exe and PowerShell all read them
alike; POSIX single quotes only for a word holding what double quotes would not keep.
Standard library only.
"""

from __future__ import annotations

import re
import shlex

# What every shell takes as one plain word: letters (Chinese too), digits and a few marks.
_PLAIN = re.compile(r"[\w.,:=+@%/-]+")
_KEPT_IN_DOUBLE_QUOTES = re.compile(r'[^"$`\\!%^]*')


def shell_word(text: str) -> str:
    """`text` as one word of a command line a user can paste."""
    if _PLAIN.fullmatch(text):
        return text
    if _KEPT_IN_DOUBLE_QUOTES.fullmatch(text):
        return f'"{text}"'
    return shlex.quote(text)
