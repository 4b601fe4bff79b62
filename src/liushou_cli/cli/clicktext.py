"""click's and typer's own words in the catalog's: a usage error (no such command or option,
a missing argument, a bad option value, "Did you mean") as lines in the output language, and
the help's frame (`Usage:`, the headings, `<str>`, `[default: ...]`, `--help`'s own line) in
the language of the help texts.

click writes these in English, each built where it is raised. The root group
(cli/group.py) runs click without its own error printing and hands every usage error here;
every command's context formats its help with `HelpWords`, so no page of help or line of an
error is in a language the user did not ask for.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from enum import Enum
from typing import Any, Literal, get_args, get_origin

# typer carries its own click: its exceptions, contexts and formatter are these.
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoSuchOption,
)
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from liushou_cli import i18n
from liushou_cli.cli import startup
from liushou_cli.cli.optionvalues import plain_values
from liushou_cli.i18n import t
from liushou_cli.i18n.help import HELP, help_text
from liushou_cli.render.fit import cell_width, wrap_cells


class UnknownCommand(ClickUsageError):
    """A command name no group has, and the close names it may have meant."""

    def __init__(self, name: str, matches: list[str], ctx: Context | None) -> None:
        super().__init__(f"no such command {name!r}", ctx)
        self.name = name
        self.matches = matches


def usage_failure(error: ClickException) -> str:
    """A usage error as the user reads it: what is wrong, then the command's usage and
    where its help is, in the output language."""
    lines = [t("cli_error", detail=_what(error))]
    ctx = getattr(error, "ctx", None)
    if isinstance(ctx, Context):
        pieces = " ".join(_usage_words(piece, _in_output_language)
                          for piece in ctx.command.collect_usage_pieces(ctx))
        lines.append(t("cli_usage", usage=f"{ctx.command_path} {pieces}".rstrip()))
        lines.append(t("cli_try_help", command=f"{ctx.command_path} --help"))
    else:
        lines.append(t("cli_try_help", command="liushou --help"))
    return "\n".join(lines)


def _what(error: ClickException) -> str:
    """What is wrong, in one sentence of the catalog."""
    if isinstance(error, UnknownCommand):
        said = t("cli_no_such_command", name=error.name)
        if error.matches:
            said = t("cli_did_you_mean", said=said, matches=tuple(error.matches))
        return said
    if isinstance(error, NoSuchOption):
        said = t("cli_no_such_option", option=error.option_name)
        if error.possibilities:
            said = t("cli_did_you_mean", said=said, matches=tuple(sorted(error.possibilities)))
        return said
    if isinstance(error, MissingParameter):
        param = error.param
        if param is not None and param.param_type_name == "argument":
            name = _argument_word(param.name or "", _in_output_language) or param.name or ""
            what = _in_output_language(getattr(param, "help", None) or "")
            return (t("cli_missing_argument", name=name, what=what) if what
                    else t("cli_missing_argument_bare", name=name))
        return t("cli_missing_option", option=_option_name(param))
    if isinstance(error, BadParameter):
        return _bad_value(error)
    if isinstance(error, BadOptionUsage):
        if error.message.endswith("requires an argument."):
            return t("cli_option_needs_value", option=error.option_name)
        if "does not take a value" in error.message:
            return t("cli_option_takes_no_value", option=error.option_name)
        return t("cli_bad_option_use", option=error.option_name)
    unknown = re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?$", error.message)
    if unknown:  # typer's sub-groups (child lst) say it themselves
        ctx = getattr(error, "ctx", None)
        said = t("cli_no_such_subcommand", name=unknown.group(1),
                 group=ctx.command_path if isinstance(ctx, Context) else "liushou")
        if unknown.group(2):
            said = t("cli_did_you_mean", said=said,
                     matches=tuple(re.findall(r"'([^']*)'", unknown.group(2))))
        return said
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", error.message)
    if extra:
        return t("cli_extra_arguments", args=extra.group(1))
    if error.message.startswith("Missing command"):
        return t("cli_missing_command")
    return t("cli_usage_other", detail=error.format_message())


def _option_name(param: Any) -> str:
    opts = getattr(param, "opts", None) or [getattr(param, "name", "") or ""]
    return " / ".join(opts)


# typer's own checks of a path option ("File '/tmp' is a directory."), said in our words.
_PATH_REFUSED = re.compile(r"^\w+ (['\"])(.*)\1 (is a file|is a directory|does not exist|"
                           r"is not readable|is not writable)\.$")
_PATH_KEYS = {"is a file": "cli_path_is_file", "is a directory": "cli_path_is_folder",
              "does not exist": "cli_path_missing", "is not readable": "cli_path_unreadable",
              "is not writable": "cli_path_unwritable"}


def _bad_value(error: BadParameter) -> str:
    """A value the option's type refused: typer checks it with pydantic, whose error (the
    cause) says what was wrong; a value one of our callbacks refused is already in words."""
    option = _option_name(error.param)
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        path = _PATH_REFUSED.match(error.message)
        if path:
            return t(_PATH_KEYS[path.group(3)], option=option, path=path.group(2))
        return t("cli_bad_value_said", option=option, detail=error.message)
    first = errors()[0]
    kind = first.get("type", "")
    value = str(first.get("input", ""))
    choices = _choices(error.param)
    if choices:
        return t("cli_not_a_choice", option=option, value=value, expected=choices)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return t("cli_not_whole_number", option=option, value=value)
    if kind in ("float_parsing", "float_type"):
        return t("cli_not_number", option=option, value=value)
    limits = first.get("ctx") or {}
    for bound, key in (("ge", "cli_at_least"), ("gt", "cli_more_than"),
                       ("le", "cli_at_most"), ("lt", "cli_less_than")):
        if bound in limits:
            return t(key, option=option, value=value, limit=limits[bound])
    return t("cli_bad_value", option=option, value=value)


def _choices(param: Any) -> tuple[str, ...]:
    """The words an option takes, when its type is a choice (an Enum or a Literal)."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(str(member.value) for member in annotation)
    if get_origin(annotation) is Literal:
        return tuple(str(word) for word in get_args(annotation))
    return ()


