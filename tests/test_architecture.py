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
