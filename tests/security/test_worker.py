"""The worker process: a runaway job ends alone, with its reason, within its limits."""

from __future__ import annotations

import threading
import time

import pytest
from worker_tasks import (
    allocate,
    echo,
    sleep_forever,
    sleep_holding_later,
    spin_forever,
    with_later,
    without_later,
)

from etl import worker
from etl.worker import Limits, WorkerFailure, run_limited


def test_a_job_answers_with_its_value_and_what_it_cost() -> None:
    done = run_limited(echo, {"a": [1, 2, 3]})
    assert done.value == {"a": [1, 2, 3]}
    assert 0 < done.peak_rss_mb < 400 and done.seconds < 30


def test_a_job_that_spins_is_stopped_by_its_cpu_limit() -> None:
    began = time.monotonic()
    with pytest.raises(WorkerFailure) as failure:
        run_limited(spin_forever, limits=Limits(cpu_seconds=1, wall_seconds=60))
    assert failure.value.reason == "timeout" and failure.value.code == "worker_timeout"
    assert time.monotonic() - began < 30  # the CPU limit, not the 60 s wall clock


def test_a_job_that_waits_is_stopped_by_the_wall_clock() -> None:
    began = time.monotonic()
    with pytest.raises(WorkerFailure) as failure:
        run_limited(sleep_forever, limits=Limits(wall_seconds=2))
    assert failure.value.reason == "timeout"
    assert 2 <= time.monotonic() - began < 20


@pytest.mark.parametrize("megabytes", [300, 2000])
def test_a_job_that_allocates_past_its_memory_limit_fails_as_memory(megabytes: int) -> None:
    with pytest.raises(WorkerFailure) as failure:
        run_limited(allocate, megabytes, limits=Limits(memory_mb=200))
    assert failure.value.reason == "memory" and failure.value.code == "worker_memory"


def test_a_job_within_its_memory_limit_answers() -> None:
    done = run_limited(allocate, 50, limits=Limits(memory_mb=200))
    assert done.value == 50 and done.peak_rss_mb > 50


def test_the_server_carries_on_while_a_job_runs_away() -> None:
    """Two jobs at once: the runaway one fails alone, the other answers."""
    failures: list[str] = []

    def runaway() -> None:
        try:
            run_limited(spin_forever, limits=Limits(cpu_seconds=2, wall_seconds=30))
        except WorkerFailure as exc:
            failures.append(exc.reason)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    assert run_limited(echo, "vẫn chạy").value == "vẫn chạy"
    thread.join(60)
    assert failures == ["timeout"]


def test_jobs_beyond_the_places_wait_then_are_told_busy(monkeypatch) -> None:
    monkeypatch.setattr(worker, "QUEUE_SECONDS", 0.2)
    monkeypatch.setattr(worker, "_SLOTS", threading.BoundedSemaphore(1))
    worker._SLOTS.acquire()
    try:
        with pytest.raises(WorkerFailure) as failure:
            run_limited(echo, 1)
        assert failure.value.reason == "busy" and failure.value.code == "worker_busy"
    finally:
        worker._SLOTS.release()
    assert run_limited(echo, 2).value == 2


@pytest.mark.parametrize("exitcode,reason", [
    (-24, "timeout"), (-9, "timeout"), (-6, "memory"), (-11, "memory"), (1, "crashed"),
    (None, "crashed")])
def test_a_dead_child_is_named_by_its_signal(exitcode, reason) -> None:
    assert worker._death_reason(exitcode) == reason


def test_failure_messages_name_the_file_and_the_limits() -> None:
    params = WorkerFailure("memory").params("bc.xlsx")
    assert params == {"file": "bc.xlsx", "seconds": "90", "cpu": "60", "megabytes": "1.024"}
    assert WorkerFailure("crashed").code == "worker_failed"


def test_warming_starts_the_server_once(monkeypatch) -> None:
    started: list[str] = []
    monkeypatch.setattr(worker, "_WARMED", threading.Event())
    monkeypatch.setattr(worker.threading, "Thread",
                        lambda target, name, daemon: type("T", (), {
                            "start": lambda self: started.append(name)})())
    worker.warm()
    worker.warm()
    assert started == ["etl-worker-warm"]


BIG = {"rows": ["chỉ tiêu " * 8] * 40_000}  # megabytes: far more than a pipe holds


def test_a_late_argument_reaches_the_job() -> None:
    done = run_limited(with_later, 7, later=lambda: BIG)
    assert done.value == (7, BIG)


def test_a_job_that_never_asks_for_its_late_argument_answers() -> None:
    assert run_limited(without_later, later=lambda: BIG).value == "early"


def test_a_failing_late_argument_ends_the_job_and_is_raised_here() -> None:
    def broken() -> object:
        raise LookupError("no catalogue")

    with pytest.raises(LookupError):
        run_limited(with_later, 1, later=broken)
    assert run_limited(echo, "sau đó").value == "sau đó"  # the place was given back


def test_a_job_that_never_reads_its_late_argument_still_meets_the_wall_clock() -> None:
    began = time.monotonic()
    with pytest.raises(WorkerFailure) as failure:
        run_limited(sleep_holding_later, limits=Limits(wall_seconds=2), later=lambda: BIG)
    assert failure.value.reason == "timeout"
    assert 2 <= time.monotonic() - began < 20
