"""`liushou export`: the bureau's registration form as xlsx/csv, masked by default."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from liushou_cli.core.model import Child
from liushou_cli.render.export_writer import csv_bytes, xlsx_bytes
from liushou_cli.reports.export import (
    FORM_COLUMNS,
    export_table,
    headers,
    mask_id_number,
    mask_phone,
    select,
    township,
)

from .conftest import CHILD_ID_NUMBER, run, snapshot, valid_id

EXPECTED_HEADER = [
    "学籍号", "班级",
    "姓名", "性别", "民族", "出生日期", "身份证号", "户籍所在地", "现居住地", "是否寄宿",
    "健康状况", "残疾类别", "残疾等级", "患病情况",
    "父亲姓名", "父亲出生日期", "父亲身份证号", "父亲务工省份", "父亲务工城市", "父亲联系电话",
    "母亲姓名", "母亲出生日期", "母亲身份证号", "母亲务工省份", "母亲务工城市", "母亲联系电话",
    "留守类型",
    "监护人姓名", "监护人联系电话", "监护人身份证号", "监护人与儿童关系", "监护人住址",
    "监护类型", "家庭经济来源", "救助帮扶",
]

GUARDIAN_ID = valid_id("43052419560101002")
FATHER_ID = valid_id("43052419850612003")

# A second child in another class: full addresses, a landline, a guardian's ID number.
SECOND_CHILD = f"""\
id: c0002
student_no: '0020080201'
name: 李小红
gender: 女
ethnicity: 瑶族
class: 八(2)班
hukou: 湖南省邵阳市隆回县金石桥镇峰洞村9组
residence: 隆回县金石桥镇峰洞村9组
boarding: false
health: 残疾
disability: {{category: 肢体, grade: 三级}}
left_behind_type: 父亲外出
father:
  name: 李强
  id_number: '{FATHER_ID}'
  phone: '13512345678'
  work_province: 广东
  work_city: 深圳
guardian:
  name: 陈秀兰
  relation: 外祖母
  phone: 0739-2345678
  id_number: '{GUARDIAN_ID}'
  address: 隆回县金石桥镇峰洞村9组
