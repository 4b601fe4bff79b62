"""Entry point of the `liushou` command and of `python -m liushou_cli`."""

from __future__ import annotations

from liushou_cli.cli.app import app


def main() -> None:
    app(prog_name="liushou")


if __name__ == "__main__":
    main()
