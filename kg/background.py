"""One call run beside the main thread, in a forked child process on Linux.

Why a process: SHACL in slices (kg.sliced_validation) spends part of its time in Python, and in
a thread that part took turns with the main thread's dumps for the one interpreter lock (10,000
documents: the dumps took 114 s beside it instead of 78). A forked child inherits the caller's
memory, so the gigabyte of N-Triples it reads is neither copied nor pickled: its pages stay
shared until written. Elsewhere (Windows has no fork, and on macOS a forked child may crash in
system libraries) or where the fork fails, the call runs in a thread, as before. The result
comes back pickled through a pipe.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from kg.parallel import quiet_worker

T = TypeVar("T")
_STOPPING = {signal.SIGINT, signal.SIGTERM}
FORKS = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Background(Generic[T]):
    """`call()` started now; `result()` waits for its value or raises its exception, and
    `stop()` ends it where it is not wanted any more (an interrupted or failed build)."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._thread: ThreadPoolExecutor | None = None
        self._future: Future[T] | None = None
        self._outcome: tuple[bool, object] | None = None
        if FORKS:
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_run, args=(call, send), daemon=True)
            # held back across the fork: the child would otherwise run the parent's handlers
            # (a build's SIGTERM handler raises) if stop() came before quiet_worker reset them
            held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
            try:
                self._process.start()
            except OSError:  # no memory to fork a big process (strict overcommit): a thread
                self._receive.close()
                send.close()
            else:
                send.close()  # the child's end: the parent then sees EOF if the child dies
                return
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        self._thread = ThreadPoolExecutor(max_workers=1)
        self._future = self._thread.submit(call)

    def result(self) -> T:
        if self._future is not None:
            return self._future.result()
        if self._outcome is None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                self._process.join()
                code = self._process.exitcode
                message = f"the background process ended without a result (exit code {code})"
                self._outcome = (False, RuntimeError(message))
            finally:
                self._receive.close()
            self._process.join()
        succeeded, value = self._outcome
        if not succeeded:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=True)  # a thread cannot be stopped: wait for it
            return
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


def _run(call: Callable[[], object], send: Connection) -> None:
    quiet_worker()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)  # a pending SIGTERM ends it now
    gc.freeze()  # what the parent made is not the child's to walk (nor to copy by walking it)
    try:
        outcome: tuple[bool, object] = (True, call())
    except BaseException as error:  # every failure goes back to the parent, with its traceback
        told = "".join(traceback.format_exception(error)).rstrip()
        error.add_note(f"in the background process:\n{told}")
        outcome = (False, error if _travels(error) else RuntimeError(told))
    try:
        send.send(outcome)
    except Exception as error:  # a value that cannot be pickled
        send.send((False, RuntimeError(f"the result could not be sent back: {error!r}")))
    finally:
        send.close()


def _travels(error: BaseException) -> bool:
    """Whether the parent can unpickle it (an exception whose __init__ takes other arguments
    than its args pickles, then fails to unpickle)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # any failure to make it again
        return False
    return True
