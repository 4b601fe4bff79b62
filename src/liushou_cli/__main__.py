"""Entry point of the `liushou` command and of `python -m liushou_cli`."""

from __future__ import annotations


def main() -> None:
    import sys

    from liushou_cli.cli.app import app_for

    app_for(sys.argv[1:])(prog_name="liushou")


if __name__ == "__main__":
    main()
