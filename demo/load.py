"""Loading the sample history through the real loader, as the units would have uploaded it."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from sqlalchemy import Engine

from core.messages import t
from core.processes import plain_main
from demo.sample import build_sample_plan
from etl.load import ingest
from store.engine import write_transaction
from store.submissions import set_status

REVIEWER = "vanphong"  # the office approves (or returns) the units' submissions


@cache
def _plan() -> list:
    return build_sample_plan()


def _content(index: int) -> bytes:
    return _plan()[index].build_content()


def _contents(count: int) -> Iterator[bytes]:
    """The files' bytes in plan order, written by a second process while this one loads.

    Writing .xlsx with openpyxl costs about as much as loading it: on two cores the
    two halves overlap and the demo is ready in about half the time.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        with plain_main():  # the worker starts here, on the first submit
            results = pool.map(_content, range(count), chunksize=8)
        yield from results


class SampleLoadError(RuntimeError):
    """A sample file did not pass validation: the generator and the loader disagree."""


def load_sample(engine: Engine, sample_dir: Path,
                progress: Callable[[int, int], None] | None = None) -> int:
    """Write the sample files to ``sample_dir`` and load each through ``etl.load.ingest``.

    Files load in submission order with their planned ``submitted_at`` and a per-unit user
    (``ttkt.chuyenvien``); then the office approves months up to 2023-11 and returns the
    version that had a typing error. ``progress(done, total)`` is called after each file.
    Returns how many files were loaded; raises SampleLoadError when a file is refused.
    """
    plan = _plan()
    sample_dir.mkdir(parents=True, exist_ok=True)
    reviews: list[tuple[int, str, str | None]] = []
    for done, (sample, content) in enumerate(zip(plan, _contents(len(plan)), strict=True),
                                             start=1):
        (sample_dir / sample.file_name).write_bytes(content)
        outcome = ingest(engine, content, sample.file_name, user=sample.user, unit=sample.unit,
                         month=sample.month, submitted_at=sample.submitted_at, source="sample")
        if not outcome.ok or not outcome.loaded:
            problems = "; ".join(p.message for p in outcome.validation.problems)
            raise SampleLoadError(t("sample.invalid_file", file=sample.file_name,
                                    problems=problems))
        for loaded in outcome.loaded:
            if sample.approve:
                reviews.append((loaded.submission_id, "approved", None))
            elif sample.return_comment:
                reviews.append((loaded.submission_id, "returned", sample.return_comment))
        if progress:
            progress(done, len(plan))
    with write_transaction(engine) as conn:
        for submission_id, status, comment in reviews:
            set_status(conn, submission_id, status, REVIEWER, comment)
    return len(plan)