guardianship: 受委托监护人监护能力不足
economic_sources: [打工收入, 政府救助]
assistance: [低保, 医疗救助]
"""

ARCHIVED_CHILD = """\
id: c0003
name: 王小军
gender: 男
class: 七(1)班
left_behind_type: 母亲外出
status: 转出
status_date: 2022-10-01
status_reason: 随父母到广州读书
"""


@pytest.fixture
def school3(school: Path) -> Path:
    (school / "children" / "c0002.yaml").write_text(SECOND_CHILD, encoding="utf-8")
    (school / "children" / "c0003.yaml").write_text(ARCHIVED_CHILD, encoding="utf-8")
    return school


EXCEL_NOTE = ("注意：这个 CSV 里有长串数字或以 0 开头的号码（身份证号、学籍号、座机），直接用 Excel 打开"
              "会变成科学计数法、丢掉末几位或开头的 0，再保存就改不回来了；要在 Excel 里看，请导出为 .xlsx\n")
EXCEL_NOTE_EN = ("Note: this CSV holds long numbers or numbers starting with 0 (ID numbers, student "
                 "numbers, landlines): opened directly in Excel they turn into 4.3E+17, lose their "
                 "last digits or their leading 0, and saving keeps it so; to work in Excel, export "
                 "to .xlsx\n")


def export(school: Path, out: Path, *args: str, lang: str | None = None,
           errors: str = "") -> tuple[int, str, str]:
    """Run the export; the data folder must be unchanged whatever happens, and stderr must be
    exactly `errors` (nothing, unless the test expects a warning or an error), but for the
    note on opening a csv in Excel (school3's student numbers begin with 0), which
    test_a_csv_excel_would_change_says_so holds."""
    before = snapshot(school)
    prefix = ("--lang", lang) if lang else ()
    result = run(school, *prefix, "export", "--output", str(out), *args)
    assert snapshot(school) == before, "export must not change the data folder"
    stderr = result.stderr.replace(EXCEL_NOTE, "").replace(EXCEL_NOTE_EN, "")
    assert stderr == errors
    return result.exit_code, result.stdout, stderr


FULL_WARNING = ("警告：--full 导出完整的身份证号、电话和住址。此文件含未成年人的敏感个人信息（《个人信息保护法》），"
                "只能在学校内部使用，不得外传、不得上传到网盘或群聊；用完请删除。\n")


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet is not None
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.value is None or isinstance(cell.value, str), (cell.coordinate, cell.value)
        rows.append(["" if cell.value is None else cell.value for cell in row])
    return rows


# ---- the columns ------------------------------------------------------------------------------
def test_header_is_the_form_order() -> None:
    assert headers() == EXPECTED_HEADER
    assert headers(with_status=True) == [*EXPECTED_HEADER[:2], "状态", *EXPECTED_HEADER[2:]]
    assert len(FORM_COLUMNS) == len(EXPECTED_HEADER) - 2


def test_cli_header_and_rows(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "名单.csv"
    code, stdout, _ = export(school3, out)
    assert code == 0, stdout
    rows = read_csv(out)
    assert rows[0] == EXPECTED_HEADER
    # active children only, class order (七 before 八), the archived c0003 left out
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [
        ("2022070101", "七(1)班", "张小明"), ("0020080201", "八(2)班", "李小红")]
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["是否寄宿"] == "否" and second["民族"] == "瑶族"
    assert (second["健康状况"], second["残疾类别"], second["残疾等级"]) == ("残疾", "肢体", "三级")
    assert second["家庭经济来源"] == "打工收入、政府救助"
    assert second["救助帮扶"] == "低保、医疗救助"
    assert (second["父亲务工省份"], second["父亲务工城市"]) == ("广东", "深圳")
    assert second["监护类型"] == "受委托监护人监护能力不足"
    assert "已导出 2 名学生" in stdout


# ---- masking ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "masked"), [
    ("430524201103150011", "430524************"),
    ("43052420110315002X", "430524************"),
    ("1234567", "*******"),
])
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked
    if len(value) == 18:
        assert value[6:14] not in masked  # the birth date is gone


@pytest.mark.parametrize(("value", "masked"), [
    ("13812345678", "138****5678"),
    ("0739-2345678", "0739-***5678"),
    ("07392345678", "0739***5678"),
    ("010-12345678", "010-****5678"),
    ("02012345678", "020****5678"),
    ("0739-2345678-123", "0739-***5678-123"),
])
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(("address", "cut"), [
    ("湖南省邵阳市隆回县金石桥镇峰洞村9组", "湖南省邵阳市隆回县金石桥镇"),
    ("隆回县金石桥镇峰洞村9组", "隆回县金石桥镇"),
    ("隆回县金石桥镇新街租房", "隆回县金石桥镇"),
    ("隆回县麻塘山乡杨林村9组", "隆回县麻塘山乡"),
    ("桃洪镇石门村", "桃洪镇"),
    ("浙江省义乌市稠江街道工人北路12号", "浙江省义乌市稠江街道"),
    ("湖南省湘潭市湘乡市东山街道", "湖南省湘潭市湘乡市东山街道"),
    ("北京市朝阳区建国路88号", "北京市朝阳区"),
    ("邵阳市双清区滨江小区5栋", "邵阳市双清区"),
    ("广西壮族自治区南宁市青秀区", "广西壮族自治区南宁市青秀区"),
    ("隆回县峰洞村9组", "隆回县"),  # no township: stop at the county
    ("隆回县水乡村3组", "隆回县"),  # 乡 inside a village's name is no township
    ("隆回县桃洪镇镇南村", "隆回县桃洪镇"),
    ("峰洞村9组", "***"),  # nothing recognisable: hidden whole
    ("", ""),
])
def test_township(address: str, cut: str) -> None:
    assert township(address) == cut


def test_default_export_masks(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "名单.csv"
    code, _, stderr = export(school3, out)
    assert code == 0
    rows = read_csv(out)
    first, second = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    assert first["身份证号"] == CHILD_ID_NUMBER[:6] + "*" * 12
    assert first["父亲联系电话"] == "137****1111"
    assert first["监护人联系电话"] == "139****5678"
    assert first["现居住地"] == "桃洪镇"
    assert second["户籍所在地"] == "湖南省邵阳市隆回县金石桥镇"
    assert second["现居住地"] == second["监护人住址"] == "隆回县金石桥镇"
    assert second["监护人联系电话"] == "0739-***5678"
    assert second["监护人身份证号"] == GUARDIAN_ID[:6] + "*" * 12
    assert second["父亲身份证号"] == FATHER_ID[:6] + "*" * 12
    text = out.read_bytes().decode("utf-8-sig")
    for secret in (CHILD_ID_NUMBER, GUARDIAN_ID, FATHER_ID, "13700001111", "2345678", "峰洞村", "石门村"):
        assert secret not in text
    assert "个人信息保护法" not in stderr


def test_full_shows_everything_and_warns(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "名单.csv"
    code, _, stderr = export(school3, out, "--full", errors=FULL_WARNING)
    assert code == 0
    assert "个人信息保护法" in stderr and "--full" in stderr
    rows = read_csv(out)
    first, second = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    assert first["身份证号"] == CHILD_ID_NUMBER
    assert first["父亲联系电话"] == "13700001111"
    assert first["现居住地"] == "桃洪镇石门村"
    assert second["户籍所在地"] == "湖南省邵阳市隆回县金石桥镇峰洞村9组"
    assert second["监护人联系电话"] == "0739-2345678"
    assert second["监护人身份证号"] == GUARDIAN_ID


def test_full_core_equals_records(school3: Path) -> None:
    child = Child.model_validate({"id": "x1", "name": "甲", "gender": "男", "class": "七(1)班",
                                  "left_behind_type": "其他", "residence": "某县某镇某村"})
    header, rows = export_table([child], full=True)
    assert dict(zip(header, rows[0], strict=True))["现居住地"] == "某县某镇某村"
    header, rows = export_table([child])
    assert dict(zip(header, rows[0], strict=True))["现居住地"] == "某县某镇"


# ---- the files --------------------------------------------------------------------------------
def test_csv_has_bom_and_reads_back(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "名单.csv"
    assert export(school3, out)[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "学籍号" and len(rows) == 3
    assert all(len(row) == len(EXPECTED_HEADER) for row in rows)


def test_xlsx_matches_csv_and_is_all_text(school3: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert export(school3, tmp_path / "a.csv")[0] == 0
    assert export(school3, tmp_path / "a.xlsx")[0] == 0
    assert read_xlsx(tmp_path / "a.xlsx") == read_csv(tmp_path / "a.csv")
    sheet = load_workbook(tmp_path / "a.xlsx").active
    assert sheet is not None
    assert sheet["A3"].value == "0020080201"  # a leading zero survives
    assert sheet["A3"].data_type == "s" and sheet["A3"].number_format == "@"
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.title == "农村留守儿童基本情况登记表"
    assert all(sheet.column_dimensions[letter].width >= 6 for letter in "ABCDEFG")


def test_format_from_option_and_extension(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "list.dat"
    code, _, stderr = export(school3, out,
                             errors=f"无法从文件名 {out} 判断格式，请加 --format xlsx 或 --format csv\n")
    assert code == 2 and "--format" in stderr and not out.exists()
    assert export(school3, out, "--format", "csv")[0] == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    out2 = tmp_path / "list2.dat"
    assert export(school3, out2, "-f", "xlsx")[0] == 0
    assert out2.read_bytes().startswith(b"PK")  # an xlsx is a zip


def test_bad_format_is_a_usage_error(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "名单.pdf"
    code, _, _ = export(school3, out, "--format", "pdf", errors=(
        "错误：--format / -f 的值“pdf”无效，应为：xlsx、csv\n"
        "用法：liushou export [选项]\n运行 liushou export --help 查看帮助。\n"))
    assert code == 2 and not out.exists()


def test_existing_file_needs_force(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "名单.xlsx"
    out.write_bytes(b"keep me")
    code, _, stderr = export(school3, out, errors=f"{out} 已存在，未覆盖；确需覆盖请加 --force\n")
    assert code == 1 and "--force" in stderr
    assert out.read_bytes() == b"keep me"
    code, _, _ = export(school3, out, "--force")
    assert code == 0 and out.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "school") == ["名单.xlsx"]


def test_no_temp_file_left_and_private(school3: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert export(school3, out_dir / "名单.xlsx")[0] == 0
    assert [p.name for p in out_dir.iterdir()] == ["名单.xlsx"]
    assert (out_dir / "名单.xlsx").stat().st_mode & 0o077 == 0  # minors' data: owner only


def test_unwritable_target_is_one_line(school3: Path, tmp_path: Path) -> None:
    code, _, _ = export(school3, tmp_path / "missing" / "名单.csv", errors=(
        f"无法写入 {tmp_path / 'missing' / '名单.csv'}：文件夹不存在。什么都没有改动。\n"))
    assert code == 4


def test_status_and_class_filters(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    assert export(school3, out, "--status", "全部")[0] == 0
    rows = read_csv(out)
    assert rows[0][:4] == ["学籍号", "班级", "状态", "姓名"]
    assert [(row[1], row[2], row[3]) for row in rows[1:]] == [
        ("七(1)班", "在读", "张小明"), ("七(1)班", "转出", "王小军"), ("八(2)班", "在读", "李小红")]
    out = tmp_path / "left.csv"
    assert export(school3, out, "--status", "转出")[0] == 0
    assert [row[2] for row in read_csv(out)[1:]] == ["王小军"]
    out = tmp_path / "class.csv"
    assert export(school3, out, "--class", "8-2")[0] == 0
    assert [row[2] for row in read_csv(out)[1:]] == ["李小红"]


def test_bad_status_and_no_match(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    code, _, _ = export(school3, out, "--status", "休学",
                        errors="--status 的值“休学”无效，应为：在读、转出、毕业、不再留守、全部\n")
    assert code == 2 and not out.exists()
    code, _, _ = export(school3, out, "--class", "8-2", "--status", "毕业",
                        errors="没有符合条件的学生，未写文件\n")
    assert code == 1 and not out.exists()
    # A class nobody has is a usage error, not "no matching children" (test_class_option.py).
    code, _, _ = export(school3, out, "--class", "九(9)班",
                        errors="没有班级“九(9)班”；已有的班级：七(1)班、八(2)班\n")
    assert code == 2 and not out.exists()


def test_messages_follow_language_headers_stay_chinese(school3: Path, tmp_path: Path) -> None:
    out = tmp_path / "en.csv"
    code, stdout, _ = export(school3, out, "--full", lang="en", errors=(
        "Warning: --full exports full ID numbers, phones and addresses. This file holds minors' "
        "sensitive personal data (Personal Information Protection Law): keep it inside the school, "
        "do not send it on or upload it to a cloud drive or chat group, and delete it when done.\n"))
    assert code == 0
    assert "Exported 2 children" in stdout
    assert read_csv(out)[0] == EXPECTED_HEADER


def test_help_says_what_is_masked(school3: Path) -> None:
    result = run(school3, "export", "--help")
    assert result.exit_code == 0
    for word in ("身份证号", "电话", "乡镇", "--full"):
        assert word in result.output


# ---- the writers on their own ---------------------------------------------------------------
def test_cells_never_become_formulas(tmp_path: Path) -> None:
    header, rows = ["姓名", "电话"], [["=HYPERLINK(\"x\")", "0739-2345678"]]
    back = list(csv.reader(io.StringIO(csv_bytes(header, rows).decode("utf-8-sig"))))
    assert back[1] == ["'=HYPERLINK(\"x\")", "0739-2345678"]
    # Each character that starts a formula, only as the first; an empty cell stays empty.
    cells = ["=1", "+1", "-1", "@A", "\tx", "\rx", "", "1=1", "x+", " =1", "'=1"]
    back = list(csv.reader(io.StringIO(csv_bytes(["c"] * len(cells), [cells])
                                       .decode("utf-8-sig"), newline="")))
    assert back[1] == ["'=1", "'+1", "'-1", "'@A", "'\tx", "'\rx", "", "1=1", "x+", " =1", "'=1"]
    path = tmp_path / "f.xlsx"
    path.write_bytes(xlsx_bytes(header, rows, "表"))
    assert read_xlsx(path)[1] == rows[0]  # stored as text, not as a formula


def test_select_orders_classes_by_grade() -> None:
    def child(cid: str, klass: str) -> Child:
        return Child.model_validate({"id": cid, "name": "某", "gender": "女", "class": klass,
                                     "left_behind_type": "其他"})

    chosen = select([child("a", "九(1)班"), child("b", "七(10)班"), child("c", "八(1)班"),
                     child("d", "七(2)班")])
    assert [c.id for c in chosen] == ["d", "b", "c", "a"]


def test_illness_is_only_marked_by_default() -> None:
    from liushou_cli.reports.export import cell

    assert cell("先天性心脏病,定期复查", "presence") == "有"
    assert cell(None, "presence") == ""


def test_export_inside_the_data_folder_warns(school: Path) -> None:
    result = run(school, "export", "--output", str(school / "名单.csv"))
    assert result.exit_code == 0
    assert "导出文件放在了数据文件夹里" in result.stderr


@pytest.mark.parametrize(("name", "fmt", "refused"), [
    ("名单.csv", "xlsx", True), ("名单.XLSX", "csv", True),
    ("名单.csv", "csv", False), ("名单.txt", "csv", False), ("名单", "xlsx", False)])
def test_a_format_the_name_says_otherwise_of_is_refused(school: Path, tmp_path: Path, name: str,
                                                        fmt: str, refused: bool) -> None:
    # 名单.csv written as xlsx opened as garbage in any spreadsheet.
    out = tmp_path / name
    result = run(school, "export", "-o", str(out), "--format", fmt)
    if refused:
        assert (result.exit_code, result.stderr) == (
            2, f"文件名 {out} 与 --format {fmt} 不符：请改文件名，或去掉 --format\n")
        assert not out.exists()
    else:
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"PK" if fmt == "xlsx" else "\ufeff".encode())


def test_a_csv_excel_would_change_says_so(school3: Path, tmp_path: Path) -> None:
    # school3's student numbers begin with 0 (0020080201): Excel opening the csv drops it, and
    # the full ID numbers become 4.30524E+17 with their last digits gone.
    for name, args, noted in (("名单.csv", (), True), ("全.csv", ("--full",), True),
                              ("名单.xlsx", (), False), ("全.xlsx", ("--full",), False)):
        result = run(school3, "export", "--output", str(tmp_path / name), *args)
        assert result.exit_code == 0, result.output
        assert (EXCEL_NOTE in result.stderr) == noted, (name, result.stderr)
    english = run(school3, "--lang", "en", "export", "--output", str(tmp_path / "en.csv"))
    assert EXCEL_NOTE_EN in english.stderr


@pytest.mark.parametrize(("cell", "changed"), [
    ("430524201009018123", True), ("43052420100901812X", False), ("0020080201", True),
    ("07391234567", True), ("13912345678", False), ("2022070101", False),
    ("123456789012", True), ("12345678901", False), ("0", False), ("0739-2345678", False),
    ("430524************", False), ("００１２", False), ("00", True), ("", False)
])
def test_which_cells_excel_changes(cell: str, changed: bool) -> None:
    from liushou_cli.reports.export import ExcelWatch

    rows = ExcelWatch([["七(1)班", cell], ["0012", "七(2)班"]], (1,))
    assert list(rows) == [["七(1)班", cell], ["0012", "七(2)班"]] and rows.mangled == changed


def test_the_columns_watched_for_excel_are_the_numbers() -> None:
    from liushou_cli.reports.export import number_columns

    watched = [headers()[at] for at in number_columns(False)]
    assert watched == ["学籍号", "身份证号", "父亲身份证号", "父亲联系电话", "母亲身份证号",
                       "母亲联系电话", "监护人联系电话", "监护人身份证号"]
    assert [headers(True)[at] for at in number_columns(True)] == watched

