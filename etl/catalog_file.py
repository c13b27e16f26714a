"""The admin's catalogue YAML upload, bounded before PyYAML builds it.

The size limit is the one every upload goes through (``etl.safety.size_problem``, setting
``upload_max_mb``). Then the YAML's events are counted before any object is built: at most
``MAX_YAML_NODES`` nodes and ``MAX_YAML_DEPTH`` levels, and no anchors or aliases (our
catalogue never uses them; an alias lets a few lines stand for millions of nodes).
"""

from __future__ import annotations

import yaml

from core.catalog import Catalog, CatalogError, parse_catalog
from core.formatting import fmt_number
from core.messages import t
from etl.safety import size_problem

MAX_YAML_NODES = 200_000  # scalars, lists and mappings together
MAX_YAML_DEPTH = 64
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_catalog_upload(content: bytes, file_name: str, limit: int) -> Catalog:
    """The uploaded catalogue, parsed and validated; CatalogError (Vietnamese) otherwise."""
    too_large = size_problem(len(content), file_name, limit)
    if too_large is not None:
        raise CatalogError(t("etl.yaml_too_large", **too_large.params))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogError(t("etl.yaml_not_utf8", file=file_name)) from None
    _check_events(text, file_name)
    return parse_catalog(text)


def _check_events(text: str, file_name: str) -> None:
    nodes = depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise CatalogError(t("etl.yaml_alias", file=file_name))
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if nodes > MAX_YAML_NODES or depth > MAX_YAML_DEPTH:
                raise CatalogError(t("etl.yaml_too_complex", file=file_name,
                                     nodes=fmt_number(MAX_YAML_NODES), depth=MAX_YAML_DEPTH))
    except yaml.YAMLError:
        return  # parse_catalog names the line of the syntax error
