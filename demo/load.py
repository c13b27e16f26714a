"""Loading the sample history through the real loader, as the units would have uploaded it."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from sqlalchemy import Engine

from actions.base import ActionError, Actor
from actions.review import approve, return_submission, version_warnings
from actions.submissions import ingest
from auth.permissions import ANALYST, EDITOR
from core.messages import t
from core.processes import plain_main
from demo.sample import build_sample_plan

REVIEWER = Actor("vanphong", EDITOR)  # the office approves (or returns) the submissions


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
    """Write the sample files to ``sample_dir`` and load each through the upload action.

    Files load in submission order with their planned ``submitted_at``, each sent by its
    unit's analyst (``ttkt.chuyenvien``); right after, the office approves it (months up to
    2023-11) or returns it (the version that had a typing error, before its correction
    arrives). ``progress(done, total)`` is called after each file. Returns how many files
    were loaded; raises SampleLoadError when a file is refused.
    """
    plan = _plan()
    sample_dir.mkdir(parents=True, exist_ok=True)
    for done, (sample, content) in enumerate(zip(plan, _contents(len(plan)), strict=True),
                                             start=1):
        (sample_dir / sample.file_name).write_bytes(content)
        sender = Actor(sample.user, ANALYST, sample.unit)
        try:
            outcome = ingest(engine, sender, content, sample.file_name, unit=sample.unit,
                             month=sample.month, submitted_at=sample.submitted_at,
                             source="sample").value
        except ActionError as refused:
            problems = "; ".join(getattr(p, "message", str(p)) for p in refused.problems)
            raise SampleLoadError(t("sample.invalid_file", file=sample.file_name,
                                    problems=problems or refused.message())) from None
        for loaded in outcome.loaded:
            if sample.approve:
                # The sample's office has read the version's warnings (its outliers are
                # deliberate) and acknowledges them, as the review page asks a reviewer to.
                with engine.connect() as conn:
                    seen = len(version_warnings(conn, loaded.submission_id))
                approve(engine, REVIEWER, loaded.submission_id, None, seen)
            elif sample.return_comment:
                return_submission(engine, REVIEWER, loaded.submission_id, sample.return_comment)
        if progress:
            progress(done, len(plan))
    return len(plan)
