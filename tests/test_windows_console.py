"""The terminal on a Chinese Windows computer (docs/windows.md): output to a pipe or a file is
encoded in code page 936 (GBK) there, stood for here by PYTHONIOENCODING=gbk in a child
process. Chinese comes out as GBK; a character GBK lacks is a question mark, with one line
saying how to switch to UTF-8; questions are asked and answered in GBK."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from liushou_cli.cli import console

from .conftest import run

RARE = "王䶮"  # 䶮 (U+4DAE) is in GB18030 but not in GBK


def liushou(root: Path, *args: str, encoding: str = "gbk",
            stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "liushou_cli", "--data", str(root), *args],
                          capture_output=True, env=env, input=stdin, timeout=120)


def _add(root: Path, name: str) -> None:
    result = run(root, "child", "add", "--name", name, "--gender", "男", "--class", "七(1)班",
                 "--type", "父亲外出")
    assert result.exit_code == 0, result.output


def test_chinese_comes_out_as_gbk(school: Path) -> None:
    done = liushou(school, "child", "list", "-f", "csv")
    assert done.returncode == 0
    assert "张小明".encode("gbk") in done.stdout and done.stderr == b""
    table = liushou(school, "child", "list")
    assert table.returncode == 0 and "张小明".encode("gbk") in table.stdout
    assert "共 1 名".encode("gbk") in table.stdout


def test_a_character_gbk_lacks_is_a_question_mark_and_a_hint(school: Path) -> None:
    _add(school, RARE)
    for args in (("child", "list", "-f", "csv"), ("child", "list"), ("child", "list", "-f", "json")):
        done = liushou(school, *args)
        assert done.returncode == 0, done.stderr.decode("gbk")
        out = done.stdout.decode("gbk")
        assert "王？" in out and "张小明" in out  # the rest of the output is all there
        assert done.stderr.decode("gbk") == (
            "有 1 个字符无法用当前输出编码（gbk）显示，已显示为问号。要完整显示：在 PowerShell 中先运行 "
            "$env:PYTHONUTF8=1 和 chcp 65001（cmd 中：set PYTHONUTF8=1 和 chcp 65001），或使用 "
            "Windows Terminal（见 docs/windows.md）\n")
    english = liushou(school, "--lang", "en", "child", "list", "-f", "csv")
    assert english.stderr.decode("gbk").startswith(
        "1 character cannot be shown in this output's encoding (gbk); a question mark stands in "
        "for each.")


def test_in_utf8_nothing_changes(school: Path) -> None:
    _add(school, RARE)
    done = liushou(school, "child", "list", "-f", "csv", encoding="utf-8")
    assert RARE.encode() in done.stdout and done.stderr == b""


def test_a_question_mark_keeps_a_wide_characters_width() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    console.prepare((stream,))
    stream.write(f"{RARE}|a\u0151|𠀾")  # ő is narrow, not in GBK
    stream.flush()
    assert stream.buffer.getvalue().decode("gbk") == "王？|a?|？"  # type: ignore[attr-defined]


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal: POSIX")
def test_questions_are_asked_and_answered_in_gbk(school: Path) -> None:
    # `child add` asks for what is missing when a person is at the terminal: a terminal in
    # GBK, as the old console of a Chinese Windows is.
    import pty

    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    env.pop("PYTHONUTF8", None)
    proc = subprocess.Popen([sys.executable, "-m", "liushou_cli", "--data", str(school), "child",
                             "add", "--class", "七(1)班"],
                            stdin=terminal, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    seen = b""

    def until(text: str) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while text.encode("gbk") not in seen:
            assert time.monotonic() < deadline, seen.decode("gbk", "replace")
            try:
                seen += os.read(controller, 4096)
            except OSError:  # the child closed the terminal
                break
        assert text.encode("gbk") in seen, seen.decode("gbk", "replace")

    for question, answer in (("姓名", "赵六"), ("性别", "女"), ("留守类型", "母亲外出")):
        until(question)
        os.write(controller, answer.encode("gbk") + b"\r")
    until("已建档")
    assert proc.wait(timeout=60) == 0
    os.close(controller)
    text = (school / "children" / "c0002.yaml").read_text(encoding="utf-8")
    assert "name: 赵六\n" in text and "gender: 女\n" in text and "left_behind_type: 母亲外出\n" in text
