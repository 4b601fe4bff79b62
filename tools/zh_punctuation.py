"""Full-width punctuation in the Chinese half of the catalog's and the help's pairs.

A Chinese sentence takes ，。：；？！（）: a mark next to a Chinese character becomes
full-width, and so do brackets around Chinese or after it. A colon, comma or semicolon
between two placeholders is the sentence's too (截至 {as_of}：{teachers} 位教师,
{name}({id})，{date}), and so is one that opens a text continuing a sentence (；{who} 请在…).
Kept half-width, since they are not prose: a class as it is written (七(1)班), an id after a
name ({name}({id})), a location (file:line, {path}:{line}, {where}: {message}, the way every
problem is shown), a time ({hour}:{minute}), and a mark quoted as YAML syntax (“:”), which a
teacher must type half-width. English is never touched.

    python tools/zh_punctuation.py            # rewrite i18n/catalog.py and i18n/help.py
    python tools/zh_punctuation.py --check    # list what it would change; exit 1 if anything

tests/test_zh_punctuation.py holds the catalog to it, so a new message written with ASCII
marks fails there with its key; running this tool fixes it.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

_CJK = "\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…"
_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")
_FULL = {":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}
FILES = ("src/liushou_cli/i18n/catalog.py", "src/liushou_cli/i18n/help.py")


def _cjk(char: str) -> bool:
    return bool(char) and re.match(f"[{_CJK}]", char) is not None


# Placeholders whose pair with a mark between them is data, not a sentence: a location
# ({path}:{line}, and {where}, which is one already) and a time ({hour}:{minute}).
_DATA_BEFORE = frozenset({"where", "hour"})
_DATA_AFTER = frozenset({"line", "column", "col", "row", "minute", "second"})


def _between_placeholders(text: str, index: int) -> bool:
    """Is the mark at `index` between two placeholders (the first may carry its id,
    {name}({id})), and the pair not data such as a location or a time?"""
    before = re.search(r"\{(\w*)\}(?:\(\{\w*\}\))?$", text[:index])
    after = re.match(r" ?\{(\w*)\}", text[index + 1:])
    if before is None or after is None:
        return False
    return before.group(1) not in _DATA_BEFORE and after.group(1) not in _DATA_AFTER


def zh_punct(text: str) -> str:
    """`text` (Chinese) with its punctuation full-width where it is prose."""
    def bracket(match: re.Match[str]) -> str:
        inner = match.group(1)
        before = text[match.start() - 1] if match.start() else ""
        if re.fullmatch(r"\d+", inner):  # 七(1)班: a class as it is written
            return match.group(0)
        if _IDEOGRAPH.search(inner) or (_IDEOGRAPH.match(before) is not None):
            return f"（{inner}）"
        return match.group(0)

    text = re.sub(r"\(([^()\n]*)\)", bracket, text)
    out: list[str] = []
    quoted = False
    for index, char in enumerate(text):
        if char == "“":
            quoted = True
        elif char == "”":
            quoted = False
        if char in _FULL and not quoted:  # inside “…” a mark is literal syntax
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if (_cjk(before) or _cjk(after)
                    or (char == ":" and after == "{" and before != "}")
                    or (char in ",;" and before == "}" and after in ("", "{"))
                    or (char in ":,;" and _between_placeholders(text, index))
                    # the text's first character (its opening quote in the source, where
                    # the sweep reads it) is the mark: the text continues a sentence
                    or (char in ",;" and text[:index] in ("", '"', "'") and after == "{")):
                out.append(_FULL[char])
                continue
        out.append(char)
    return re.sub(r"([，；：？！]) (?=\S)", r"\1", "".join(out))


def _chinese_literals(source: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each pair's first element, the Chinese, in `source`."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(lineno: int, col: int) -> int:
        return starts[lineno - 1] + len(lines[lineno - 1].encode()[:col].decode())

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:
            first = node.elts[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and first.end_lineno is not None and first.end_col_offset is not None:
                start = offset(first.lineno, first.col_offset)
                found.append((start, offset(first.end_lineno, first.end_col_offset),
                              source[start:offset(first.end_lineno, first.end_col_offset)]))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    changed = 0
    for name in FILES:
        path = root / name
        source = path.read_text(encoding="utf-8")
        for start, end, literal in sorted(_chinese_literals(source), reverse=True):
            fixed = zh_punct(literal)
            if fixed != literal:
                changed += 1
                print(f"{name}: {literal.strip()[:70]} -> {fixed.strip()[:70]}")
                source = source[:start] + fixed + source[end:]
        if not args.check:
            path.write_text(source, encoding="utf-8")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
