"""The layers import one way: model knows nothing of ours, only cli imports typer, only cli
and render import rich, only store touches ruamel.yaml (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "liushou_cli"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules() -> dict[str, set[str]]:
    return {str(path.relative_to(PACKAGE)): imports_of(path) for path in PACKAGE.rglob("*.py")}


def test_model_imports_only_validators() -> None:
    ours = {name for name in imports_of(PACKAGE / "model.py") if name.startswith("liushou_cli")}
    assert ours <= {"liushou_cli.validators"}


def test_only_cli_imports_typer() -> None:
    for name, imported in modules().items():
        if any(module.split(".")[0] == "typer" for module in imported):
            assert name.startswith("cli/"), name


def test_only_cli_and_render_import_rich() -> None:
    for name, imported in modules().items():
        if any(module.split(".")[0] == "rich" for module in imported):
            assert name.startswith(("cli/", "render/")), name


def test_only_store_imports_ruamel() -> None:
    for name, imported in modules().items():
        if any(module.startswith("ruamel") for module in imported):
            assert name.startswith("store/"), name


def test_core_never_imports_cli() -> None:
    for name, imported in modules().items():
        if not name.startswith("cli/") and name != "__main__.py":
            assert not any(module.startswith("liushou_cli.cli") for module in imported), name


def test_reading_commands_load_neither_ruamel_nor_rich(school: Path) -> None:
    # Start-up is most of a small school's report: a command that only reads (and prints
    # csv, or the overdue table in plain text) must not import the round-trip YAML library
    # or rich.
    import subprocess
    import sys

    code = ("import runpy, sys\n"
            "try:\n    runpy.run_module('liushou_cli', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'ruamel', 'rich'}))\n")
    for args in (["report", "--as-of", "2022-11-20", "-f", "csv"], ["report", "--as-of",
                 "2022-11-20"], ["child", "list", "-f", "csv"]):
        done = subprocess.run([sys.executable, "-c", code, "--data", str(school), *args],
                              capture_output=True, text=True, check=True)
        assert done.stdout.splitlines()[-1] == "[]", (args, done.stdout[-300:], done.stderr)
