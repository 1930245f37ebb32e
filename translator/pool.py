"""Spreading independent work over processes (`--jobs`).

Linting an article, segmenting one, checking a catalog, assembling and reviewing one are each a
function of inputs the run has already read (the glossary, its matchers, the translation
memory). `ordered` runs such a function over many items in forked worker processes, which
inherit everything the parent built without pickling it, and hand the results back in the
items' order: a run with `--jobs 4` finds, writes and prints exactly what `--jobs 1` does. The
workers compute, and write what they make to temporary files (`files.Staging.part`); reading the
records of earlier runs, moving files into place and holding the workspace lock stay with the
parent.

Where forking is not Python's own way of starting processes (Windows, macOS), the work runs in the
parent, as with `--jobs 1`. A worker that dies (the out-of-memory killer) ends the run with an
error (what earlier phases wrote stays, as after any error); Ctrl-C stops the workers at once
(they leave it to the parent).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, NoReturn, TypeVar

from translator.errors import TranslatorError
from translator.progress import SILENT, Steps

T = TypeVar("T")
R = TypeVar("R")

ALONE = 8  # fewer items than this are not worth starting processes for
_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what forked workers run, inherited
_streamed: Callable[[Any], Any] | None = None  # what the workers of a `Streamed` run, inherited
_lingering: threading.Thread | None = None  # a `meanwhile` thread an error left running


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def spreads(count: int, jobs: int, least: int | None = None) -> bool:
    """Whether `ordered` would start processes for `count` items (`least`: the fewest worth it,
    `ALONE` if not given): only where forking is Python's own way of starting them (Linux and
    other Unixes; not Windows, nor macOS, where forked processes can crash in the system's
    libraries)."""
    return count >= (ALONE if least is None else least) and _forks(jobs)


def _forks(jobs: int) -> bool:
    import multiprocessing

    return jobs > 1 and multiprocessing.get_start_method() == "fork"


def ordered(work: Callable[[T], R], items: Sequence[T], jobs: int, steps: Steps = SILENT,
            label: Callable[[T], str] | None = None, each: Callable[[R], object] | None = None,
            meanwhile: Callable[[], object] | None = None, least: int | None = None) -> list[R]:
    """`[work(item) for item in items]`, spread over `jobs` processes when there is enough to do
    (`least` items; `ALONE` if not given, for items of a few milliseconds' work each).

    The first item (in order) whose work raises a `TranslatorError` raises it here, as a loop
    would; `steps` shows each item's `label` and advances once per item, in the parent, and
    `each` is given each result there as soon as it and those before it are in (to begin
    writing it while the workers go on). `meanwhile`, other work of the parent's, is done while
    the workers work, in a thread started once they have (no process is forked while a thread
    runs), or after the items where there are no workers; an error it raises is raised here."""
    if not spreads(len(items), jobs, least):
        results = []
        for item in items:
            if label is not None:
                steps.at(label(item))
            results.append(work(item))
            if each is not None:
                each(results[-1])
            steps.advance()
        if meanwhile is not None:
            meanwhile()
        return results
    global _task, _lingering
    _task = (work, items)
    workers, collecting = _forking(min(jobs, len(items)))
    beside = None
    try:
        results = []
        spans = [workers.submit(_run_span, start, stop) for start, stop in _spans(len(items), jobs)]  # (started)
        outcomes = (outcome for span in spans for outcome in span.result())
        if meanwhile is not None:
            beside = _Beside(meanwhile)
        for item, outcome in zip(items, outcomes):
            if isinstance(outcome, _Failed):
                raise outcome.error
            results.append(outcome)
            if each is not None:
                each(outcome)
            if label is not None:
                steps.at(label(item))
            steps.advance()
        if beside is not None:
            beside.join()
        return results
    except BaseException as error:  # an error, a worker that died, or Ctrl-C: the work left is of no use
        if beside is not None:  # not waited for (the run ends; a daemon, it ends with it), but before any other fork
            _lingering = beside.thread
        _stopped(error)
    finally:
        _task = None
        _done(workers, collecting)


def _forking(jobs: int) -> tuple[Any, bool]:
    """A pool of `jobs` workers forked from this process, as it is now (once no thread of an
    earlier pass runs), and whether the collector was on (its inherited objects are frozen)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _settled()
    sys.stdout.flush()  # a worker flushes what it inherited when it exits: nothing may be pending
    sys.stderr.flush()
    collecting = gc.isenabled()  # (the command line runs with the collector paused: see translator/batch.py)
    if collecting:
        gc.collect()
        gc.freeze()  # the inherited objects stay shared: the collector never writes to their pages
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_worker), collecting


