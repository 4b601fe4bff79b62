"""The export for the education bureau (`liushou export`): one row per child, in the column order
of the national registration form (农村留守儿童基本情况登记表), with Chinese headers always.

Pure: children in, a header and rows of strings out. The columns, their headers and masks are
the table of fields' (core/fields.py). By default what an outside reader need not
see is masked (minors' data is sensitive under 个人信息保护法):

- 身份证号: only the 6 region digits are kept: 430524************. The region is what a
  bureau counts by; with the birth date in its own column, a kept check character would
  leave only a few dozen possible numbers.
- 患病情况: only whether there is an illness (有); what it is stays in the school.
- phone numbers: a mobile keeps its first 3 and last 4 digits (138****5678); a landline keeps
  its area code and the last 4 digits of the number (0739-***5678).
- addresses (户籍所在地, 现居住地, the guardian's 住址): cut after the township (镇, 乡, 街道,
  苏木), or after the smallest unit named above it when there is none; village, group, street
  and house number are dropped. An address in which no administrative unit can be recognised
  is hidden whole (***), rather than guessed at.

`full=True` gives everything as recorded; the CLI warns before writing such a file.

`liushou export` reads each child's row from the cache: `ExportFacts`, the child's cells
unmasked with its status and what orders it, derived as the folder loads (`EXPORT_FACTS`) and
kept with the child's file, so that an unchanged folder is exported without building a
single record. The facts hold each cell as recorded and, for the cells a mask applies to, the
masked text too (masked once, when the facts are derived), so the masked export and `--full`
come from the same facts; `export_table` takes records through them too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, assert_never, get_args

from liushou_cli.core import fields
from liushou_cli.core.choices import ACTIVE_STATUS, Status
from liushou_cli.core.classes import class_key, same_class
from liushou_cli.core.fields import Mask, in_export, value_of
from liushou_cli.store.cachecodec import register

if TYPE_CHECKING:
    from liushou_cli.core.model import Child

ALL_STATUSES = ("全部", "all")
STATUSES: tuple[str, ...] = get_args(Status)
SHEET_TITLE = "农村留守儿童基本情况登记表"
HIDDEN = "***"

Getter = Callable[["Child"], object]


@dataclass(frozen=True)
class Column:
    """A column of the form: its header, the field it reads (and how), its mask."""

    header: str
    path: str
    value: Getter
    mask: Mask = "plain"


def _getter(path: str) -> Getter:
    return lambda child: value_of(child, path)


def columns(with_status: bool) -> tuple[Column, ...]:
    """The export's columns, as the table of fields (core/fields.py) places them: the school's
    own first (学籍号, 班级: they let the bureau ask back about one child), then 状态 when
    children who left are included, then the form's."""
    return tuple(Column(export.header, field.path, _getter(field.path), export.mask)
                 for field, export in in_export() if with_status or field.path != "status")


def headers(with_status: bool = False) -> list[str]:
    return [column.header for column in columns(with_status)]


_ALL_COLUMNS = columns(with_status=True)
# The registration form's own columns: those after 状态.
FORM_COLUMNS: tuple[Column, ...] = _ALL_COLUMNS[
    [column.path for column in _ALL_COLUMNS].index("status") + 1:]


# ---- choosing and ordering the children -----------------------------------------------------
def status_ok(status: str) -> bool:
    """True for a --status the export understands: a record status, or 全部/all."""
    return status in ALL_STATUSES or status in STATUSES


def select(children: Iterable[Child], status: str = ACTIVE_STATUS,
           klass: str | None = None) -> list[Child]:
    """The children to export, in class order (七 before 八 before 九), then by student number."""
    chosen = [child for child in children
              if (status in ALL_STATUSES or child.status == status)
              and (klass is None or same_class(child.class_name, klass))]
    return sorted(chosen, key=_order)


_GRADES = "一二三四五六七八九"
_CLASS = re.compile(r"^([一二三四五六七八九])(\d+)$")


def _order(child: Child) -> tuple[int, int, str, str]:
    return (*_class_order(child.class_name), child.student_no or child.id)


def _class_order(klass: str) -> tuple[int, int, str]:
    match = _CLASS.match(class_key(klass))
    grade, number = (_GRADES.index(match[1]), int(match[2])) if match else (len(_GRADES), 0)
    return grade, number, klass