# ---- the help's frame ----------------------------------------------------------------------
# What click and typer write around our help texts, and its key in i18n/help.py.
_HEADINGS = {"Usage": "frame.usage", "Options": "frame.options",
             "Commands": "frame.commands", "Arguments": "frame.arguments"}
_TYPES = {"str": "frame.type-text", "list[str]": "frame.type-texts",
          "int": "frame.type-whole", "int range": "frame.type-whole",
          "float": "frame.type-number", "path": "frame.type-path",
          "file": "frame.type-path", "directory": "frame.type-path"}
_HELP_OPTION = "Show this message and exit."
_DEFAULT = re.compile(r"default: ([^;\]]*)")
_RANGE = re.compile(r"(?:(-?\d+)<=)?x(?:>=(-?\d+))?(?:<=(-?\d+))?")


def _in_output_language(key_or_text: str) -> str:
    """A help key's text, or a help text already made (in the help's language), in the
    output language: a usage error speaks the language of the run."""
    pair = HELP.get(key_or_text) or next(
        (pair for pair in HELP.values() if key_or_text in pair), None)
    if pair is None:
        return key_or_text
    return pair[1] if i18n.lang() == "en" else pair[0]


def _said(key: str) -> str:
    """A word of the frame in the language of the help texts."""
    return help_text(key)


def _argument_word(name: str, say: Callable[[str], str]) -> str | None:
    """An argument's name as the user reads it (学生, CHILD for `child`), or None if the
    help has no word for it."""
    key = f"metavar.{name}"
    return say(key) if key in HELP else None


def _usage_argument(match: re.Match[str], say: Callable[[str], str]) -> str:
    """typer's {child} (required) or [found] (optional) in a usage line: the name in the
    catalog's words, bare when required, in brackets when not."""
    required, optional = match.group(1), match.group(2)
    word = _argument_word(required or optional, say)
    if word is None:
        return match.group(0)
    return word if required else f"[{word}]"


def _usage_words(piece: str, say: Callable[[str], str]) -> str:
    """A piece of a usage line ('[OPTIONS]', 'COMMAND [ARGS]...', an argument's {child} or
    [found]) in the catalog's words."""
    piece = (piece.replace("[OPTIONS]", f"[{say('frame.options-word')}]")
             .replace("COMMAND [ARGS]...",
                      f"{say('frame.command-word')} [{say('frame.arguments-word')}]..."))
    return re.sub(r"\{(\w+)\}|\[(\w+)\]", lambda match: _usage_argument(match, say), piece)


def _type_word(match: re.Match[str]) -> str:
    key = _TYPES.get(match.group(1))
    return f"<{_said(key)}>" if key else match.group(0)