def _stopped(error: BaseException) -> NoReturn:
    """Stop every worker after `error` (the work left is of no use) and raise it; a worker that
    died as the error."""
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    for child in multiprocessing.active_children():  # the pool's workers, and any `Background` (of no use either)
        child.terminate()
    if isinstance(error, BrokenProcessPool):
        raise TranslatorError("a worker process stopped before finishing its work (out of memory?); "
                              "run again, perhaps with --jobs 1") from None
    raise error


def _done(workers: Any, collecting: bool) -> None:
    workers.shutdown(wait=True, cancel_futures=True)
    if collecting:
        gc.unfreeze()


class Streamed(Generic[T, R]):
    """`work` done on items the parent hands in one at a time (`add`), as it makes them, in
    `jobs` forked workers that work while it makes the next; `results` gives what came of each,
    in the order they were added. The workers are forked at the first item and inherit what the
    parent built before it, `work` included; each item is sent to them pickled (so is what comes
    back). Where `spreads` would start no processes (one job; not Linux), each item is worked on
    as it is added, in the parent. A `TranslatorError` of the work, the first in order, is raised
    by `results` (or `each`); leaving the `with` block early stops the workers."""

    def __init__(self, work: Callable[[T], R], jobs: int) -> None:
        self._work = work
        self._jobs = jobs if _forks(jobs) else 1
        self._done: list[R] = []  # (one job)
        self._futures: list[Any] = []
        self._workers: Any = None
        self._collecting = False

    def __enter__(self) -> Streamed[T, R]:
        return self

    def add(self, item: T) -> None:
        if self._jobs == 1:
            self._done.append(self._work(item))
            return
        if self._workers is None:
            global _streamed
            _streamed = self._work
            self._workers, self._collecting = _forking(self._jobs)
        self._futures.append(self._workers.submit(_run_streamed, item))

    def results(self) -> list[R]:
        return list(self.each())

    def each(self) -> Iterator[R]:
        """What came of each item, in order, each as soon as it and those before it are in (for
        the parent to use while the workers go on)."""
        yield from self._done
        for future in self._futures:
            outcome = future.result()
            if isinstance(outcome, _Failed):
                raise outcome.error
            yield outcome

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        global _streamed
        if self._workers is None:
            return
        try:
            if error is not None:
                _stopped(error)
        finally:
            _streamed = None
            _done(self._workers, self._collecting)