# ---- a child's row, kept in the cache -------------------------------------------------------
@register
class ExportFacts(NamedTuple):
    """One child's row of the form before any mask, and what chooses and orders it.

    Kept in the cache's index for every child, which every command reads whole: the cells
    are one text (SEPARATOR between them) and the masked ones a number (bit i: cell i), so
    that a child costs a few objects to read back instead of some forty."""

    status: str
    klass: str
    number: str  # the student number, else the id: the order within a class
    # Every column's text (状态 too), as recorded: joined by SEPARATOR, or a tuple when some
    # text holds that character (a YAML escape can put any character in a value).
    cells: str | tuple[str, ...]
    # The cells a mask applies to (their text is the value itself, not a yes/no, a date or
    # a list), as bits by position.
    maskable: int
    # What the masked export writes in each of those cells that its column masks, in their
    # order (joined as `cells` is): masked as the facts are derived, once a file, and kept,
    # so that an export of an unchanged folder masks nothing.
    masked: str | tuple[str, ...]

    def texts(self) -> list[str]:
        cells = self.cells
        return cells.split(SEPARATOR) if isinstance(cells, str) else list(cells)

    def masked_texts(self) -> list[str]:
        masked = self.masked
        return masked.split(SEPARATOR) if isinstance(masked, str) else list(masked)


SEPARATOR = "\x1f"  # the unit separator: no text a teacher types holds it


def export_facts(child: Child) -> ExportFacts:
    """The child's unmasked row of the form (every column, 状态 included)."""
    cells: list[str] = []
    maskable = 0
    for position, column in enumerate(_layout().columns):
        value = column.value(child)
        text = cell(value)
        if value is not None and not isinstance(value, bool | date | list | tuple):
            maskable |= 1 << position
        cells.append(text)
    masked = [_masked_once(cells[position], mask)
              for position, mask in _layout().masked if maskable >> position & 1]
    return ExportFacts(child.status, child.class_name, child.student_no or child.id,
                       _joined(cells), maskable, _joined(masked))


def _joined(texts: list[str]) -> str | tuple[str, ...]:
    return tuple(texts) if any(SEPARATOR in text for text in texts) else SEPARATOR.join(texts)


class ExportDerivation:
    """The derivation of a child's ExportFacts as the folder loads (store.read.load_dataset),
    kept with its file under `export:`: they depend on nothing but the file (no day, no
    staff), so the key names only their version (raised when what ExportFacts holds
    changes)."""

    key = "export:2"
    snapshot_key = key  # the folder's facts in one file too (store.snapshot)

    def __call__(self, child: Child, path: Path | None = None) -> ExportFacts:
        return export_facts(child)


EXPORT_FACTS = ExportDerivation()


def select_facts(facts: Iterable[ExportFacts], status: str = ACTIVE_STATUS,
                 klass: str | None = None) -> list[ExportFacts]:
    """The children's rows to export, chosen and ordered as `select` chooses and orders
    the records."""
    orders: dict[str, tuple[int, int, str]] = {}  # a school has a few dozen classes
    alike: dict[str, bool] = {}
    chosen = []
    for found in facts:
        if not (status in ALL_STATUSES or found.status == status):
            continue
        if klass is not None:
            same = alike.get(found.klass)
            if same is None:
                same = alike[found.klass] = same_class(found.klass, klass)
            if not same:
                continue
        chosen.append(found)

    def order(found: ExportFacts) -> tuple[int, int, str, str]:
        known = orders.get(found.klass)
        if known is None:
            known = orders[found.klass] = _class_order(found.klass)
        return (*known, found.number)

    return sorted(chosen, key=order)


# ---- the table ------------------------------------------------------------------------------
def export_table(children: Iterable[Child], *, full: bool = False,
                 with_status: bool = False) -> tuple[list[str], list[list[str]]]:
    """The header and one row of strings per child; masked unless `full`."""
    return export_rows((export_facts(child) for child in children), full=full,
                       with_status=with_status)


