"""The catalogue as it is sent to a worker process: each list of records as plain tuples.

Pickling 50.000 ``Indicator`` objects writes and reads a dictionary per object; their
field values as tuples pickle several times faster (``bench/etl_bench.py``), and the
worker builds the same objects again. ``unpack(pack(c)) == c`` field by field.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from itertools import starmap
from operator import attrgetter
from typing import Any

from core.catalog import Catalog

Packed = dict[str, Any]


def pack(catalog: Catalog) -> Packed:
    """Every field of ``catalog``; a list of records as (their class, their field tuples).
    Nothing cached on the object (the matcher, its indexes) is sent."""
    packed: Packed = {}
    for f in fields(Catalog):
        items = getattr(catalog, f.name)
        kinds = {type(item) for item in items}
        if len(kinds) == 1 and is_dataclass(first := next(iter(kinds))):
            names = [x.name for x in fields(first)]
            row = attrgetter(*names)
            rows = list(map(row, items)) if len(names) > 1 else [(row(i),) for i in items]
            packed[f.name] = (first, rows)
        else:
            packed[f.name] = (None, list(items))
    return packed


def indicator_names(packed: Packed) -> dict[str, str]:
    """Each indicator's code and name (``Indicator``'s first two fields), without making
    the records."""
    kind, rows = packed["indicators"]
    if kind is None:  # no indicator (records of several classes are never packed)
        return {i.code: i.name for i in rows}
    return {row[0]: row[1] for row in rows}


def unpack(packed: Packed) -> Catalog:
    """The catalogue ``pack`` was given."""
    values: dict[str, list] = {}
    for name, (kind, rows) in packed.items():
        values[name] = rows if kind is None else list(starmap(kind, rows))
    return Catalog(**values)
