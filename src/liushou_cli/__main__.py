"""Entry point of the `liushou` command and of `python -m liushou_cli`."""

from __future__ import annotations


def main() -> None:
    from liushou_cli.cli.app import app

    app(prog_name="liushou")


if __name__ == "__main__":
    main()
