"""Measures, off the GUI thread, how fast this computer trains the sizes a
user is choosing in the Text pane's Train tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.workers import run_quietly
from engine.jobs import Cancelled, CancelToken
from engine.text.estimate import training_speed
from engine.text.lstm import LMConfig

# Settings must rest this long before the speed is measured.
MEASURE_DELAY_MS = 600


class TrainingSpeedMeter(QObject):
    """Tokens per second per configuration, measured once each.

    ``request(config)`` measures after a short rest, one configuration at a
    time, and only while ``allowed()`` says so (the tab is shown and no
    training runs); call ``resume()`` when that changes. ``changed`` is
    emitted when a figure arrives or a measurement fails.
    """

    changed = Signal()

    def __init__(self, allowed: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self._allowed = allowed
        self._speeds: dict[LMConfig, float] = {}
        self._failed: set[LMConfig] = set()
        self._wanted: LMConfig | None = None
        self._running: CancelToken | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(MEASURE_DELAY_MS)
        self.timer.timeout.connect(self._measure)

    def speed(self, config: LMConfig) -> float | None:
        return self._speeds.get(config)

    def failed(self, config: LMConfig) -> bool:
        return config in self._failed

    @property
    def measuring(self) -> bool:
        return self._running is not None

    def request(self, config: LMConfig) -> None:
        """Measure ``config`` soon, unless it is known already."""
        if config in self._speeds or config in self._failed:
            return
        self._wanted = config
        self.timer.start()

    def resume(self) -> None:
        """Measure what was asked for while measuring was not allowed."""
        if self._wanted is not None and self._running is None:
            self.timer.start()

    def stop(self) -> None:
        """Cancel a measurement in flight (training is about to start)."""
        self.timer.stop()
        if self._running is not None:
            self._running.cancel()

    def _measure(self) -> None:
        config = self._wanted
        if config is None or self._running is not None or not self._allowed():
            return
        self._wanted = None
        token = self._running = CancelToken()

        def measure() -> tuple[LMConfig, float | None]:
            try:
                return config, training_speed(config, token=token)
            except Cancelled:
                return config, None

        run_quietly(
            measure,
            self._on_measured,
            on_error=lambda _exc, _details: self._on_failed(config),
            parent=self,
        )

    def _on_measured(self, result: tuple[LMConfig, float | None]) -> None:
        config, speed = result
        self._running = None
        if speed is None:
            # cancelled: measure it again once allowed, unless other
            # settings were asked for meanwhile
            self._wanted = self._wanted or config
        else:
            self._speeds[config] = speed
        self._next()

    def _on_failed(self, config: LMConfig) -> None:
        # the worker logged why; the tab shows the parameter count alone
        self._running = None
        self._failed.add(config)
        self._next()

    def _next(self) -> None:
        self.changed.emit()
        self.resume()
