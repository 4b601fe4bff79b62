"""`liushou-merge-driver`: git's merge driver for a data folder's files, a thin shell around
store.merge.

Git runs it for a file both sides changed when .gitattributes names it (`children/*.yaml
merge=liushou`) and the repository's config defines it:

    git config merge.liushou.name "liushou: merge records by their meaning"
    git config merge.liushou.driver "liushou-merge-driver %O %A %B %L %P"

%O, %A and %B are temporary files holding the common ancestor's version, ours (the checked-out
side) and theirs; %L is the conflict marker size and %P the file's path in the repository.
The driver leaves the result in %A (written atomically) and exits 0 when the file is merged,
its real conflicts recorded in its `conflicts:` list; when it cannot merge by meaning (a side
is broken YAML, the path is not one of ours, the merged record would not load), it says why
on stderr, leaves git's ordinary line merge, conflict markers and all, in %A (`git merge-file`)
and exits 1, so git marks the file as conflicted.

Who changed each side and when comes from git, asked only when a conflict is recorded: ours
is HEAD's last commit that touched the file; theirs is the commit being merged (git names it
in a GITHEAD_<sha> variable) or the one a rebase is replaying. Unknown stays None.

Like __main__, this module is an entry point beside the layers: it reads the process's
environment and never imports cli/. It starts light, since git starts it once for every file
both sides changed: no typer, rich or pydantic (store/merge.py validates with the models
only a record both sides changed; tests/test_merge_driver.py holds this).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from liushou_cli.core.environment import Environment
from liushou_cli.core.text import Message
from liushou_cli.i18n import conflict_field, set_lang, t
from liushou_cli.store.atomic import atomic_write
from liushou_cli.store.layout import read_no_follow
from liushou_cli.store.merge import MergeContext, kind_of, merge_documents
from liushou_cli.store.oserrors import reason

_BOM = "\ufeff"
_GIT_SECONDS = 10


def main(argv: list[str] | None = None) -> int:
    """Run as git runs it: `BASE OURS THEIRS [MARKER_SIZE] PATH`; the exit status for git."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 5:
        base, ours, theirs, marker, path = args
    elif len(args) == 4:
        (base, ours, theirs, path), marker = args, None
    else:
        print(t("merge_usage"), file=sys.stderr)
        return 2
    environment = Environment.from_process()
    set_lang(environment.language)
    kind = kind_of(path)
    if kind is None:
        return _fall_back(path, t("merge_not_ours"), base, ours, theirs, marker)
    try:
        texts = [read_no_follow(Path(name)).decode("utf-8") for name in (base, ours, theirs)]
    except OSError as error:
        return _fall_back(path, reason(error), base, ours, theirs, marker)
    except UnicodeDecodeError:
        return _fall_back(path, t("not_utf8"), base, ours, theirs, marker)
    bom = texts[1].startswith(_BOM)
    context = MergeContext(environment.today, path, authors=lambda: _authors(path),
                           line_merge=lambda: _line_merge(base, ours, theirs))
    base_text, ours_text, theirs_text = (text.removeprefix(_BOM) for text in texts)
    result = merge_documents(base_text, ours_text, theirs_text, kind, context)
    if result.text is None:
        return _fall_back(path, result.failure or "", base, ours, theirs, marker)
    try:
        atomic_write(Path(ours), ((_BOM if bom else "") + result.text).encode("utf-8"))
    except OSError as error:  # a full disk: %A is as it was, and git must not take it as merged
        print(t("merge_fell_back", path=path, reason=reason(error, writing=True)), file=sys.stderr)
        return 1
    if result.conflicts:
        print(t("merge_recorded", path=path, count=len(result.conflicts),
                fields=tuple(conflict_field(item.field) for item in result.conflicts)),
              file=sys.stderr)
    return 0


def _fall_back(path: str, reason: str | Message, base: str, ours: str, theirs: str,
               marker: str | None) -> int:
    """Say why, and leave git's own line merge (with conflict markers) in `ours`."""
    print(t("merge_fell_back", path=path, reason=reason), file=sys.stderr)
    command = ["git", "merge-file", "-p", "-L", "HEAD", "-L", "base", "-L", _their_name()]
    if marker:
        command.append(f"--marker-size={marker}")
    done = _git([*command, ours, base, theirs])
    if done is not None and done.returncode >= 0:  # the number of conflicts; <0 is an error
        with contextlib.suppress(OSError):  # else %A stays ours, still marked conflicted
            atomic_write(Path(ours), done.stdout)
    return 1


def _line_merge(base: str, ours: str, theirs: str) -> str | None:
    """git's line merge of the three files, when it has no conflict; else None."""
    done = _git(["git", "merge-file", "-p", ours, base, theirs])
    if done is None or done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError:
        return None


def _git(command: list[str]) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(command, capture_output=True, timeout=_GIT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def _authors(path: str) -> tuple[str | None, date | None, str | None, date | None]:
    """Who made each side's last change to `path` and when (ours, then theirs)."""
    ours_by, ours_date = _last_change("HEAD", path)
    theirs = _their_commit()
    theirs_by, theirs_date = _last_change(theirs, path) if theirs else (None, None)
    return ours_by, ours_date, theirs_by, theirs_date


def _last_change(revision: str, path: str) -> tuple[str | None, date | None]:
    """The author and day of the last commit up to `revision` that changed `path`."""
    done = _git(["git", "log", "-1", "--format=%an%x00%as", revision, "--", path])
    if done is None or done.returncode != 0:
        return None, None
    name, _, day = done.stdout.decode("utf-8", "replace").strip().partition("\x00")
    try:
        return name or None, date.fromisoformat(day)
    except ValueError:
        return name or None, None


def _their_commit() -> str | None:
    """The commit being merged in: git merge and pull name it in GITHEAD_<sha>; a rebase
    lists the commit it is replaying last in rebase-merge/done."""
    heads = [name.removeprefix("GITHEAD_") for name in os.environ if name.startswith("GITHEAD_")]
    if len(heads) == 1:
        return heads[0]
    done = _git(["git", "rev-parse", "--git-path", "rebase-merge/done"])
    if done is None or done.returncode != 0:
        return None
    try:
        lines = Path(done.stdout.decode().strip()).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    picked = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    return picked[-1][1] if picked and len(picked[-1]) > 1 else None


def _their_name() -> str:
    heads = [value for name, value in os.environ.items() if name.startswith("GITHEAD_")]
    return heads[0] if len(heads) == 1 else "theirs"


if __name__ == "__main__":
    sys.exit(main())
