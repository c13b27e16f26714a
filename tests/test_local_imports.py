"""Issue #16: imports sit at the top of a module; one inside a function says why, in a
comment on its line or just above its block (start-up time, an optional dependency, a
migration's frozen code), or is an optional import guarded by ``except ImportError``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("actions", "admin", "analytics", "auth", "cli", "core", "demo", "etl", "pages",
            "report", "store", "ui", "web", "bench")


def unexplained_imports(source: str) -> list[int]:
    """Lines of imports inside a function with no reason given (see the module's text)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in {"ImportError",
                                                               "ModuleNotFoundError"}
                for h in node.handlers):
            guarded |= {n.lineno for stmt in node.body for n in ast.walk(stmt)}
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom) or node.lineno in guarded:
                continue
            number = node.lineno - 1
            while number > 0 and lines[number - 1].lstrip().startswith(("import ", "from ")):
                number -= 1  # the first import of its block
            said = "#" in lines[node.lineno - 1] or (
                number > 0 and lines[number - 1].lstrip().startswith("#"))
            if not said:
                found.append(node.lineno)
    return found


def test_every_import_inside_a_function_says_why():
    files = [ROOT / "app.py", *(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))]
    found = {str(f.relative_to(ROOT)): lines for f in files
             if (lines := unexplained_imports(f.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_guard_sees_an_unexplained_import():
    code = '''
import os


def a():
    import json
    return json


def b():
    # pandas takes a second to import: only when exporting
    import pandas
    from io import BytesIO
    return pandas, BytesIO


def c():
    from decimal import Decimal  # the one place money is exact
    try:
        import uvicorn
    except ImportError:
        uvicorn = None
    return Decimal, uvicorn


async def d():
    x = 1

    from typing import Any
    return x, Any
'''
    assert unexplained_imports(code) == [6, 29]
