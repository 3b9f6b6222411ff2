"""HiGHS solves that leave Python's GIL free: ``milp`` and ``linprog`` as in
:mod:`scipy.optimize`, run in a helper process when called from a worker thread.

scipy's HiGHS wrapper holds the GIL for the whole solve (seconds on a large model). In QGIS an
algorithm runs in a worker thread (a Processing dialog's or a dock's background task) while the
GUI thread needs the GIL for every Python slot, so the whole window froze for as long as the
solve took. From a worker thread the model is therefore sent (pickled) to one helper Python
process, started on first use and kept for the session, which solves it with the same scipy
and sends the result back; waiting on the pipe releases the GIL. On the main thread (scripts,
``processing.run``, qgis_process), or when no Python interpreter can be found or the helper
fails, the solve runs here as before. Same solver, same model, same options: same result.
"""

import atexit
import os
import pickle
import struct
import subprocess
import sys
import threading
from typing import Any, Dict, Optional

from .interpreter import find_python, no_window

#: Set (to anything) to solve in this process always.
IN_PROCESS_ENV = "SERVICE_GRID_SOLVE_IN_PROCESS"

_CHILD = r"""
import pickle, struct, sys, warnings
import scipy.optimize as so
read, write = sys.stdin.buffer, sys.stdout.buffer
while True:
    head = read.read(8)
    if len(head) < 8:
        break
    name, args, kwargs = pickle.loads(read.read(struct.unpack("<Q", head)[0]))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            answer = (True, dict(getattr(so, name)(*args, **kwargs)))
    except Exception as err:
        answer = (False, err)
    data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    write.write(struct.pack("<Q", len(data)) + data)
    write.flush()
"""


class _Helper:
    """The helper process and the lock that lets one solve at a time use it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.proc: Optional[subprocess.Popen] = None
        self.broken = False

    def _start(self) -> subprocess.Popen:
        exe = find_python()
        if exe is None:
            raise OSError("no Python interpreter")
        env = dict(os.environ)
        paths = [p for p in sys.path if p and os.path.isdir(p)]
        env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")]).strip(os.pathsep)
        return subprocess.Popen(
            [exe, "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            creationflags=no_window(),
        )

    def solve(self, name: str, args: tuple, kwargs: Dict[str, Any]):
        """``(ok, result dict or exception)`` from the helper; ``OSError`` when it cannot."""
        with self.lock:
            if self.broken:
                raise OSError("helper unavailable")
            try:
                if self.proc is None or self.proc.poll() is not None:
                    self.proc = self._start()
                data = pickle.dumps((name, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
                assert self.proc.stdin is not None and self.proc.stdout is not None
                self.proc.stdin.write(struct.pack("<Q", len(data)) + data)
                self.proc.stdin.flush()
                head = self.proc.stdout.read(8)
                if len(head) < 8:
                    raise OSError("helper stopped")
                return pickle.loads(self.proc.stdout.read(struct.unpack("<Q", head)[0]))
            except (OSError, ValueError, EOFError, pickle.PickleError, AssertionError) as err:
                self.broken = True  # solve here from now on
                self.close()
                raise OSError(str(err)) from err

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()


_HELPER = _Helper()
atexit.register(_HELPER.close)


def shutdown() -> None:
    """Stop the helper process (the plugin is unloaded); one busy with a solve is left to
    finish and stops when QGIS exits."""
    if _HELPER.lock.acquire(blocking=False):
        try:
            _HELPER.close()
        finally:
            _HELPER.lock.release()


def _use_helper() -> bool:
    return threading.current_thread() is not threading.main_thread() and not os.environ.get(
        IN_PROCESS_ENV
    )


def _solve(name: str, *args, **kwargs):
    import scipy.optimize as so

    if _use_helper():
        try:
            ok, answer = _HELPER.solve(name, args, kwargs)
        except OSError:
            pass  # no helper: solve here
        else:
            if not ok:
                raise answer
            return so.OptimizeResult(answer)
    return getattr(so, name)(*args, **kwargs)


def milp(*args, **kwargs):
    """:func:`scipy.optimize.milp`, off this process when called from a worker thread."""
    return _solve("milp", *args, **kwargs)


def linprog(*args, **kwargs):
    """:func:`scipy.optimize.linprog`, off this process when called from a worker thread."""
    return _solve("linprog", *args, **kwargs)
