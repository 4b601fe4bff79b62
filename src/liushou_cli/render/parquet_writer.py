"""Rows as the bytes of a Parquet file (pyarrow, the optional extra "county"), for the
county's hand-off to an analyst's engine (DuckDB, Spark). Only bytes are made here; the CLI
hands them to store.atomic, which writes each file.

Every column has a fixed type (a column of nothing but empty values must still read as the
same type in every school's file, or an engine refuses to read the files as one table).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any


class NoParquet(Exception):
    """pyarrow is not installed (`pip install "liushou-cli[county]"`)."""


STRING, BOOL, DATE, INT, FLOAT = "string", "bool", "date", "int", "float"


def parquet_bytes(rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]]) -> bytes:
    """`rows` as one Parquet file of `columns` (name, type), in that order."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise NoParquet() from error
    types = {STRING: pa.string(), BOOL: pa.bool_(), DATE: pa.date32(), INT: pa.int64(),
             FLOAT: pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    table = pa.Table.from_pylist([{name: row.get(name) for name, _ in columns} for row in rows],
                                 schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def available() -> bool:
    """Can Parquet be written here?"""
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True
