"""Questions at the terminal in the user's language: a line to type (`ask`) and a yes or no
(`confirm`).

click asks with a half-width colon after the question and takes only y or n, saying
"Error: invalid input" in English otherwise. Here the colon is the language's (：in Chinese),
a yes or no may be typed as a Chinese input method gives it (是/否, 对/不), and a wrong answer
is told in the catalog's words. Ctrl-C at a question ends the command as anywhere else.
"""

from __future__ import annotations

import typer

from liushou_cli.i18n import t
from liushou_cli.store.history import waiting_for_a_person

_YES = {"y", "yes", "是", "是的", "对", "好", "要"}
_NO = {"n", "no", "否", "不", "不是", "不要"}


def ask(question: str, default: str = "") -> str:
    """The line typed after `question` (`default` shown, and taken for an empty line)."""
    with waiting_for_a_person():
        answer = typer.prompt(question, default=default, show_default=bool(default),
                              prompt_suffix=t("ask_suffix"))
    return str(answer).strip()


def confirm(question: str, default: bool = False) -> bool:
    """Yes or no to `question`; an empty line is `default`."""
    hint = t("ask_yes_no_default_yes" if default else "ask_yes_no_default_no")
    while True:
        answer = ask(f"{question} {hint}").lower()
        if not answer:
            return default
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        typer.echo(t("ask_yes_or_no"), err=True)
