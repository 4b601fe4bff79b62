"""The packages import one way (docs/architecture.md): each layer only from the layers below
it, no two modules import each other (counting imports inside functions and under
TYPE_CHECKING), only cli imports typer, only cli and render import rich, only store touches
ruamel.yaml or opens the data folder's files."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "liushou_cli"

# Bottom to top. A module may import its own package and the packages before it.
LAYERS = ("core", "i18n", "store", "lookup", "duties", "reports", "views", "ops", "render", "forms",
          "site",
          "cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(path: Path) -> set[str]:
    """Every module named by an import anywhere in the file (top, function or TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            # `from liushou_cli.store import cache` imports the module liushou_cli.store.cache.
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if f"{node.module}.{alias.name}" in MODULES)
    return found


def ours(path: Path) -> set[str]:
    return {name for name in imports_of(path) if name in MODULES and name != "liushou_cli"}


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def relative(module: str) -> str:
    return module.removeprefix("liushou_cli.")


def test_every_module_lives_in_a_layer() -> None:
    outside = sorted(relative(module) for module in MODULES if layer_of(module) is None)
    # The two entry points (`liushou`, `liushou-merge-driver`) and the package's face.
    assert outside == ["__main__", "liushou_cli", "mergedriver"]


def test_the_merge_driver_stands_on_the_store_alone() -> None:
    # git runs it once per file it merges: it must not pay for the command line's libraries,
    # and it may use only the layers up to the store, where the merge lives.
    path = MODULES["liushou_cli.mergedriver"]
    assert not any(name.split(".")[0] in ("typer", "rich") for name in imports_of(path))
    assert {layer_of(name) for name in ours(path)} <= {0, 1, 2}


def test_layers_import_only_downwards() -> None:
    upward = []
    for module, path in MODULES.items():
        mine = layer_of(module)
        for imported in ours(path):
            theirs = layer_of(imported)
            if mine is not None and theirs is not None and theirs > mine:
                upward.append(f"{relative(module)} -> {relative(imported)}")
    assert upward == []


def test_no_modules_import_each_other() -> None:
    graph = {module: ours(path) for module, path in MODULES.items()}
    cycles = []
    # Depth-first search; a grey module met again closes a cycle.
    colour: dict[str, str] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        colour[module] = "grey"
        stack.append(module)
        for imported in sorted(graph[module]):
            if colour.get(imported) == "grey":
                cycles.append(" -> ".join(map(relative, [*stack[stack.index(imported):], imported])))
            elif imported not in colour:
                visit(imported)
        stack.pop()
        colour[module] = "black"

    for module in sorted(graph):
        if module not in colour:
            visit(module)
    assert cycles == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    # The rule above must be able to fail: a module importing itself through a function is seen.
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from liushou_cli.duties.rules import on_record\n"
                      "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from liushou_cli.store import read\n", encoding="utf-8")
    assert {"liushou_cli.duties.rules", "liushou_cli.store.read"} <= imports_of(sample)


def test_core_imports_only_core() -> None:
    for module, path in MODULES.items():
        if module.startswith("liushou_cli.core"):
            assert all(name.startswith("liushou_cli.core") for name in ours(path)), module


def test_only_cli_imports_typer() -> None:
    for module, path in MODULES.items():
        if any(name.split(".")[0] == "typer" for name in imports_of(path)):
            assert module.startswith("liushou_cli.cli"), module


def test_only_cli_and_render_import_rich() -> None:
    for module, path in MODULES.items():
        if any(name.split(".")[0] == "rich" for name in imports_of(path)):
            assert module.startswith(("liushou_cli.cli", "liushou_cli.render")), module


def test_only_store_imports_ruamel() -> None:
    for module, path in MODULES.items():
        if any(name.startswith("ruamel") for name in imports_of(path)):
            assert module.startswith("liushou_cli.store"), module


def test_only_store_opens_the_data_folders_files() -> None:
    # Reading, listing or statting a file is the store's job; the layers above ask it.
    opening = ("read_text", "read_bytes", "iterdir", "listdir", "scandir", "rglob", "glob",
               "open", "stat", "write_text", "write_bytes")
    found = []
    for module, path in MODULES.items():
        if layer_of(module) in (None, LAYERS.index("store"), LAYERS.index("cli")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = node.func
                name = (called.attr if isinstance(called, ast.Attribute)
                        else called.id if isinstance(called, ast.Name) else "")
                if name in opening and (module, name) not in NOT_THE_DATA_FOLDER:
                    found.append(f"{relative(module)}:{node.lineno} {name}")
    assert found == []


# Calls of those names that reach no data folder: core.workers counts this process's threads
# under /proc (a library's native threads make forking unsafe).
NOT_THE_DATA_FOLDER = {("liushou_cli.core.workers", "listdir")}


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


def test_only_forms_and_site_import_jinja() -> None:
    # The printed pages and the dashboard render HTML; no other layer does.
    for module, path in MODULES.items():
        if any(name.split(".")[0] == "jinja2" for name in imports_of(path)):
            assert module.startswith(("liushou_cli.forms", "liushou_cli.site")), module
