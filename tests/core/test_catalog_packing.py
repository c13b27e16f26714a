"""The catalogue as sent to a worker (``core.catalog_packing``): records become their field
tuples and come back equal, whatever the number of fields of their class."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from core.catalog import Abbreviation, Catalog
from core.catalog_packing import indicator_names, pack, unpack


@dataclass(frozen=True)
class _OneField:
    text: str


def test_records_of_one_field_are_sent_as_one_tuple_each() -> None:
    catalog = Catalog([], [], [], abbreviations=[_OneField("PTĐ"), _OneField("KH&CN")])
    packed = pack(catalog)
    assert packed["abbreviations"] == (_OneField, [("PTĐ",), ("KH&CN",)])
    assert unpack(pickle.loads(pickle.dumps(packed))) == catalog


def test_records_of_several_fields_and_plain_values() -> None:
    catalog = Catalog([], [], [], abbreviations=[Abbreviation("TĐC", "tiêu chuẩn đo lường")],
                      measure_synonyms=[("cái", "chiếc"), ("kg",)])
    packed = pack(catalog)
    assert packed["abbreviations"] == (Abbreviation, [("TĐC", "tiêu chuẩn đo lường")])
    assert packed["measure_synonyms"] == (None, [("cái", "chiếc"), ("kg",)])
    assert packed["indicators"] == (None, [])
    assert unpack(packed) == catalog
    assert indicator_names(packed) == {}