class _Beside:
    """Work done in a thread of the parent while the workers work."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(work,), name="translator-meanwhile", daemon=True)
        self.thread.start()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as error:  # raised in the parent's own thread, by `join`
            self.error = error

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


class Background:
    """Work of the run's that needs nothing the run does after it (the glossary's spreadsheet),
    begun at once in a forked process of its own, so that it runs beside the passes that follow
    on another core, and taken with `result` when it is due. With `jobs` 1, or where forking is
    not Python's way (see `spreads`), the work is done by `result` in the parent. A process is
    forked here only while no thread of the parent runs, as by `ordered`."""

    def __init__(self, work: Callable[[], bytes], jobs: int) -> None:
        self._work = work
        self._process: Any = None
        # `result` runs in the thread that waits for the workers, `stop` in the run's own: the
        # process is ended once, and the pipe closed once, by its reader if one began to read
        # (a descriptor closed under a reader could be another file's by the time it reads).
        self._lock = threading.Lock()
        self._stopped = self._ended = self._reading = self._closed = False
        if not _forks(jobs):
            return
        import multiprocessing

        _settled()
        context = multiprocessing.get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        sys.stdout.flush()  # (as for the workers of `ordered`)
        sys.stderr.flush()
        self._process = context.Process(target=_in_background, args=(work, sending), name="translator-background",
                                        daemon=True)
        self._process.start()
        sending.close()

    def result(self) -> bytes:
        """The work's result; a `TranslatorError` it raised is raised here. Should the process
        end without one, killed or at a bug, the work is done here, where a bug shows as it
        would without the process; but not when the run stopped it (`stop`, or `ordered` after
        an error): the run has failed, and the work is of no use."""
        process = self._process
        if process is None:
            return self._work()
        with self._lock:
            if self._stopped:
                raise TranslatorError("the work beside the run was stopped, as the run failed")
            self._reading = True
        try:
            kind, value = self._receiving.recv()
        except (EOFError, OSError):
            kind, value = "again", None
        finally:  # (also on Ctrl-C: the reader closes what it began to read)
            self._end(closing=True)
        if kind == "done":
            return value  # type: ignore[no-any-return]
        if kind == "error":
            raise value
        if self._stopped or process.exitcode == -signal.SIGTERM:
            raise TranslatorError("the work beside the run was stopped, as the run failed")
        return self._work()

    def stop(self) -> None:
        """End the process, if it has not ended (the run failed before it needed the result)."""
        with self._lock:
            self._stopped = True
            reading = self._reading
        self._end(closing=not reading)

    def _end(self, closing: bool) -> None:
        """End the process if it runs and wait for it, once; close the pipe if `closing`, once."""
        with self._lock:
            process = self._process
            if process is None:
                return
            if not self._ended:
                if process.is_alive():
                    process.terminate()
                process.join()
                self._ended = True  # (only now: a Ctrl-C before leaves it to the next call)
            if closing and not self._closed:
                self._closed = True
                self._receiving.close()


def _in_background(work: Callable[[], bytes], sending: Any) -> None:
    _worker()
    try:
        sending.send(("done", work()))
    except TranslatorError as error:
        sending.send(("error", error))
    except Exception:  # (a bug: shown by the parent doing the work itself)
        sending.send(("again", None))


def _settled() -> None:
    """Wait for the work of an earlier pass's `meanwhile` that an error left running: no process
    is forked beside a thread."""
    global _lingering
    if _lingering is not None:
        _lingering.join()
        _lingering = None


def _worker() -> None:
    """A worker leaves Ctrl-C to the parent, which stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Failed:
    """A `TranslatorError` raised in a worker, handed back as a result (not raised there: the pool
    would hang the worker's traceback on it, and stop handing back the results after it)."""

    def __init__(self, error: TranslatorError) -> None:
        self.error = error


def _spans(count: int, jobs: int) -> list[tuple[int, int]]:
    """The items, in order, in spans a worker takes at a time: up to 32 (each span is a round trip
    between processes), fewer as the items left grow few, so that the workers finish together (the
    last spans of a pass of 1,000 articles of a few milliseconds each, 32 at a time, left one
    worker idle for a tenth of a second while the other finished its span)."""
    spans, start = [], 0
    while start < count:
        size = max(1, min(32, (count - start) // (jobs * 4)))
        spans.append((start, start + size))
        start += size
    return spans


def _run_span(start: int, stop: int) -> list[Any]:
    assert _task is not None
    work, items = _task
    return [_handed_back(work, items[index]) for index in range(start, stop)]


def _run_streamed(item: Any) -> Any:
    assert _streamed is not None
    return _handed_back(_streamed, item)


def _handed_back(work: Callable[[Any], Any], item: Any) -> Any:
    """`work(item)` as a worker hands it back: a `TranslatorError` as a result (see `_Failed`)."""
    try:
        return work(item)
    except TranslatorError as error:
        return _Failed(error)