@dataclass(frozen=True)
class _Layout:
    """The form's columns as the table of fields places them, 状态 included: where 状态
    is, and the columns a masked export masks (position, mask)."""

    table: object  # the table of fields they were read from
    columns: tuple[Column, ...]
    status_at: int
    masked: tuple[tuple[int, Mask], ...]


_layouts: list[_Layout] = []


def _layout() -> _Layout:
    """The layout of the current table of fields (read once a table: a test's table with a
    row more gets its own)."""
    table = fields.CHILD_FIELDS
    if not _layouts or _layouts[0].table is not table:
        every = columns(with_status=True)
        _layouts[:] = [_Layout(table, every, [column.path for column in every].index("status"),
                               tuple((position, column.mask)
                                     for position, column in enumerate(every)
                                     if column.mask != "plain"))]
    return _layouts[0]


def export_rows(facts: Iterable[ExportFacts], *, full: bool = False,
                with_status: bool = False) -> tuple[list[str], list[list[str]]]:
    """The header and one row of strings per child's facts; masked unless `full`."""
    return headers(with_status), list(row_stream(facts, full=full, with_status=with_status))


def number_columns(with_status: bool) -> tuple[int, ...]:
    """The columns that can hold a number Excel changes: the student number, the ID numbers
    and the phones."""
    return tuple(at for at, column in enumerate(columns(with_status))
                 if column.mask in ("id", "phone") or column.path == "student_no")


class ExcelWatch:
    """Rows passed through as they are written, noting whether a cell of `watched` is one
    Excel changes for good when it opens the csv and the file is saved again (`mangled`):
    from 12 digits it keeps 4.30524E+17 (past 15 it keeps only the first 15: an ID number,
    a 19-digit student number), and it drops a leading 0 (a landline, a school's own student
    number). An ID number ending in X, a masked one, a phone with a dash stay text."""

    def __init__(self, rows: Iterable[list[str]], watched: Sequence[int]) -> None:
        self._rows = rows
        self._watched = watched
        self.mangled = False

    def __iter__(self) -> Iterator[list[str]]:
        for row in self._rows:
            if not self.mangled:
                self.mangled = any(_excel_changes(row[at]) for at in self._watched)
            yield row


def _excel_changes(cell: str) -> bool:
    return (cell.isascii() and cell.isdigit()
            and (len(cell) >= 12 or (len(cell) > 1 and cell[0] == "0")))


def row_stream(facts: Iterable[ExportFacts], *, full: bool,
               with_status: bool) -> Iterator[list[str]]:
    """One row of strings per child's facts, made as it is asked for (a csv file is
    written row by row: a county's rows held at once took 100 MB); masked unless `full`."""
    layout = _layout()
    # The cells each set of maskable cells puts a mask on (a school has a few such sets).
    masked_at: dict[int, list[int]] = {}
    for found in facts:
        row = found.texts()
        if not full:
            maskable = found.maskable
            positions = masked_at.get(maskable)
            if positions is None:
                positions = masked_at[maskable] = [position for position, _ in layout.masked
                                                   if maskable >> position & 1]
            if positions:
                texts = found.masked_texts()
                if len(texts) != len(positions):
                    # Facts made under another table of fields: masked again, never a raw value.
                    texts = [_masked_once(row[position], mask)
                             for position, mask in layout.masked if maskable >> position & 1]
                for position, text in zip(positions, texts, strict=True):
                    row[position] = text
        if not with_status:
            del row[layout.status_at]
        yield row


def cell(value: object, mask: Mask = "plain") -> str:
    """A value as the form writes it: 是/否, ISO dates, several choices joined with 、."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value)
    return masked_text(str(value), mask)


# A school's addresses repeat (a village's, its groups'): each text is masked once a process
# (at 20,000 children, 60,000 addresses were 5,600 texts, and cutting them took a second).
@lru_cache(maxsize=8192)
def _masked_once(text: str, mask: Mask) -> str:
    return masked_text(text, mask)


def masked_text(text: str, mask: Mask) -> str:
    """`text` as a mask shows it: the form's, a printed page's and the dashboard's one rule."""
    match mask:
        case "plain":
            return text
        case "id":
            return mask_id_number(text)
        case "phone":
            return mask_phone(text)
        case "address":
            return township(text)
        case "presence":
            return "有"
        case _:  # a mask misspelt in a column is an error, never the raw value
            assert_never(mask)


