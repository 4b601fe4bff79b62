"""The command line: Typer apps, one module per noun. Each command parses its options, calls
the core, renders the result and sets the exit status. Nothing else lives here.

A command's module is imported only when the line names it (commands.py, group.py), so the
modules import the core at their top; `liushou --help` imports none of them. An import kept
inside a function says why: it saves start-up on a path of the same module that does not
need it (the writers for the list commands, --stats for the daily report).
"""
