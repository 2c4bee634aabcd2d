"""One call in a child process, killed when its time is up: a limit that nothing inside the
call can escape (a loop in C, a signal handler that a finalizer swallows).

A signal-based alarm (SIGALRM) works only in the main thread and is lost when it lands in a
`__del__` run during the call's allocations; a child process is stopped by the kernel."""
from __future__ import annotations

import os
import pickle
import select
import signal
import time
from typing import Callable


class TimeUp(Exception):
    """The call took longer than its time limit; its child was killed."""


class ChildDied(Exception):
    """The child ended without a result: killed from outside, or by the kernel for memory."""


def call_in_child(function: Callable, args: tuple, timeout: float):
    """`function(*args)` in a forked child, its result or exception brought back by pickle;
    TimeUp past `timeout` seconds. Needs `os.fork` (Linux, macOS)."""
    if not hasattr(os, "fork"):
        raise OSError("a time limit on one call needs os.fork (Linux, macOS); elsewhere run documents "
                      "through sitrep_nlp.batch.run_batch, whose watchdog stops them")
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        os.close(readable)
        try:
            outcome = (True, function(*args))
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
            outcome = (False, error)
        try:
            payload = pickle.dumps(outcome)
        except Exception as error:  # noqa: BLE001 - an exception that does not pickle
            payload = pickle.dumps((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}"[:500] or str(error))))
        with os.fdopen(writable, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(writable)
    chunks, finished, deadline = [], False, time.monotonic() + timeout
    try:
        while not finished:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([readable], [], [], left)[0]:
                raise TimeUp()
            chunk = os.read(readable, 1 << 20)
            chunks.append(chunk)
            finished = not chunk
    finally:
        os.close(readable)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if not b"".join(chunks):
        raise ChildDied("the process reading it died without a result (killed, or out of memory)")
    succeeded, value = pickle.loads(b"".join(chunks))
    if succeeded:
        return value
    raise value
