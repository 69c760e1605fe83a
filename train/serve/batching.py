"""The one thread per server process that owns the annotator, fed by a bounded queue.

Why a thread and a queue: the rule engine and the model are not made for concurrent
calls, and loading the model twice would double the memory, so every request of a
process goes through one worker thread. The queue is bounded, so a burst beyond it is
answered at once (503, try again) instead of piling up memory and latency. Requests are
annotated one at a time, each request's texts together (one ``annotate_many`` call, the
same call ``annotate(list)`` makes, so results are identical). With ``coalesce`` the
worker also joins the requests waiting in the queue into one call, up to
``batch_max_texts`` texts: the model then shares forward passes across requests.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

log = logging.getLogger(__name__)


class QueueFull(RuntimeError):
    """Every queue slot is taken; the caller should retry later."""


class NotReady(RuntimeError):
    """The annotator failed to load; the message says why."""


@dataclass
class Job:
    texts: Sequence[str]
    future: Future = field(default_factory=Future)
    enqueued: float = field(default_factory=time.monotonic)


class BatchWorker:
    """Loads the annotator with ``factory()`` in its own thread, then serves jobs.

    ``submit(texts)`` returns a :class:`concurrent.futures.Future` of one entity list per
    text. A job whose future was cancelled before the worker reached it (its request
    timed out) is skipped."""

    def __init__(self, factory: Callable[[], object], *, queue_size: int, coalesce: bool = False,
                 batch_max_texts: int = 64) -> None:
        self._factory = factory
        self._queue: "queue.Queue[Optional[Job]]" = queue.Queue(maxsize=queue_size)
        self.coalesce = coalesce
        self.batch_max_texts = batch_max_texts
        self.annotator = None
        self.load_error: Optional[str] = None
        self.loaded = threading.Event()
        self.calls = 0       # annotate_many calls made (tests read it to see coalescing)
        self._thread = threading.Thread(target=self._run, name="anninh-annotator", daemon=True)

    def start(self) -> "BatchWorker":
        self._thread.start()
        return self

    @property
    def ready(self) -> bool:
        return self.annotator is not None

    def depth(self) -> int:
        return self._queue.qsize()

    def submit(self, texts: Sequence[str]) -> Future:
        if self.load_error is not None:
            raise NotReady(self.load_error)
        job = Job(list(texts))
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            raise QueueFull(f"all {self._queue.maxsize} queue slots are taken") from None
        return job.future

    def stop(self, timeout: float = 10.0) -> None:
        """Let queued jobs finish, then end the thread (the server's shutdown calls it
        after uvicorn has drained the in-flight requests)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    # ------------------------------------------------------------------ thread
    def _run(self) -> None:
        try:
            self.annotator = self._factory()
        except Exception as exc:  # noqa: BLE001 - reported through /ready and every request
            self.load_error = f"the annotator could not be loaded: {type(exc).__name__}: {exc}"
            log.error(self.load_error)
        finally:
            self.loaded.set()
        while True:
            job = self._queue.get()
            if job is None:
                return
            jobs = [job]
            if self.coalesce:
                jobs += self._more(len(job.texts))
            if self.load_error is not None:
                for j in jobs:
                    if j is not None and j.future.set_running_or_notify_cancel():
                        j.future.set_exception(NotReady(self.load_error))
                continue
            stop = jobs[-1] is None
            self._serve([j for j in jobs if j is not None])
            if stop:
                return

    def _more(self, n_texts: int) -> list[Optional[Job]]:
        """Jobs already waiting that fit in one call with the first."""
        out: list[Optional[Job]] = []
        while n_texts < self.batch_max_texts:
            try:
                nxt = self._queue.get_nowait()
            except queue.Empty:
                break
            out.append(nxt)
            if nxt is None:
                break
            n_texts += len(nxt.texts)
        return out

    def _serve(self, jobs: list[Job]) -> None:
        live = [j for j in jobs if j.future.set_running_or_notify_cancel()]
        if not live:
            return
        texts = [t for j in live for t in j.texts]
        try:
            self.calls += 1
            results = self.annotator.annotate_many(texts) if texts else []
        except Exception as exc:  # noqa: BLE001 - one bad call must not end the worker
            log.exception("annotating failed")
            for j in live:
                j.future.set_exception(exc)
            return
        k = 0
        for j in live:
            j.future.set_result(results[k : k + len(j.texts)])
            k += len(j.texts)
