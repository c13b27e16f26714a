"""Driving an ASGI app once, in-process, with a body that arrives in chunks — and knowing
how much of it the app read (the security tests' measure of "refused unread")."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]
    body: bytes
    read: int = 0  # body bytes the app pulled through receive()
    receives: int = 0  # calls of receive()

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


@dataclass
class Chunks:
    """A request body as chunks; ``delay`` seconds before each (a slow client)."""

    parts: Iterable[bytes] = ()
    delay: float = 0.0
    _iter: object = field(default=None, repr=False)


def run_alone(make: Callable[[], Awaitable[object]]) -> None:
    """Run a coroutine to its end in a new event loop on its own thread: a session's
    Playwright keeps a loop running on the main thread, where ``asyncio.run`` refuses."""
    failure: list[BaseException] = []

    def body() -> None:
        try:
            asyncio.run(make())
        except BaseException as exc:  # re-raised on the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=body)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


def call(app, method: str, path: str, body: bytes | Chunks = b"",
         headers: dict[str, str] | None = None, client: str = "10.1.1.1",
         scheme: str = "http", typ: str = "http") -> Reply:
    path, _, query = path.partition("?")
    hdrs = {"host": "app.local", "accept": "text/html", **(headers or {})}
    chunks = body if isinstance(body, Chunks) else Chunks([body] if body else [])
    scope = {"type": typ, "method": method, "path": path, "raw_path": path.encode(),
             "query_string": query.encode(), "scheme": scheme, "server": ("app.local", 80),
             "client": (client, 5000), "http_version": "1.1", "root_path": "",
             "asgi": {"version": "3.0", "spec_version": "2.4"},
             "headers": [(k.lower().encode(), v.encode()) for k, v in hdrs.items()]}
    sent: list[dict] = []
    reply = Reply(0, {}, b"")
    parts = iter(list(chunks.parts))

    async def receive() -> dict:
        reply.receives += 1
        if chunks.delay:
            await asyncio.sleep(chunks.delay)
        try:
            chunk = next(parts)
        except StopIteration:
            return {"type": "http.request", "body": b"", "more_body": False}
        reply.read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict) -> None:
        sent.append(message)

    run_alone(lambda: app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    for k, v in start["headers"]:
        reply.headers.setdefault(k.decode().lower(), []).append(v.decode())
    reply.status = start["status"]
    reply.body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return reply
