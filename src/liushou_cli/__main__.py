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
    from liushou_cli.cli.app import app
    from liushou_cli.cli.console import prepare, unshown_hint

    prepare()  # a character the console's code page lacks is shown as "?" (Windows, GBK)
    try:
        app(prog_name="liushou")
    finally:
        hint = unshown_hint()
        if hint is not None:
            print(hint, file=sys.stderr)


if __name__ == "__main__":
    main()
