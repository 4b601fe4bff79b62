"""The example school is the generator's output: regenerated with the command its README
gives, every file is the committed one, byte for byte. A change to the generator (or to the
store's writer it uses) that changes a byte fails here, until data-example/ is regenerated
and committed with it."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from liushou_cli.store.layout import LOCK_NAME

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data-example"
SCRIPT = "tools/generate_school.py"


def documented_arguments() -> list[str]:
    """The arguments after the script in the one command data-example/README.md gives."""
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    commands = {line.strip() for line in readme.splitlines()
                if line.strip().startswith(f"python {SCRIPT} ")}
    assert len(commands) == 1, commands
    words = shlex.split(commands.pop())
    assert words[:3] == ["python", SCRIPT, EXAMPLE.name]
    return words[3:]


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path, but liushou's own local files (the
    lock, a killed write's temp file), which the folder's .gitignore keeps out of git."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != LOCK_NAME
            and not (path.name.startswith(".") and path.name.endswith(".tmp"))}


def test_documented_command_reproduces_data_example(tmp_path: Path) -> None:
    arguments = documented_arguments()
    assert arguments == ["--children", "213", "--seed", "2022", "--force"]
    target = tmp_path / EXAMPLE.name          # the README names the folder it was written to
    result = subprocess.run([sys.executable, str(ROOT / SCRIPT), str(target), *arguments],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    generated, committed = files_of(target), files_of(EXAMPLE)
    assert sorted(generated) == sorted(committed)
    assert len(committed) > 200          # the children, censuses, activities, staff, config
    differing = [name for name in committed if generated[name] != committed[name]]
    assert differing == []
