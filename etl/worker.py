"""Run one file's reading and validation in a worker process with hard limits.

A hostile file must fail alone: the reader runs in a child process whose CPU time
(``RLIMIT_CPU``), address space (``RLIMIT_AS``) and wall-clock time are bounded, so a
runaway parse ends that child with a Vietnamese message while the server and every other
session carry on. ``etl.containers`` refuses the known bombs before the reader starts; these
limits stop whatever it does not foresee.

Children are forked from a ``forkserver`` that has imported the readers once
(``PRELOAD``): a job costs a fork, not a fresh interpreter, and every job starts from the
same clean process, so its limits are its own. The server process is started with a
neutral ``__main__`` (``core.processes.plain_main``): under Streamlit the main module is the
page script, which must never run in a worker. At most ``MAX_JOBS`` children run at once
(each may take ``JOB_MEMORY_MB``); a job waits for a place at most ``QUEUE_SECONDS``.

A job may take one argument late (``run_limited(..., later=f)``): the child starts at once
and the parent computes ``f()`` meanwhile, then sends it; the child receives it in a thread
and its job asks for it (``Later.get``) only when it needs it. Validation reads the file
in the child while the parent reads the catalogue from the database.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from core.formatting import fmt_number
from core.processes import plain_main

log = logging.getLogger(__name__)

JOB_CPU_SECONDS = 60  # CPU time of one job (RLIMIT_CPU)
JOB_WALL_SECONDS = 90  # from start to answer, then the child is killed
JOB_MEMORY_MB = 1024  # address space a job may add to the process it is forked from
MAX_JOBS = 2  # children at once (the machine's cores; each may use JOB_MEMORY_MB)
QUEUE_SECONDS = 30  # longest wait for a free place before "busy"
PRELOAD = ["etl.pipeline", "etl.narrative.intake"]  # imported once, in the fork server

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = JOB_CPU_SECONDS
    wall_seconds: float = JOB_WALL_SECONDS
    memory_mb: int = JOB_MEMORY_MB


@dataclass(frozen=True)
class Finished(Generic[T]):
    """A job's answer and what it cost the child."""

    value: T
    peak_rss_mb: float  # the child's own peak resident memory (its ru_maxrss)
    seconds: float  # wall clock in the parent, fork to answer


class WorkerFailure(Exception):
    """The job did not answer: ``reason`` is ``timeout``, ``memory``, ``busy`` or ``crashed``."""

    def __init__(self, reason: str, seconds: float = 0.0):
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds

    @property
    def code(self) -> str:
        """The message code (``etl.<code>`` for a workbook, ``narrative.<code>`` for a
        report) of this failure."""
        return f"worker_{'failed' if self.reason == 'crashed' else self.reason}"

    def params(self, file_name: str) -> dict[str, object]:
        """The message's parameters: the file and the limits it ran into."""
        return {"file": file_name, "seconds": fmt_number(JOB_WALL_SECONDS),
                "cpu": fmt_number(JOB_CPU_SECONDS), "megabytes": fmt_number(JOB_MEMORY_MB)}


_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)
_SLOTS = threading.BoundedSemaphore(MAX_JOBS)
_START = threading.Lock()  # plain_main swaps a process-wide module: one start at a time


class Later:
    """In the child: the late argument, received by a thread while the job works."""

    def __init__(self, conn: Connection):
        self._value: Any = None
        self._failed = False
        self._thread = threading.Thread(target=self._receive, args=(conn,), daemon=True,
                                        name="etl-worker-later")
        self._thread.start()

    def _receive(self, conn: Connection) -> None:
        try:
            self._value = conn.recv()
        except BaseException:  # the parent could not compute it, or died
            self._failed = True
        finally:
            conn.close()

    def get(self) -> Any:
        """The value (waits for it); raises when the parent sent none."""
        self._thread.join()
        if self._failed:
            raise RuntimeError("the late argument never came")
        return self._value


