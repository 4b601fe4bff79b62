#!/usr/bin/env python3
"""Executed docs: write anew every part of the docs that shows what `liushou` prints, or, with
--check, say which are out of date (tests/test_docs.py runs that, so docs cannot drift from
the tool).

    python tools/docs.py           # write docs/reference.*.md, docs/samples.*.md, and the
                                   # outputs of the marked blocks of README.md and the guides
    python tools/docs.py --check   # exit 1, naming each file that would change

What it writes and how a block is marked: tools/executed_docs/pages.py. One process per
language does the work (the language of --help is fixed when the package is imported), each
started with LIUSHOU_LANG set and its answer sent back as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script, Python puts tools/ on the path, not the repository that holds it.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REPOSITORY = Path(__file__).resolve().parent.parent

# The documents with marked blocks, and the language of the process they run in (a block
# showing `--help` shows it in that language; the report pages show the English help, their
# Chinese examples say --lang nowhere and print Chinese in either process).
MARKED = {"README.md": "zh", "docs/guide.zh.md": "zh", "docs/guide.en.md": "en",
          **{f"docs/reports/{page.name}": "en"
             for page in sorted((REPOSITORY / "docs" / "reports").glob("*.md"))}}


def documents(language: str) -> dict[str, str]:
    """Every document this language's process writes: its path and its new text."""
    from tools.executed_docs.pages import reference, run_marked, samples

    found = {f"docs/reference.{language}.md": reference(language),
             f"docs/samples.{language}.md": samples(language)}
    for path, its_language in MARKED.items():
        if its_language == language:
            try:
                found[path] = run_marked((REPOSITORY / path).read_text(encoding="utf-8"))
            except ValueError as error:
                raise SystemExit(f"{path}: {error}") from None
    return found


def all_documents() -> dict[str, str]:
    """Both languages' documents, each language made in a process of its own."""
    found: dict[str, str] = {}
    for language in ("zh", "en"):
        environ = {**os.environ, "LIUSHOU_LANG": language, "COLUMNS": "80",
                   "PYTHONIOENCODING": "utf-8"}
        environ.pop("LIUSHOU_DATA", None)
        # The docs show the tool as it runs here, not through the Windows paths that CI's
        # second suite switches on (there `init` adds a line saying where the folder is).
        environ.pop("LIUSHOU_TEST_PORTABLE", None)
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker",
                               language], capture_output=True, env=environ, check=False,
                              cwd=REPOSITORY)
        if done.returncode != 0:
            raise SystemExit(done.stderr.decode("utf-8", "replace"))
        found.update(json.loads(done.stdout))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the executed parts of the docs anew.")
    parser.add_argument("--check", action="store_true", help="only say what is out of date")
    parser.add_argument("--worker", choices=("zh", "en"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        sys.stdout.write(json.dumps(documents(args.worker), ensure_ascii=False))
        return 0
    stale = []
    for path, text in sorted(all_documents().items()):
        target = REPOSITORY / path
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            target.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path}: {'out of date' if args.check else 'written'}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
