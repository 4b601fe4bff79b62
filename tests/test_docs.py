"""The docs are executed: every part that shows what `liushou` prints is written by
tools/docs.py (the --help reference, the 80-column samples, the marked blocks of README.md and
the guides), and this test fails when any of them is out of date. After a change that alters
what the tool prints, run `python tools/docs.py` and read the diff."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from liushou_cli.cli.commands import COMMANDS
from tools.docs import MARKED
from tools.executed_docs.pages import MARK, run_marked, unexecuted
from tools.executed_docs.run import ExampleFailed

REPOSITORY = Path(__file__).resolve().parents[1]
DOCS = REPOSITORY / "docs"


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def test_every_executed_part_of_the_docs_is_up_to_date() -> None:
    done = subprocess.run([sys.executable, "tools/docs.py", "--check"], cwd=REPOSITORY,
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert (done.returncode, done.stdout) == (0, ""), (
        done.stdout + done.stderr + "\nrun `python tools/docs.py` and read the diff")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_reference_holds_every_commands_help(language: str) -> None:
    text = (DOCS / f"reference.{language}.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (liushou.*)$", text, re.MULTILINE)
    for command in COMMANDS:
        assert f"liushou {command.name}" in headings
    assert "liushou child add" in headings and "liushou census status" in headings
    # Each page is a whole --help: it ends its options with --help itself.
    assert len(re.findall(r"^  --help ", text, re.MULTILINE)) == len(headings)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_samples_show_each_screen_and_their_tables_fit_80_columns(language: str) -> None:
    text = (DOCS / f"samples.{language}.md").read_text(encoding="utf-8")
    for command in ("child list", "staff list", "report --overdue", "report --stats",
                    "report --caseload", "report --incomplete", "census status", "child show"):
        assert re.search(rf"^\$ liushou (--lang en )?{re.escape(command)}", text, re.MULTILINE)
    drawn = [line for line in text.splitlines() if set(line) & set("│┃━─╭╰┏└")]
    assert drawn and max(map(width, drawn)) <= 80


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_guides_marked_examples_are_run(language: str) -> None:
    text = (DOCS / f"guide.{language}.md").read_text(encoding="utf-8")
    assert text.count(MARK) >= 7
    # The drift that started this: a field's Chinese label works with --set.
    assert re.search(r"\$ liushou (--lang en )?child edit 谢书伟 --set 监护人电话=13912345678\n"
                     r" *(已保存|Saved) 谢书伟", text)


# The documents whose examples run: none shows an output written by hand. A new example is
# a marked block, run on the example school or in the document's story (a file it reads
# shown after a `write` mark); one that cannot run says why (`not run: ...`).
EXECUTED = ("README.md", "docs/guide.zh.md", "docs/guide.en.md", "docs/reports/caseload.md",
            "docs/reports/export.md", "docs/reports/incomplete.md", "docs/reports/overdue.md",
            "docs/reports/roster.md", "docs/reports/stats.md")


def test_every_report_page_is_counted() -> None:
    pages = {f"docs/reports/{page.name}" for page in (DOCS / "reports").glob("*.md")}
    assert pages <= set(EXECUTED)
    assert set(EXECUTED) == set(MARKED)


@pytest.mark.parametrize("path", EXECUTED)
def test_no_example_is_written_by_hand(path: str) -> None:
    found = unexecuted((REPOSITORY / path).read_text(encoding="utf-8"))
    assert found == 0, (
        f"{path}: {found} examples with output not marked {MARK}; mark them (run, run story, "
        "or not run: why)")


def test_a_marked_block_gets_each_commands_output_and_the_rest_stays() -> None:
    text = ("# Title\n\n```\n$ liushou child show 赵六\nmade up\n```\n\n"
            f"{MARK}\n```\n$ liushou child show 赵六  # 退出码 1\nstale\n"
            "$ liushou --lang en child show 赵六  # exit 1\n"
            "```\n\n  " + MARK + "\n  ```\n  $ liushou report --class 7-5  # exit 2\n  ```\n")
    assert run_marked(text) == (
        "# Title\n\n```\n$ liushou child show 赵六\nmade up\n```\n\n"
        f"{MARK}\n```\n$ liushou child show 赵六  # 退出码 1\n找不到学生“赵六”\n"
        "$ liushou --lang en child show 赵六  # exit 1\nno child “赵六”\n```\n\n  " + MARK +
        "\n  ```\n  $ liushou report --class 7-5  # exit 2\n"
        "  没有班级“7-5”；已有的班级：七(1)班、七(2)班、七(3)班、七(4)班、八(1)班、八(2)班、"
        "八(3)班、八(4)班、九(1)班、九(2)班、九(3)班、九(4)班\n  ```\n")


def test_a_mark_without_a_block_is_refused() -> None:
    with pytest.raises(ValueError, match="not followed by a fenced block"):
        run_marked(f"{MARK}\n\nsome words\n")


def test_a_story_starts_from_init_runs_on_its_day_and_goes_into_the_folder() -> None:
    text = ("<!-- liushou-docs: run story 2022-09-05 -->\n```\n"
            "$ liushou init 档案 --school 一中 --no-git\n$ cd 档案\n"
            "$ liushou staff add --name 王建国 --role 班主任\n```\n"
            f"{MARK}\n```\n$ liushou staff list --format csv | head -n 1\n```\n"
            "<!-- liushou-docs: run story -->\n```\n"
            "$ liushou child add --name 李四 --gender 男 --class 7-1 --type 其他\n"
            "$ liushou child list --format csv | grep 李四\n"
            "$ liushou child show 李四 --format json | grep recorded_on\n```\n")
    lines = run_marked(text).split("\n")
    assert "已添加教职工 王建国(T001)" in lines
    # The example school's own staff list, not the story's: its header only.
    assert lines[lines.index("$ liushou staff list --format csv | head -n 1") + 1].startswith(
        "id,name,phone")
    # The story's later block runs in the same folder, on the same day.
    [row] = [line for line in lines if line.startswith("c0001,")]
    assert "李四" in row
    assert "已建档：李四(c0001)，文件 children/c0001.yaml" in lines
    assert '  "recorded_on": "2022-09-05",' in lines


def test_a_write_mark_puts_the_blocks_text_where_the_next_command_reads_it() -> None:
    text = ("<!-- liushou-docs: run story 2022-09-05 -->\n```\n"
            "$ liushou init 档案 --school 一中 --no-git\n$ cd 档案\n```\n\n"
            "<!-- liushou-docs: write story 新生.yaml -->\n\n```yaml\n- name: 李四\n"
            "  gender: 男\n  class: 7-1\n  left_behind_type: 其他\n```\n"
            "<!-- liushou-docs: run story -->\n```\n$ liushou child add --from 新生.yaml\n```\n"
            "<!-- liushou-docs: write 名单.yaml -->\n  ```\n  - name: 王五\n  ```\n"
            f"{MARK}\n```\n$ liushou child add --from 名单.yaml  # 退出码 1\n```\n")
    lines = run_marked(text).split("\n")
    # The file's block stays as written; the story's command reads it from its own folder.
    assert lines[lines.index("```yaml") + 1:lines.index("```yaml") + 5] == [
        "- name: 李四", "  gender: 男", "  class: 7-1", "  left_behind_type: 其他"]
    assert "已建档：李四(c0001)，文件 children/c0001.yaml" in lines
    # A file beside the data folder, as a roster with ID numbers should be.
    assert run_marked("<!-- liushou-docs: run story -->\n```\n"
                      "$ liushou init 档案 --school 一中 --no-git\n$ cd 档案\n```\n"
                      "<!-- liushou-docs: write story ../新生.yaml -->\n```\n- name: 李四\n"
                      "  gender: 男\n  class: 7-1\n  left_behind_type: 其他\n```\n"
                      "<!-- liushou-docs: run story -->\n```\n"
                      "$ liushou child add --from ../新生.yaml\n```\n").endswith(
        "$ liushou child add --from ../新生.yaml\n已建档：李四(c0001)，文件 children/c0001.yaml\n"
        "```\n")
    # Without `story`, the file goes beside the example school: found (the indent of the
    # block is not part of the file), and refused for the fields it lacks.
    at = lines.index("$ liushou child add --from 名单.yaml  # 退出码 1")
    assert lines[at + 1:at + 5] == ["未保存，原因如下：", "名单.yaml:1: 缺少必填字段 性别",
                                    "名单.yaml:1: 缺少必填字段 班级",
                                    "名单.yaml:1: 缺少必填字段 留守类型"]


def test_a_write_mark_without_a_block_or_leaving_the_scene_is_refused() -> None:
    for text, message in [
            ("<!-- liushou-docs: write story 新生.csv -->\n\n学籍号,姓名\n",
             "line 1: <!-- liushou-docs: write story 新生.csv --> is not followed by a fenced "
             "block"),
            ("<!-- liushou-docs: write 新生.csv -->\n```\n学籍号,姓名\n",
             "line 1: the block after <!-- liushou-docs: write 新生.csv --> is never closed"),
            ("\n<!-- liushou-docs: write ../../新生.csv -->\n```\n学籍号,姓名\n```\n",
             "line 2: ../../新生.csv: not a file of the document's own folders"),
            ("<!-- liushou-docs: write /tmp/新生.csv -->\n```\n学籍号,姓名\n```\n",
             "line 1: /tmp/新生.csv: not a file of the document's own folders"),
            ("<!-- liushou-docs: write data-example -->\n```\n学籍号,姓名\n```\n",
             "line 1: data-example: not a file of the document's own folders")]:
        with pytest.raises(ValueError) as refused:
            run_marked(text)
        assert str(refused.value) == message


def test_a_block_marked_as_not_run_is_not_counted_as_written_by_hand() -> None:
    block = "```\n$ liushou child add\n姓名: 孙四\n```\n"
    assert unexecuted(block) == 1
    assert unexecuted("<!-- liushou-docs: not run: it asks on a terminal -->\n" + block) == 0
    assert unexecuted("<!-- liushou-docs: run story -->\n" + block) == 0
    # A file's text is no example, even one that shows a command.
    assert unexecuted("<!-- liushou-docs: write story 说明.txt -->\n" + block) == 0


def test_only_head_and_grep_may_follow_a_pipe() -> None:
    with pytest.raises(ValueError, match=re.escape("only `| head -n N` and `| grep WORD`")):
        run_marked(f"{MARK}\n```\n$ liushou staff list | sort\n```\n")


def test_an_example_that_fails_without_its_mark_stops_the_checker() -> None:
    with pytest.raises(ExampleFailed) as failed:
        run_marked(f"# Title\n\n{MARK}\n```\n$ liushou child show 赵六\nstale\n```\n")
    assert str(failed.value) == (
        "the block at line 4: `liushou child show 赵六` exits 1 (找不到学生“赵六”); "
        "an example meant to fail ends in `# exit 1`")


def test_an_example_marked_to_fail_that_succeeds_stops_the_checker() -> None:
    with pytest.raises(ExampleFailed) as failed:
        run_marked(f"{MARK}\n```\n$ liushou term list --format csv  # exit 1\n```\n")
    assert str(failed.value) == (
        "the block at line 2: `liushou term list --format csv  # exit 1` succeeds, yet its "
        "mark says it exits 1")


def test_an_example_that_fails_otherwise_than_marked_stops_the_checker() -> None:
    with pytest.raises(ExampleFailed) as failed:
        run_marked(f"{MARK}\n```\n$ liushou report --class 7-5  # 退出码 1\n```\n")
    assert str(failed.value).startswith(
        "the block at line 2: `liushou report --class 7-5  # 退出码 1` exits 2 (没有班级“7-5”；")
    assert str(failed.value).endswith("九(4)班), not 1 as its mark says")


def test_an_example_marked_to_fail_keeps_its_mark_and_gets_its_message() -> None:
    text = (f"{MARK}\n```\n$ liushou child show 赵六  # 退出码 1\nstale\n"
            "$ liushou --lang en child show 赵六  # exit 1\n"
            "$ liushou child show 赵六 | head -n 1  # exit 1\n```\n")
    assert run_marked(text) == (
        f"{MARK}\n```\n$ liushou child show 赵六  # 退出码 1\n找不到学生“赵六”\n"
        "$ liushou --lang en child show 赵六  # exit 1\nno child “赵六”\n"
        "$ liushou child show 赵六 | head -n 1  # exit 1\n找不到学生“赵六”\n```\n")


def test_docs_py_names_the_document_of_an_example_that_fails(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    import tools.docs as docs

    page = tmp_path / "page.md"
    page.write_text(f"{MARK}\n```\n$ liushou child show 赵六\n```\n", encoding="utf-8")
    monkeypatch.setattr(docs, "REPOSITORY", tmp_path)
    monkeypatch.setattr(docs, "MARKED", {"page.md": "zh"})
    monkeypatch.setattr("tools.executed_docs.pages.reference", lambda language: "")
    monkeypatch.setattr("tools.executed_docs.pages.samples", lambda language: "")
    with pytest.raises(SystemExit) as stopped:
        docs.documents("zh")
    assert str(stopped.value) == (
        "page.md: the block at line 2: `liushou child show 赵六` exits 1 (找不到学生“赵六”); "
        "an example meant to fail ends in `# exit 1`")


def test_the_reliability_pages_name_every_type_the_cache_keeps() -> None:
    # The cache rebuilds only the types in its registry (store.cachecodec): the pages that
    # promise so list them, in both languages, and a type registered or dropped since shows.
    import importlib
    import pkgutil

    import liushou_cli
    from liushou_cli.store import cachecodec

    for module in pkgutil.walk_packages(liushou_cli.__path__, "liushou_cli."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    parts = {"Message", "Label", "Shown", "Choice"}  # Problem's message's parts, named so
    registered = set(cachecodec._REGISTRY) - parts
    text = (DOCS / "reliability.md").read_text(encoding="utf-8")
    for promise in ("都是我们自己的模块登记的、只装数据的类型", "data-only types our own modules register"):
        [line] = [line for line in text.splitlines() if promise in line]
        named = set(re.findall(r"`([A-Z]\w+)`", line.split(promise)[0].split("rebuilt only")[-1]
                                                    .split("只按一张固定的登记表重建")[-1]))
        assert named == registered, (promise, named ^ registered)
