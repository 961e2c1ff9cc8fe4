"""Coding for the HTTP API with a real time limit: texts are coded in a child
process, which is killed and replaced when a text takes too long.

A thread cannot be stopped in Python; a process can. :class:`CodingWorker`
keeps one child process with the language model loaded, sends it one
article at a time through a pipe, and waits at most the request's time
limit: past it the child is killed (SIGKILL), a fresh one is started, and
the caller gets :class:`CodingTimeout`. A request that cannot get the
worker within its limit (another text is being coded, or a replaced worker
is still loading the model) gets :class:`CoderBusy`; nothing is killed then.

:class:`InlineCoding` codes in the calling process with a loaded
:class:`~newsevents.coder.Coder` (for tests and embedding): its limit only
bounds the wait, the work goes on.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time

from .errors import CodingError
from .ingest import Article
from .records import Event

__all__ = ["CoderBusy", "CodingPool", "CodingTimeout", "CodingWorker", "InlineCoding"]


class CodingTimeout(CodingError):
    """The text took longer than the time limit to code; its coding was stopped."""

    code = "E310"


class CoderBusy(CodingError):
    """The coder did not become free within the time limit (another text, or a model loading)."""

    code = "E311"


def _serve(conn) -> None:  # pragma: no cover - runs in the child process
    """The child's loop: load the model, then answer ``(article, keep_unasserted)``
    requests with ``("ok", [record JSON, ...])`` or ``("error", message)``."""
    from .coder import Coder

    coder = Coder()
    conn.send(("ready", None))
    while True:
        try:
            article, keep_unasserted = conn.recv()
        except (EOFError, OSError):
            return
        try:
            coder.keep_unasserted = keep_unasserted
            events = coder.code_doc(coder.nlp(article.text), article)
            conn.send(("ok", [event.model_dump_json() for event in events]))
        except Exception as exc:  # reported to the caller; the worker lives on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class CodingWorker:
    """One child process that codes texts; see the module text.

    Args:
        context: the multiprocessing start method ("spawn": a fresh
            interpreter, safe in a threaded server).
    """

    def __init__(self, context: str = "spawn") -> None:
        self._context = multiprocessing.get_context(context)
        self._lock = threading.Lock()
        self._start()

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        self._process = self._context.Process(target=_serve, args=(child,), name="newsevents-coder", daemon=True)
        self._process.start()
        child.close()
        self._conn, self._ready = parent, False

    @property
    def pid(self) -> int | None:
        """The child's process id (changes when a child is replaced)."""
        return self._process.pid

    def code(self, article: Article, *, keep_unasserted: bool = False, timeout: float = 30.0,
             limit: float | None = None) -> list[Event]:
        """Code ``article`` within ``timeout`` seconds (waiting included);
        ``limit`` is the request's whole limit, named in messages (default ``timeout``).

        Raises:
            CodingTimeout: coding took longer; the child was killed and replaced.
            CoderBusy: the worker was not free (or not loaded) within the limit.
            CodingError: the coder raised (message from the child).
        """
        deadline = time.monotonic() + timeout
        limit = timeout if limit is None else limit
        if not self._lock.acquire(timeout=max(timeout, 0.0)):
            raise CoderBusy(f"the coder is busy with another text; try again (limit {limit:g} s)")
        try:
            if not self._ready:
                if not self._conn.poll(max(deadline - time.monotonic(), 0.0)):
                    raise CoderBusy(f"the coder is still loading its model; try again (limit {limit:g} s)")
                self._conn.recv()
                self._ready = True
            self._conn.send((article, keep_unasserted))
            if not self._conn.poll(max(deadline - time.monotonic(), 0.0)):
                self._replace()
                raise CodingTimeout(f"coding took longer than the limit of {limit:g} s and was stopped; "
                                    "send a shorter text")
            status, payload = self._conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:  # the child died (out of memory, killed)
            self._replace()
            raise CodingError(f"the coding process ended unexpectedly ({type(exc).__name__}); it was restarted") from None
        finally:
            self._lock.release()
        if status != "ok":
            raise CodingError(f"coding failed: {payload}")
        return [Event.model_validate_json(record) for record in payload]

    def _replace(self) -> None:
        self._process.kill()
        self._process.join()
        self._conn.close()
        self._start()

    def close(self) -> None:
        """Stop the child process."""
        self._conn.close()
        self._process.kill()
        self._process.join()


class CodingPool:
    """``size`` :class:`CodingWorker` processes behind one :meth:`code`: a
    request takes whichever is free, so a slow text (or a worker that is
    being replaced) holds up only one of them and the others go on serving.

    Each worker loads its own model (about 0.4 GB resident)."""

    def __init__(self, size: int = 2, context: str = "spawn") -> None:
        if size < 1:
            raise ValueError(f"a coding pool needs at least 1 worker, got {size}")
        self.workers = [CodingWorker(context) for _ in range(size)]
        self._idle: queue.Queue[CodingWorker] = queue.Queue()
        for worker in self.workers:
            self._idle.put(worker)

    @property
    def pids(self) -> list[int | None]:
        """The workers' process ids."""
        return [worker.pid for worker in self.workers]

    def code(self, article: Article, *, keep_unasserted: bool = False, timeout: float = 30.0) -> list[Event]:
        """As :meth:`CodingWorker.code` on the first worker free; waiting for
        one counts against ``timeout``.

        Raises:
            CoderBusy: no worker became free within ``timeout``.
            CodingTimeout, CodingError: as :meth:`CodingWorker.code`.
        """
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            raise CoderBusy(f"all {len(self.workers)} coders are busy; try again (limit {timeout:g} s)") from None
        try:
            return worker.code(article, keep_unasserted=keep_unasserted,
                               timeout=max(deadline - time.monotonic(), 0.001), limit=timeout)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker."""
        for worker in self.workers:
            worker.close()


class InlineCoding:
    """Coding in this process with a loaded ``coder``, one text at a time; the
    limit bounds how long the caller waits (the work itself is not stopped)."""

    def __init__(self, coder) -> None:
        self.coder = coder
        self._lock = threading.Lock()
        self.pid = None

    def code(self, article: Article, *, keep_unasserted: bool = False, timeout: float = 30.0) -> list[Event]:
        """As :meth:`CodingWorker.code`, without stopping work past the limit."""
        result: dict = {}

        def work() -> None:
            with self._lock:
                try:
                    self.coder.keep_unasserted = keep_unasserted
                    result["events"] = self.coder.code_doc(self.coder.nlp(article.text), article)
                except Exception as exc:
                    result["error"] = exc
                finally:
                    self.coder.keep_unasserted = False

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            raise CodingTimeout(f"coding took longer than the limit of {timeout:g} s; send a shorter text")
        if "error" in result:
            raise CodingError(f"coding failed: {type(result['error']).__name__}: {result['error']}")
        return result["events"]

    def close(self) -> None:
        """Nothing to stop."""
