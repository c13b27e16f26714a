"""Fixtures for the narrative importer tests: the catalogue and the reference report."""

from __future__ import annotations

import pytest
from narrative_samples import REFERENCE

from core.catalog import Catalog, load_catalog
from etl.narrative import ParsedReport, parse_report


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def reference_report(catalog: Catalog) -> ParsedReport:
    return parse_report(REFERENCE, REFERENCE.name, catalog=catalog)
