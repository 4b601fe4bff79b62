"""The least a command parsed by typer costs: an app of one command with one option, given on
the line, that prints it (benchmarks/run.py times it beside `python -c "import typer"`).

    python benchmarks/typer_floor.py --format csv

typer validates every option's value through a pydantic TypeAdapter (its `_adapters`
module), so even this app imports pydantic: what it costs over `import typer` is a floor of
every liushou command but `--help` and a bare `--version`.
"""

from __future__ import annotations

import sys

import typer

app = typer.Typer(add_completion=False)


@app.command()
def main(fmt: str = typer.Option("table", "--format")) -> None:
    print(fmt, "pydantic" in sys.modules)


if __name__ == "__main__":
    app()
