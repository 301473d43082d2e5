"""Small helpers shared by the Text pane's tabs: spin boxes and numbers
written for people."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


def human_duration(seconds: float) -> str:
    """A rough duration in words: "40 s", "12 min", "3 h 5 min"."""
    if seconds < 60:
        return QCoreApplication.translate("TextPane", "{n} s").format(
            n=max(1, round(seconds))
        )
    if seconds < 3600:
        return QCoreApplication.translate("TextPane", "{n} min").format(
            n=round(seconds / 60)
        )
    return QCoreApplication.translate("TextPane", "{h} h {m} min").format(
        h=int(seconds // 3600), m=round(seconds % 3600 / 60)
    )


def spin_box(low: int, high: int, value: int, *, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setValue(value)
    return spin


def double_spin(low: float, high: float, value: float, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(2)
    spin.setValue(value)
    return spin


def number(value: float | None, decimals: int) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return QLocale().toString(float(value), "f", decimals)


def millions(count: int) -> str:
    if count >= 1_000_000:
        return QLocale().toString(count / 1e6, "f", 1) + " M"
    return QLocale().toString(count / 1e3, "f", 0) + " k"
