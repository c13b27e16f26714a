"""Demo data: the deterministic sample history 2021–2023, written as filled Excel templates
and loaded through the real loader (``python -m admin demo``, ``python -m admin sample``).

It sits beside ``admin/`` at the top of the layers: it may use ``etl``, ``store`` and
``core``, and nothing below it imports it (the product never depends on demo data).
"""
