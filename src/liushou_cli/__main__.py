"""Entry point of the `liushou` command and of `python -m liushou_cli`."""

from __future__ import annotations

import sys

_GLOBAL_OPTIONS = ("--lang", "--data")


def hoist_global_options(argv: list[str]) -> list[str]:
    """Move --lang/--data to the front, so `liushou child list --lang en` works like
    `liushou --lang en child list`."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            rest.extend(argv[index:])
            break
        if arg in _GLOBAL_OPTIONS and index + 1 < len(argv):
            front += [arg, argv[index + 1]]
            index += 2
            continue
        if any(arg.startswith(option + "=") for option in ("--lang", "--data")):
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front + rest


def main() -> None:
    from liushou_cli.cli.app import app

    app(args=hoist_global_options(sys.argv[1:]), prog_name="liushou")


if __name__ == "__main__":
    main()
