"""Jobs for the worker tests: what a runaway parser does, as module-level functions (the
worker sends a job by name)."""

from __future__ import annotations

import time


def spin_forever() -> None:
    """A parser stuck in a loop: CPU time only."""
    while True:
        pass


def sleep_forever() -> None:
    """A parser stuck waiting: no CPU time, only the wall clock stops it."""
    while True:
        time.sleep(1)


def allocate(megabytes: int) -> int:
    """A parser that keeps allocating (one block at a time, each touched)."""
    blocks = []
    for _ in range(megabytes):
        blocks.append(bytearray(1024 * 1024))
    return len(blocks)


def echo(value: object) -> object:
    return value


def with_later(value: object, later) -> tuple:
    """A job that needs its late argument (the catalogue of a validation)."""
    return value, later.get()


def without_later(later) -> str:
    """A job that ends before it needs its late argument (a file refused at once)."""
    return "early"


def sleep_holding_later(later) -> None:
    """A job stuck before it reads its late argument."""
    while True:
        time.sleep(1)