# ---- masking --------------------------------------------------------------------------------
def mask_id_number(value: str) -> str:
    """430524201103150011 -> 430524************: only the region (first 6) stays."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 6)


_LANDLINE = re.compile(r"^(0\d{2,3})(-?)(\d{7,8})((?:-\d{1,6})?)$")


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678; 0739-2345678 -> 0739-***5678 (area code kept, extension too).

    A landline without a dash is split by the rule of the numbering plan: 010 and 02x are
    3-digit area codes, every other one has 4 digits.
    """
    text = value.strip()
    # The mobile number first, without the pattern (most of a county's 46,000 phones):
    # `isdecimal` is what the pattern's \d matches.
    if len(text) == 11 and text[0] == "1" and text.isdecimal():
        return text[:3] + "****" + text[-4:]
    match = _LANDLINE.match(text)
    if match:
        area, dash, number, extension = match.groups()
        if not dash:
            size = 3 if text.startswith(("010", "02")) else 4
            area, number = text[:size], text[size:len(text) - len(extension)]
        return area + dash + "*" * (len(number) - 4) + number[-4:] + extension
    return "*" * max(len(text) - 4, 0) + text[-4:]


# Administrative units by level: province, prefecture, county, township. 市 can be any of the
# first three (直辖市, 地级市, 县级市); a level may be skipped but never repeated or reversed.
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("特别行政区", "自治区", "省", "市"),
    ("自治州", "地区", "盟", "市"),
    ("自治县", "自治旗", "林区", "特区", "县", "区", "旗", "市"),
    ("民族乡", "民族苏木", "街道", "苏木", "镇", "乡"),
)
_TOWNSHIP = len(_LEVELS) - 1
_LONGEST_UNIT = 12  # 克孜勒苏柯尔克孜自治州 has 11 characters
# Inside a unit's name these mean we have walked into a village, street or house number.
_NOT_A_UNIT = re.compile(r"[村组社路街巷弄号栋楼室\d]")


def township(address: str) -> str:
    """An address cut to township level: 湖南省邵阳市隆回县金石桥镇峰洞村9组 -> 湖南省邵阳市隆回县
    金石桥镇; 隆回县金石桥镇新街租房 -> 隆回县金石桥镇; 隆回县峰洞村9组 -> 隆回县.

    Units are read from the left while each is of a lower level than the one before; reading
    stops after a township or at the first text that is no unit. Nothing recognised: ***.
    """
    text = address.strip()
    position, level = 0, -1
    while level < _TOWNSHIP:
        found = _next_unit(text, position, level)
        if found is None:
            break
        position, level = found
    return text[:position] if position else (HIDDEN if text else "")


def _next_unit(text: str, start: int, above: int) -> tuple[int, int] | None:
    """The end and level of the shortest unit starting at `start` below level `above`."""
    for end in range(start + 2, min(len(text), start + _LONGEST_UNIT) + 1):
        found = _unit_of(text[start:end], above)
        if found is None:
            continue
        level, suffix = found
        # A township's character may end a city's name: 湘乡市. Never the same level again:
        # 桃洪镇镇南村 is 桃洪镇 (and so 古镇镇 is cut to 古镇, which shows less, not more).
        longer = _unit_of(text[start:end + 1], above) if end < len(text) else None
        if longer is not None and longer[0] < level:
            end, (level, suffix) = end + 1, longer
        if _NOT_A_UNIT.search(text[start:end - suffix]) or text[end:end + 1] == "村":
            return None  # 水乡村, 新市村: a village whose name holds a unit's character
        return end, level
    return None


def _unit_of(piece: str, above: int) -> tuple[int, int] | None:
    """The level (the highest below `above`) and suffix length of the unit that `piece` is."""
    for level in range(above + 1, len(_LEVELS)):
        units = _LEVELS[level]
        # Most pieces end in no unit: one test of them all first (a county's export asks
        # 53,000 times, and a unit at a time was 600,000 calls).
        if not piece.endswith(units):
            continue
        for unit in units:
            if piece.endswith(unit) and len(piece) > len(unit):
                return level, len(unit)
    return None