def _extras(match: re.Match[str]) -> str:
    """'[default: table; x>=0; required]' in the help's language."""
    parts = []
    for part in match.group(1).split("; "):
        default = _DEFAULT.fullmatch(part)
        if default:
            value = default.group(1)
            shown = {"True": "frame.yes", "False": "frame.no"}.get(value)
            parts.append(f"{_said('frame.default')}{_said(shown) if shown else value}")
        elif part == "required":
            parts.append(_said("frame.required"))
        elif _RANGE.fullmatch(part):
            parts.append(part.replace("x>=", "≥").replace("<=x", "≤").replace("x<=", "≤"))
        else:
            parts.append(part)
    return f"[{'; '.join(parts)}]"


class HelpWords(HelpFormatter):
    """click's help formatter, its own words in the catalog's."""

    _heading = ""  # the section being written: its arguments are named in the catalog's words

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _usage_words(args, _said),
                            prefix if prefix is not None else _said("frame.usage"))

    def write_heading(self, heading: str) -> None:
        self._heading = heading
        key = _HEADINGS.get(heading)
        if key is None:
            super().write_heading(heading)
        else:
            self.write(f"{'':>{self.current_indent}}{_said(key)}\n")

    def write_text(self, text: str) -> None:
        # click's textwrap counts a Chinese character as one column and breaks inside
        # words: wrapped here by terminal cells, between words, and a sentence wider than
        # the line between two of its characters (render/fit.py wrap_cells).
        indent = " " * self.current_indent
        for line in wrap_cells(text, max(self.width - self.current_indent, 11)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        if self._heading == "Arguments":  # child <str>: the argument's name, then its type
            rows = [(re.sub(r"^\w+", lambda match: _argument_word(match.group(0), _said)
                            or match.group(0), term), text) for term, text in rows]
        said = [(re.sub(r"<([^<>]+)>", _type_word, term),
                 _said("frame.help") if text == _HELP_OPTION
                 else re.sub(r"\[([^\[\]]*(?:default: |required|x[<>]=)[^\[\]]*)\]$",
                             _extras, text))
                for term, text in rows]
        first = min(max((cell_width(term) for term, _ in said), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        room = max(self.width - first - self.current_indent, 10)
        for term, text in said:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            if cell_width(term) <= first - col_spacing:
                self.write(" " * (first - cell_width(term)))
            else:
                self.write("\n" + " " * (first + self.current_indent))
            lines = wrap_cells(text, room)
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{'':>{first}}{line}\n")


class WordsContext(Context):
    """A command's context whose help speaks the catalog's words, whose options are read
    without pydantic, and whose command, once it is about to run, ends the start-up
    (cli/startup.py)."""

    formatter_class = HelpWords

    def __init__(self, command: Command, *args: Any, **kwargs: Any) -> None:
        super().__init__(command, *args, **kwargs)
        plain_values(command, self)  # its values read without pydantic (cli/optionvalues.py)

    def invoke(self, callback: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(self.command, TyperGroup):  # a group's callback runs before its command
            startup.over()
        return super().invoke(callback, *args, **kwargs)


def parse_in_context(parse: Callable[[Context, list[str]], list[str]],
                     ctx: Context, args: list[str]) -> list[str]:
    """`parse(ctx, args)`, a usage error it raises knowing the command it is about: click's
    parser raises "option needs a value" and "takes no value" without it, and the error would
    then show no usage line."""
    try:
        return parse(ctx, args)
    except ClickUsageError as error:
        if error.ctx is None:
            error.ctx = ctx
        raise


def speak_our_words(command: Command) -> Command:
    """`command` and every command under it, their help formatted in the catalog's words,
    their usage errors knowing the command."""
    command.context_class = WordsContext
    if "parse_args" not in vars(command):  # once, though a command is looked up many times
        parse = command.parse_args
        command.parse_args = (  # type: ignore[method-assign]
            lambda ctx, args: parse_in_context(parse, ctx, args))
    for sub in getattr(command, "commands", {}).values():
        if not sub.short_help and sub.help:
            # Listed whole, wrapped, as the root lists its commands: click's own summary
            # stops at the first word that ends in "." ("add a term, e.g.") or cuts with "...".
            sub.short_help = " ".join(inspect.cleandoc(sub.help).split("\n\n")[0].split())
        speak_our_words(sub)
    return command
