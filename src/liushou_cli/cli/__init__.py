"""The command line: Typer apps, one module per noun. Each command parses its options, calls
the core, renders the result and sets the exit status. Nothing else lives here.

Core modules are imported inside the commands, so `liushou --help` pays only for typer.
"""
