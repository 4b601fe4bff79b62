"""Entry point of the `liushou` command and of `python -m liushou_cli`."""

from __future__ import annotations


def main() -> None:
    import sys

    if sys.argv[1:] == ["--version"]:
        # Only the version asked for: said before typer and the root command are imported,
        # in the words of the root command's own --version (cli/app.py).
        from liushou_cli import __version__

        print(f"liushou {__version__}")
        return
    import os

    from liushou_cli.cli import startup

    startup.begin()  # the collector off until the command begins (cli/startup.py)
    startup.end_quickly()  # and the process ended without freeing every object
    from liushou_cli.cli.console import prepare, unshown_hint

    prepare()  # a character the console's code page lacks is shown as "?" (Windows, GBK)
    page = kept = None
    if sys.argv[-1] == "--help":
        # A line asking for help is answered from its kept page, if there is one, before
        # typer is imported (cli/helpcache.py).
        from liushou_cli.cli.helpcache import HelpPage

        page = HelpPage.of_line(sys.argv[1:], os.environ)
        kept = page.kept() if page is not None else None
    try:
        if kept is not None:
            sys.stdout.write(kept)
        elif page is not None:
            page.print_and_keep(_run_root)
        else:
            # A reading command's children folder, if large, is listed on the other core
            # while typer and the command import (store/prefetch.py).
            from liushou_cli.store.prefetch import begin_for_line

            begin_for_line(sys.argv[1:], os.environ)
            # A line typer parsed before is run from its kept parse, without typer; any
            # other is parsed by typer, and its parse kept (cli/keptline.py).
            from liushou_cli.cli.keptline import KeptLine, expecting, run_kept_line

            line = KeptLine.of_line(sys.argv[1:], os.environ)
            status = None if line is None else run_kept_line(line)
            if status is not None:
                raise SystemExit(status)
            with expecting(line):
                _run_root()
    except SystemExit as done:
        startup.ended(done.code)
        raise
    else:
        startup.ended(None)
    finally:
        hint = unshown_hint()
        if hint is not None:
            print(hint, file=sys.stderr)


def _run_root() -> None:
    from liushou_cli.cli.app import app

    app(prog_name="liushou")


if __name__ == "__main__":
    main()
