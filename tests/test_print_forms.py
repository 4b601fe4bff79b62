"""`liushou print card|visit-form|talk-form`: what the pages hold (pre-filled, masked unless
--full, escaped), which children, and the file rules (0600, no overwrite without --force,
not inside the data folder unless named there). The browser's side is in
tests/test_print_browser.py."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from liushou_cli.core.fields import CHILD_FIELDS
from liushou_cli.forms.masking import mask_of
from tests.conftest import CHILD_ID_NUMBER, CHILD_YAML, posix_modes_only, run, valid_id

SECOND = CHILD_YAML.replace("c0001", "c0002").replace("张小明", "李小红").replace(
    "2022070101", "2022070102").replace("13912345678", "13912340000")


@pytest.fixture
def two(school: Path) -> Path:
    """The school with a second child in 七(1)班 and a third who left."""
    (school / "children" / "c0002.yaml").write_text(
        SECOND.format(id_number=valid_id("43052420110315011")), encoding="utf-8")
    left = SECOND.replace("c0002", "c0003").replace("李小红", "赵小刚").replace(
        "status: 在读", "status: 转出\nstatus_date: 2022-10-01\nstatus_reason: 随父母转学")
    (school / "children" / "c0003.yaml").write_text(
        left.format(id_number=valid_id("43052420110315021")), encoding="utf-8")
    return school


def printed(school: Path, tmp_path: Path, *args: str, name: str = "out.html") -> str:
    target = tmp_path / name
    result = run(school, "print", *args, "--output", str(target))
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def test_card_holds_the_seeds_fields_masked(school: Path, tmp_path: Path) -> None:
    page = printed(school, tmp_path, "card", "张小明")
    assert "留守儿童联系卡" in page and "@page" in page and "size: A4" in page
    for shown in ("张小明", "七(1)班", "广东 东莞", "浙江 宁波", "王桂兰", "祖母",
                  "王建国", "李芳", "三知", "137****1111", "139****5678", "430524***"):
        assert shown in page, shown
    for hidden in ("13700001111", "13912345678", CHILD_ID_NUMBER, "石门村"):
        assert hidden not in page, hidden
    assert page.count('class="sheet') == 1


def test_full_prints_everything_after_the_warning(school: Path, tmp_path: Path) -> None:
    result = run(school, "print", "card", "张小明", "--full", "--output", str(tmp_path / "f.html"))
    assert result.exit_code == 0
    assert "警告：--full" in result.output
    page = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert "13700001111" in page and CHILD_ID_NUMBER in page and "桃洪镇石门村" in page
    assert "敏感个人信息" in page  # the page itself says what it holds


def test_every_phone_address_and_id_is_masked_and_notes_left_off() -> None:
    masks = {field.path: mask_of(field) for field in CHILD_FIELDS}
    assert {path for path, mask in masks.items() if mask is None} == {
        "note", "father.note", "mother.note", "guardian.note"}
    for path, mask in masks.items():
        if path.endswith("phone"):
            assert mask == "phone", path
        if path.endswith("id_number"):
            assert mask == "id", path
        if path.endswith("address") or path in ("hukou", "residence"):
            assert mask == "address", path


def test_the_record_itself_is_untouched(school: Path, tmp_path: Path) -> None:
    before = (school / "children" / "c0001.yaml").read_bytes()
    printed(school, tmp_path, "card", "c0001")
    assert (school / "children" / "c0001.yaml").read_bytes() == before


def test_text_is_escaped_and_nothing_is_fetched(school: Path, tmp_path: Path) -> None:
    child = school / "children" / "c0001.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace(
        "  age: 68\n", "  age: 68\n  occupation: <script>alert(1)</script>\n"), encoding="utf-8")
    page = printed(school, tmp_path, "card", "张小明")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    lowered = page.lower()
    for outside in ("<script", "http:", "https:", "src=", "<link", "@import", "url("):
        assert outside not in lowered, outside


def test_a_class_prints_its_enrolled_children_one_a_page(two: Path, tmp_path: Path) -> None:
    page = printed(two, tmp_path, "card", "--class", "七1")
    assert page.count('<section class="sheet') == 2
    assert "张小明" in page and "李小红" in page and "赵小刚" not in page
    assert page.index("张小明") < page.index("李小红")  # by student number


def test_visit_form_is_pre_filled(school: Path, tmp_path: Path) -> None:
    assert run(school, "visit", "add", "张小明", "奶奶身体还好", "--follow-up", "下月再去看看",
               "--date", "2022-10-10", "--by", "T001").exit_code == 0
    page = printed(school, tmp_path, "visit-form", "张小明")
    assert "留守儿童家访记录表" in page
    for shown in ("张小明", "七(1)班", "王桂兰(祖母)", "139****5678", "桃洪镇",
                  "2022-10-10 家访 · 王建国：奶奶身体还好", "下月再去看看", "电话家访",
                  "了解到的情况", "liushou visit add"):
        assert shown in page, shown


def test_open_concerns_name_what_the_card_lacks(school: Path, tmp_path: Path) -> None:
    child = school / "children" / "c0001.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace("  phone: '13912345678'\n", ""),
                     encoding="utf-8")
    page = printed(school, tmp_path, "talk-form", "张小明")
    assert "留守儿童谈心记录表" in page and "上次谈心" in page
    assert "三知待核实：监护人情况缺 监护人电话" in page


def test_english(school: Path, tmp_path: Path) -> None:
    target = tmp_path / "en.html"
    result = run(school, "--lang", "en", "print", "talk-form", "张小明", "-o", str(target))
    assert result.exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert 'lang="en"' in page and "Talk record" in page and "Open concerns" in page


def test_default_name_in_the_current_folder(school: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(school, "print", "card", "张小明").exit_code == 0
    assert run(school, "print", "visit-form", "--class", "七(1)班").exit_code == 0
    assert (tmp_path / "联系卡-张小明.html").exists()
    assert (tmp_path / "家访记录表-七(1)班.html").exists()


def test_never_inside_the_data_folder_unless_named_there(school: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(school)
    refused = run(school, "print", "card", "张小明")
    assert refused.exit_code == 2 and "--output" in refused.output
    assert not list(school.glob("*.html"))
    named = run(school, "print", "card", "张小明", "--output", "card.html")
    assert named.exit_code == 0 and "数据文件夹" in named.output
    assert (school / "card.html").exists()


@posix_modes_only
def test_private_and_never_overwritten_without_force(school: Path, tmp_path: Path) -> None:
    target = tmp_path / "card.html"
    printed(school, tmp_path, "card", "张小明", name="card.html")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("mine", encoding="utf-8")
    target.chmod(0o644)
    again = run(school, "print", "card", "张小明", "--output", str(target))
    assert again.exit_code == 1 and "--force" in again.output
    assert target.read_text(encoding="utf-8") == "mine"
    assert run(school, "print", "card", "张小明", "-o", str(target), "--force").exit_code == 0
    assert "张小明" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("args, status", [
    (("card",), 2),
    (("card", "张小明", "--class", "七1"), 2),
    (("card", "--class", "九9"), 2),
    (("card", "王五"), 1),
])
def test_wrong_targets_are_one_line(school: Path, tmp_path: Path, args: tuple[str, ...],
                                    status: int) -> None:
    result = run(school, "print", *args, "--output", str(tmp_path / "x.html"))
    assert result.exit_code == status, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_pdf_without_a_browser_says_so(school: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    result = run(school, "print", "card", "张小明", "--pdf", "-o", str(tmp_path / "c.pdf"))
    assert result.exit_code == 1
    assert "Chromium" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.parametrize("name", ["c.pdf", "c.PDF"])
def test_a_pdf_name_asks_for_a_pdf(school: Path, tmp_path: Path, name: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Without --pdf, a card named c.pdf was HTML under a PDF's name: no viewer opened it.
    from liushou_cli.cli import pdf

    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-1.7 " + html.encode()[:20])
    result = run(school, "print", "card", "张小明", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_bytes().startswith(b"%PDF-1.7 <!")
    html = tmp_path / "c.html"
    assert run(school, "print", "card", "张小明", "-o", str(html)).exit_code == 0
    assert html.read_bytes().startswith(b"<!")


def test_the_browser_tests_find_the_browser_print_finds(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # One way of finding a Chromium: the dashboard's browser tests and screenshots
    # (tools/chromium.py) take the one `print --pdf` uses, Windows' install places too.
    from liushou_cli.cli import pdf
    from tools import chromium

    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    assert chromium.find_chromium() is None
    edge = tmp_path / pdf._WINDOWS_PLACES[1]
    edge.parent.mkdir(parents=True, exist_ok=True)
    edge.write_bytes(b"")
    monkeypatch.setenv("PROGRAMFILES(X86)", str(tmp_path))
    assert chromium.find_chromium() == pdf.find_chromium() == str(edge)


@pytest.mark.parametrize("form", ["visit-form", "talk-form", "card"])
def test_a_phone_or_id_number_written_in_an_entry_is_masked_too(school: Path, tmp_path: Path,
                                                               form: str) -> None:
    # The masked footer promises phones hidden; a visit's text and its follow-up held one.
    assert run(school, "visit", "add", "c0001", "爸爸换了新号码13987654321", "--follow-up",
               f"打13987654321，身份证{CHILD_ID_NUMBER}", "--date", "2022-11-19",
               "--by", "T001").exit_code == 0
    page = printed(school, tmp_path, form, "张小明")
    assert "13987654321" not in page and CHILD_ID_NUMBER not in page
    if form == "card":
        return  # the card has no entry's text, masked or whole
    assert "139****4321" in page
    full = run(school, "print", form, "张小明", "--full", "-o", str(tmp_path / "full.html"))
    assert full.exit_code == 0
    assert "13987654321" in (tmp_path / "full.html").read_text(encoding="utf-8")
