"""Starting worker processes safely from any host program."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def plain_main() -> Iterator[None]:
    """Start "spawn" workers with a neutral ``__main__``.

    A spawned worker re-imports the parent's ``__main__``. Under a Streamlit script run
    (the app, AppTest) that is the page script, which must not run in a worker; an empty
    module makes the worker import only what the task itself needs.
    """
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved
