"""The values on a command line read without pydantic (cli/optionvalues.py): every parameter
of every command gets a converter of ours, each accepts and refuses what typer's own
converter does, and a refusal is said in our words."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import typer.main
from pydantic import ValidationError
from typer._adapters import build_adapter
from typer._click import Command, Context
from typer._click.exceptions import BadParameter
from typer.core import _TyperParameter
from typer.models import OptionInfo, ParameterInfo

from liushou_cli.cli.app import app
from liushou_cli.cli.commands import COMMANDS
from liushou_cli.cli.optionvalues import PlainValue, Refused, converter, plain_values

from .conftest import run


def _every_command() -> list[Command]:
    root = typer.main.get_command(app)
    found: list[Command] = [root]
    stack = [command.load() for command in COMMANDS]
    while stack:
        command = stack.pop()
        found.append(command)
        stack.extend(getattr(command, "commands", {}).values())
    return found


def test_every_parameter_of_every_command_is_read_without_pydantic() -> None:
    # A typer that changed where it keeps a parameter's conversion, or a new option of a kind
    # not known here, fails here: the command would still work, through pydantic, slower.
    for command in _every_command():
        plain_values(command, Context(command))
        for param in (*command.params, command.get_help_option(Context(command))):
            assert isinstance(param, _TyperParameter), (command.name, param)
            assert isinstance(param._runtime_param, PlainValue), (command.name, param.name)


class Colour(StrEnum):
    red = "red"
    green = "绿"


KINDS: list[tuple[Any, ParameterInfo, list[Any]]] = [
    (str, OptionInfo(), ["", "x", "七(1)班", " a b ", 5, b"ab"]),
    (bool, OptionInfo(), [True, False, "true", "yes", "on", "1", "0", "off", "no", "f", "t",
                          "y", "n", "", " ", "TRUE", "Yes", "maybe", "2", "True "]),
    (int, OptionInfo(), [" 12 ", "1_000", "+5", "05", "1.0", "1.00", "1.5", "1e3", "-0", "-1",
                         "", " ", "0x10", "99999999999999999999999", "abc", "1__0", "_1",
                         "1_", "1.", 12, "٣"]),
    (int, OptionInfo(min=0), ["0", "-1", "3"]),
    (int, OptionInfo(min=1, max=366), ["0", "1", "366", "367", "30"]),
    (float, OptionInfo(), [" 1.5 ", "1_0.5", "1e3", "", "+1", ".5", "5.", "1,5", "abc", "625",
                           2.5, 625, "٣", "1e308"]),
    (float, OptionInfo(min=0, max=100), ["-0.5", "100.5", "50"]),
    (Colour, OptionInfo(), ["red", "绿", "RED", "blue", "", Colour.red]),
    (Path, OptionInfo(), ["", " ", "a", "/tmp", "a/b.csv", Path("x"), "a\x00b"]),
    (Path, OptionInfo(dir_okay=False), ["/tmp", "no-such-file.csv"]),
    (Path, OptionInfo(file_okay=False), [__file__, "no-such-folder"]),
]


def _typer_reads(annotation: Any, info: ParameterInfo, value: Any) -> tuple[Any, ...]:
    try:
        found = build_adapter(annotation, info).validate_python(value)
        return "ok", found, type(found)
    except ValidationError as error:
        first = error.errors()[0]
        limits = first.get("ctx") or {}
        return ("refused", first["type"], first["input"],
                {key: limit for key, limit in limits.items() if key != "error"})
    except BadParameter as error:
        return "said", error.message


def _ours_reads(annotation: Any, info: ParameterInfo, value: Any) -> tuple[Any, ...]:
    convert = converter(annotation, info)
    assert convert is not None
    try:
        found = convert(value)
        return "ok", found, type(found)
    except Refused as refused:
        [said] = refused.errors()
        return "refused", said["type"], said["input"], said["ctx"]
    except BadParameter as error:
        return "said", error.message


@pytest.mark.parametrize(("annotation", "info", "value"), [
    (annotation, info, value) for annotation, info, values in KINDS for value in values])
def test_each_value_is_read_as_typer_reads_it(annotation: Any, info: ParameterInfo,
                                               value: Any) -> None:
    # The same value of the same type, or the same refusal: its kind, the value as given
    # and the limit broken are what clicktext turns into words.
    assert _ours_reads(annotation, info, value) == _typer_reads(annotation, info, value)


def test_a_list_of_texts_is_a_list() -> None:
    convert = converter(list[str], OptionInfo())
    assert convert is not None
    assert convert(("T001", "T002")) == ["T001", "T002"]


@pytest.mark.parametrize(("text", "number"), [("１２", 12), ("＋３", 3), ("１２.０", 12)])
def test_full_width_digits_are_digits(text: str, number: int) -> None:
    # typer refuses them; a teacher typing with a Chinese input method gets them often.
    convert = converter(int, OptionInfo())
    assert convert is not None and convert(text) == number


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "NaN", "infinity", "1e999"])
def test_a_number_that_is_not_finite_is_refused(text: str) -> None:
    # typer takes them; no sum of money nor count is infinite.
    convert = converter(float, OptionInfo())
    assert convert is not None
    with pytest.raises(Refused) as refused:
        convert(text)
    assert refused.value.errors() == [{"type": "float_parsing", "input": text, "ctx": {}}]


def test_kinds_left_to_typer() -> None:
    from datetime import datetime
    from typing import Literal

    assert converter(datetime, OptionInfo()) is None
    assert converter(Literal["a", "b"], OptionInfo()) is None
    assert converter(int, OptionInfo(clamp=True, min=0)) is None
    assert converter(str, OptionInfo(parser=str.upper)) is None
    assert converter(list[int], OptionInfo()) is None
    assert converter(Path, OptionInfo(allow_dash=True)) is None
    assert converter(Path, OptionInfo(resolve_path=True)) is None
    assert converter(Path, OptionInfo(path_type=str)) is None


@pytest.mark.parametrize(("args", "said"), [
    (("report", "--due-within", "x"), "--due-within 应为整数，不是“x”"),
    (("report", "--due-within", "-1"), "--due-within 至少为 0，不能是 -1"),
    (("report", "--due-within", "１２", "-f", "csv"), None),
    (("report", "--format", "xml"), "--format / -f 的值“xml”无效，应为：table、json、csv、ics"),
])
def test_a_refusal_is_said_in_our_words(school: Path, args: tuple[str, ...],
                                        said: str | None) -> None:
    done = run(school, *args)
    if said is None:
        assert done.exit_code in (0, 1), done.output
    else:
        assert done.exit_code == 2 and said in done.stderr, done.stderr
        assert "Traceback" not in done.output


def test_an_amount_that_is_not_a_number_is_refused(school: Path) -> None:
    done = run(school, "care", "add", "c0001", "生活补助", "--policy", "寄宿生生活补助",
               "--amount", "nan", "--date", "2022-09-20", "--by", "T001")
    assert done.exit_code == 2 and "--amount" in done.stderr, done.output
    assert "c0001" not in done.stdout


def test_a_path_refused_by_typer_s_checks_names_its_option(school: Path, tmp_path: Path) -> None:
    done = run(school, "export", "--output", str(tmp_path))
    assert done.exit_code == 2
    assert done.stderr.startswith(f"错误：--output / -o：{tmp_path} 是文件夹，这里要的是文件名\n")


def test_every_parameter_is_given_its_converter_past_one_given_before() -> None:
    # A command looked up again (or one whose first options were converted already) still
    # has every other option converted.
    import typer

    app = typer.Typer(add_completion=False)

    @app.command()
    def main(first: str = typer.Option("a"), second: int = typer.Option(1),
             third: Path | None = typer.Option(None)) -> None: ...

    command = typer.main.get_command(app)
    context = Context(command)
    [first, second, third] = command.params
    first._runtime_param = PlainValue(parameter_info=OptionInfo(), annotation=str, convert=str)
    plain_values(command, context)
    for param in (second, third):
        assert isinstance(param._runtime_param, PlainValue)
        assert param._runtime_param.annotation == param.type_descriptor.annotation
        assert param._runtime_param.parameter_info is param.type_descriptor.parameter_info


@pytest.mark.parametrize(("annotation", "text"), [
    (int, "0__9"), (int, "0-1"), (float, "1_."), (float, "._5"), (float, "1e_9"), (float, "+_1")])
def test_underscores_and_signs_only_where_python_writes_them(annotation: Any, text: str) -> None:
    # pydantic's number parser takes these; we do not (the module's docstring says so).
    assert _typer_reads(annotation, OptionInfo(), text)[0] == "ok"
    assert _ours_reads(annotation, OptionInfo(), text)[0] == "refused"

