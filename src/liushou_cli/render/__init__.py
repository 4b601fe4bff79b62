"""Rows -> the user's screen or a script: rich tables, json, csv. The only users of rich
besides the CLI. Nothing here reads files or decides anything about the records.
"""