def run_limited(fn: Callable[..., T], *args: Any, limits: Limits = Limits(),
                later: Callable[[], Any] | None = None) -> Finished[T]:
    """``fn(*args)`` in a fresh child with the limits; WorkerFailure when it gives no answer.

    ``fn`` must be a module-level function (it is sent by name) and its arguments and
    result picklable. An exception inside ``fn`` other than MemoryError is a bug of ours:
    it is logged in the child and reported as ``crashed``. With ``later``, ``fn`` is called
    ``fn(*args, Later)``: ``later()`` runs here once the child has started (an exception
    from it ends the child and is raised here) and ``Later.get()`` gives it in the child.
    """
    began = time.monotonic()
    if not _SLOTS.acquire(timeout=QUEUE_SECONDS):
        raise WorkerFailure("busy", time.monotonic() - began)
    try:
        return _run(fn, args, limits, began, later)
    finally:
        _SLOTS.release()


def _send_later(process: multiprocessing.process.BaseProcess, later: Callable[[], Any],
                feed: Connection) -> None:
    """``later()`` here (it may use the caller's database connection), then sent by a
    thread: a child that does not read it cannot hold the parent past its wall time."""
    try:
        value = later()
    except BaseException:
        feed.close()
        _kill(process)
        raise
    threading.Thread(target=_send, args=(feed, value), daemon=True,
                     name="etl-worker-send").start()


def _send(feed: Connection, value: Any) -> None:
    try:
        feed.send(value)
    except OSError:  # the child is gone already (a refused file): its answer says why
        pass
    finally:
        feed.close()


def _run(fn: Callable[..., T], args: tuple, limits: Limits, began: float,
         later: Callable[[], Any] | None = None) -> Finished[T]:
    reader, writer = _CONTEXT.Pipe(duplex=False)
    feed_reader, feed = _CONTEXT.Pipe(duplex=False) if later is not None else (None, None)
    process = _CONTEXT.Process(target=_child, args=(writer, fn, args, limits, feed_reader),
                               daemon=True, name="etl-worker")
    with _START, plain_main():
        process.start()
    writer.close()
    if feed_reader is not None:
        feed_reader.close()
    try:
        if later is not None and feed is not None:
            _send_later(process, later, feed)
        if not reader.poll(max(limits.wall_seconds - (time.monotonic() - began), 0.01)):
            _kill(process)
            raise WorkerFailure("timeout", time.monotonic() - began)
        try:
            status, value, peak_kb = reader.recv()
        except (EOFError, OSError):  # the child died without answering
            process.join(5)
            raise WorkerFailure(_death_reason(process.exitcode),
                                time.monotonic() - began) from None
    finally:
        reader.close()
        process.join(5)
        if process.is_alive():
            _kill(process)
    if status != "ok":
        raise WorkerFailure(status, time.monotonic() - began)
    return Finished(value, round(peak_kb / 1024, 1), time.monotonic() - began)


_WARMED = threading.Event()


def warm() -> None:
    """Start the fork server in the background (its imports take seconds), once per
    process: a page with an uploader calls it, so the first upload need not wait."""
    if _WARMED.is_set():
        return
    _WARMED.set()

    def start() -> None:
        try:
            run_limited(_nothing)
        except WorkerFailure:
            _WARMED.clear()

    threading.Thread(target=start, name="etl-worker-warm", daemon=True).start()


def _nothing() -> None:
    return None


def _kill(process: multiprocessing.process.BaseProcess) -> None:
    process.kill()
    process.join(5)


def _death_reason(exitcode: int | None) -> str:
    """SIGXCPU (CPU limit) and SIGKILL (the hard CPU limit) are time; an abort or a
    segmentation fault is what a native reader does when an allocation is refused."""
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return "timeout"
    if exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
        return "memory"
    return "crashed"


def _address_space() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _set_limits(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file for a killed job
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(usage.ru_utime + usage.ru_stime) + 1 + limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))  # SIGXCPU, then SIGKILL
    memory = _address_space() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _child(conn: Connection, fn: Callable[..., Any], args: tuple, limits: Limits,
           feed: Connection | None = None) -> None:
    try:
        _set_limits(limits)
        value = fn(*args, Later(feed)) if feed is not None else fn(*args)
        answer: tuple = ("ok", value)
    except MemoryError:
        answer = ("memory", None)
    except BaseException:  # a bug of ours: the log has it, the user a Vietnamese message
        log.exception("worker job %s failed", getattr(fn, "__name__", fn))
        answer = ("crashed", None)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        conn.send((*answer, peak_kb))
    except MemoryError:
        conn.send(("memory", None, peak_kb))
    finally:
        conn.close()
