"""A usage line speaks the run's language all through: an argument is named in its words
(学生, not typer's {child}; CHILD in English), in the usage line of an error, in the help's
usage line and list of arguments, and in "the argument … is missing"; and an option given
without its value shows the usage line and the hint, like every other usage error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from liushou_cli.cli.clicktext import speak_our_words
from liushou_cli.i18n.help import HELP

from .conftest import run


def test_a_missing_argument_in_chinese(school: Path) -> None:
    result = run(school, "child", "show")
    assert result.exit_code == 2
    assert result.output == ("错误：缺少参数 学生（学生：编号、学籍号、姓名或拼音首字母）\n"
                             "用法：liushou child show [选项] 学生\n"
                             "运行 liushou child show --help 查看帮助。\n")


def test_a_missing_argument_in_english(school: Path) -> None:
    result = run(school, "--lang", "en", "child", "show")
    assert result.exit_code == 2
    assert result.output == ("error: the argument CHILD is missing "
                             "(child: id, student number, name or pinyin initials)\n"
                             "usage: liushou child show [OPTIONS] CHILD\n"
                             "run liushou child show --help for help.\n")


@pytest.mark.parametrize(("language", "usage"), [
    ("zh", "用法：liushou visit add [选项] 学生 [情况]"),  # required bare, optional in brackets
    ("en", "usage: liushou visit add [OPTIONS] CHILD [FOUND]"),
])
def test_a_required_and_an_optional_argument(school: Path, language: str, usage: str) -> None:
    result = run(school, "--lang", language, "visit", "add")
    assert result.exit_code == 2
    assert result.output.splitlines()[1] == usage


@pytest.mark.parametrize(("line", "zh", "en"), [
    (("report", "--as-of"), ("错误：选项 --as-of 后面要跟一个值\n"
                             "用法：liushou report [选项]\n"
                             "运行 liushou report --help 查看帮助。\n"),
     ("error: the option --as-of needs a value after it\n"
      "usage: liushou report [OPTIONS]\n"
      "run liushou report --help for help.\n")),
    (("child", "show", "c0001", "--sensitive=yes"),
     ("错误：选项 --sensitive 后面不能跟值\n"
      "用法：liushou child show [选项] 学生\n"
      "运行 liushou child show --help 查看帮助。\n"),
     ("error: the option --sensitive takes no value\n"
      "usage: liushou child show [OPTIONS] CHILD\n"
      "run liushou child show --help for help.\n")),
    (("--data",), ("错误：选项 --data 后面要跟一个值\n"  # the root's own option
                   "用法：liushou [选项] 命令 [参数]...\n"
                   "运行 liushou --help 查看帮助。\n"),
     ("error: the option --data needs a value after it\n"
      "usage: liushou [OPTIONS] COMMAND [ARGS]...\n"
      "run liushou --help for help.\n")),
])
def test_an_option_without_its_value_shows_the_usage_line(
        line: tuple[str, ...], zh: str, en: str) -> None:
    for language, expected in (("zh", zh), ("en", en)):
        result = run(None, "--lang", language, *line)
        assert (result.exit_code, result.output) == (2, expected)


@pytest.mark.parametrize("flag", ["--quiet=3", "--no-cache=yes"])
def test_a_global_flag_given_a_value_after_the_command_says_it_takes_none(
        school: Path, flag: str) -> None:
    # It used to say the command had no such option, though `child list --quiet` works.
    result = run(school, "child", "list", flag)
    name = flag.split("=")[0]
    assert (result.exit_code, result.output) == (2, (
        f"错误：选项 {name} 后面不能跟值\n"
        "用法：liushou [选项] 命令 [参数]...\n"
        "运行 liushou --help 查看帮助。\n"))


def test_the_chinese_help_names_its_arguments_in_chinese(school: Path) -> None:
    result = run(school, "visit", "add", "--help", width=80)
    assert result.exit_code == 0
    assert result.output.splitlines()[:8] == [
        "用法：liushou visit add [选项] 学生 [情况]",
        "",
        "  记录一次家访（或电话家访、视频家访、到校来访）",
        "",
        "参数：",
        "  学生 <文字>  学生：编号、学籍号、姓名或拼音首字母  [必填]",
        "  情况 <文字>  了解到的情况（简写）",
        ""]


def test_the_english_help_names_its_arguments_in_english(tmp_path: Path) -> None:
    # The help's language is fixed when the package is imported: a process of its own.
    env = {**os.environ, "LIUSHOU_LANG": "en", "COLUMNS": "80", "PYTHONIOENCODING": "utf-8"}
    env.pop("LIUSHOU_DATA", None)
    done = subprocess.run([sys.executable, "-m", "liushou_cli", "visit", "add", "--help"],
                          env=env, cwd=tmp_path, capture_output=True, text=True,
                          encoding="utf-8", check=True)
    assert done.stdout.splitlines()[:8] == [
        "Usage: liushou visit add [OPTIONS] CHILD [FOUND]",
        "",
        "  record a home visit (or a phone/video visit, a visit to school)",
        "",
        "Arguments:",
        "  CHILD <text>  child: id, student number, name or pinyin initials  [required]",
        "  FOUND <text>  what was found (short form)",
        ""]


def test_the_root_help_lists_its_commands_not_as_arguments() -> None:
    # `child` is both a command and an argument's name: the list of commands keeps it.
    result = run(None, "--help")
    assert "  child " in result.output and "  学生 " not in result.output


def test_every_argument_has_its_words() -> None:
    """An argument added without a "metavar." entry would show its English name."""
    import typer.main
    from typer._click import Context

    from liushou_cli.cli.app import app

    root = typer.main.get_command(app)
    ctx = Context(root)
    names: set[str] = set()

    def walk(command: object) -> None:
        for param in getattr(command, "params", []):
            if param.param_type_name == "argument":
                names.add(param.name)
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                walk(speak_our_words(command.get_command(ctx, name)))

    walk(root)
    assert "child" in names and "found" in names
    assert sorted(name for name in names if f"metavar.{name}" not in HELP) == []


@pytest.mark.parametrize(("language", "said"), [
    ("zh", "错误：--output / -o：{path} 是文件夹，这里要的是文件名\n用法：liushou export [选项]\n"),
    ("en", "error: --output / -o: {path} is a folder; a file name is wanted here\n"
           "usage: liushou export [OPTIONS]\n"),
])
def test_a_folder_where_a_file_is_wanted_is_said_in_the_runs_words(
        school: Path, tmp_path: Path, language: str, said: str) -> None:
    # typer's own check of a path option said "File '/tmp' is a directory." in English.
    result = run(school, "--lang", language, "export", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.output.startswith(said.format(path=tmp_path))


def test_a_file_where_a_folder_is_wanted_is_said_in_our_words(school: Path,
                                                              tmp_path: Path) -> None:
    a_file = tmp_path / "网页"
    a_file.write_text("", encoding="utf-8")
    result = run(school, "dashboard", "-o", str(a_file))
    assert result.exit_code == 2
    assert result.output.startswith(f"错误：--output / -o：{a_file} 是文件，这里要的是文件夹\n")


@pytest.mark.parametrize(("message", "said"), [
    ("File '/a/b' does not exist.", "--output / -o：找不到 /a/b"),
    ("Path '/a/b' is not readable.", "--output / -o：没有权限读取 /a/b"),
    ("Directory \"/a/it's\" is not writable.", "--output / -o：没有权限写入 /a/it's"),
    ("File '/a/b' is weird.", "--output / -o：File '/a/b' is weird."),
])
def test_typers_other_path_refusals_in_our_words(message: str, said: str) -> None:
    # Not reachable with today's options (none asks typer to check that a path exists or
    # may be read), said in our words all the same when one does.
    from typer._click.exceptions import BadParameter

    from liushou_cli.cli.clicktext import _bad_value

    class Param:
        opts = ("--output", "-o")

    assert _bad_value(BadParameter(message, param=Param())) == said  # type: ignore[arg-type]
