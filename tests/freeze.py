"""A freeze meter: how long the GUI thread stayed away from its event loop during a run.

A :class:`FreezeMeter` ticks a precise ``QTimer`` every 10 ms on the GUI thread and keeps the
longest time between two ticks (and the time from the last tick to :meth:`FreezeMeter.stop`):
while the GUI thread is busy (a slot computing, a worker thread holding Python's GIL) no tick
comes, and the gap is what a user would feel as a frozen window (the 10 ms of the timer
included). :func:`wait_for` runs the event loop until a signal arrives, without
``processEvents`` loops. Used by tests/test_responsive.py and bench/bench_freeze.py; needs
only Qt (no pytest).
"""

import time
from typing import List, Optional

from qgis.PyQt.QtCore import QEventLoop, QObject, Qt, QTimer

#: Ticks of the meter (ms).
INTERVAL_MS = 10


class FreezeMeter(QObject):
    """Longest gap between ticks of a 10 ms timer on the GUI thread (use as a context
    manager, or :meth:`start` / :meth:`stop`)."""

    def __init__(self, interval_ms: int = INTERVAL_MS):
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0  # seconds
        self.ticks = 0
        self.gaps: List[float] = []  # gaps over 50 ms, in order (seconds)
        self._last: Optional[float] = None
        self.started = self.stopped = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            gap = now - self._last
            self.longest = max(self.longest, gap)
            if gap > 0.05:
                self.gaps.append(gap)
        self._last = now
        self.ticks += 1

    def start(self) -> "FreezeMeter":
        self.longest, self.ticks, self.gaps = 0.0, 0, []
        self.started = self._last = time.perf_counter()
        self.timer.start()
        return self

    def stop(self) -> float:
        """Stop; the longest gap (seconds)."""
        self._tick()
        self.timer.stop()
        self.stopped = time.perf_counter()
        return self.longest

    @property
    def elapsed(self) -> float:
        return self.stopped - self.started

    @property
    def longest_ms(self) -> float:
        return self.longest * 1000.0

    def __enter__(self) -> "FreezeMeter":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def wait_for(signal, timeout_s: float = 300.0) -> list:
    """Run the event loop until ``signal`` is emitted (its arguments) or ``timeout_s`` passed
    (``TimeoutError``)."""
    loop = QEventLoop()
    got: list = []

    def arrived(*args):
        got.append(list(args))
        loop.quit()

    signal.connect(arrived)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(timeout_s * 1000))
    try:
        if not got:
            loop.exec()
    finally:
        timer.stop()
        try:
            signal.disconnect(arrived)
        except (TypeError, RuntimeError):
            pass
    if not got:
        raise TimeoutError("no signal within {} s".format(timeout_s))
    return got[0]
