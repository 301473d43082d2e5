"""Try a photo: drop one (or choose it) and see the model's top classes with
their confidence; below a threshold the user sets, or when the photo looks
like none of the training photos, it says "None of these"."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from engine.media import PHOTO_SUFFIXES

PREVIEW_SIDE = 160


def is_photo(path: Path) -> bool:
    return path.suffix.lower() in PHOTO_SUFFIXES and not path.is_dir()


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def preview_image(path: Path) -> QImage:
    """The photo decoded at preview size (JPEG decodes scaled, so it is quick)."""
    reader = QImageReader(os.fspath(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(
            size.scaled(PREVIEW_SIDE, PREVIEW_SIDE, Qt.AspectRatioMode.KeepAspectRatio)
        )
    return reader.read()


class DropZoneWidget(QFrame):
    """A framed area that takes one dropped photo: ``dropped(path)``."""

    dropped = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tryDropZone")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFrameShadow(QFrame.Shadow.Sunken)
        self.setMinimumSize(PREVIEW_SIDE + 20, PREVIEW_SIDE + 20)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.picture)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(is_photo(p) for p in dropped_paths(event)):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        photos = [p for p in dropped_paths(event) if is_photo(p)]
        if photos:
            event.acceptProposedAction()
            self.dropped.emit(photos[0])


class TryPhotoWidget(QGroupBox):
    """``try_requested(path)`` asks the pane to classify a photo; the pane
    answers with :meth:`show_prediction` or :meth:`show_failure`."""

    try_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tryPhoto")
        self.prediction: Any = None
        self.path: Path | None = None
        self.zone = DropZoneWidget()
        self.zone.dropped.connect(self.try_photo)
        self.choose = QPushButton()
        self.choose.clicked.connect(self._on_choose)
        self.answer = QLabel()
        self.answer.setObjectName("tryAnswer")
        font = self.answer.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.answer.setFont(font)
        self.answer.setWordWrap(True)
        self.bars_layout = QGridLayout()
        self.bars: list[tuple[QLabel, QProgressBar]] = []
        self.threshold = QSlider(Qt.Orientation.Horizontal)
        self.threshold.setObjectName("tryThreshold")
        self.threshold.setRange(5, 95)
        self.default_threshold = 60  # percent; follows the model's classes
        self.threshold.setValue(self.default_threshold)
        self.threshold_label = QLabel()
        self.threshold.valueChanged.connect(self._on_threshold)
        self._build()
        self.retranslate()

    def _build(self) -> None:
        right = QVBoxLayout()
        right.addWidget(self.answer)
        right.addLayout(self.bars_layout)
        right.addStretch(1)
        slider = QHBoxLayout()
        slider.addWidget(self.threshold_label)
        slider.addWidget(self.threshold, 1)
        right.addLayout(slider)
        left = QVBoxLayout()
        left.addWidget(self.zone, 1)
        left.addWidget(self.choose)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Try a photo"))
        self.choose.setText(self.tr("Choose a photo…"))
        if self.path is None:
            self.zone.picture.setText(self.tr("Drop a photo here"))
        self.threshold.setToolTip(
            self.tr(
                "Below this confidence the answer is “None of these”: the photo "
                "probably shows none of the classes."
            )
        )
        self._on_threshold(self.threshold.value())

    def threshold_value(self) -> float:
        return self.threshold.value() / 100.0

    def set_class_count(self, count: int) -> None:
        """Move the threshold to the default for a model with ``count``
        classes, unless the user has moved it."""
        from engine.vision.classifier import default_threshold

        chosen = self.threshold.value() != self.default_threshold
        self.default_threshold = round(100 * default_threshold(count))
        if not chosen:
            self.threshold.setValue(self.default_threshold)

    def try_photo(self, path: Path) -> None:
        self.path = Path(path)
        image = preview_image(self.path)
        if not image.isNull():
            self.zone.picture.setPixmap(QPixmap.fromImage(image))
        else:
            self.zone.picture.setText(self.path.name)
        self.answer.setText(self.tr("Looking at {name}…").format(name=self.path.name))
        self._clear_bars()
        self.try_requested.emit(self.path)

    def show_prediction(self, prediction: Any) -> None:
        self.prediction = prediction
        self._clear_bars()
        for row, guess in enumerate(prediction.top):
            name = QLabel(guess.name)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(guess.probability * 1000))
            bar.setFormat(QLocale().toString(100 * guess.probability, "f", 1) + " %")
            self.bars_layout.addWidget(name, row, 0)
            self.bars_layout.addWidget(bar, row, 1)
            self.bars.append((name, bar))
        self._show_answer()

    def show_failure(self, text: str) -> None:
        self.prediction = None
        self._clear_bars()
        self.answer.setText(text)

    def top_classes(self) -> Sequence[tuple[str, int]]:
        return [(name.text(), bar.value()) for name, bar in self.bars]

    def _show_answer(self) -> None:
        if self.prediction is None:
            return
        best = self.prediction.top[0]
        if self.prediction.unlike_training:
            self.answer.setText(
                self.tr("None of these: it looks like none of the training photos")
            )
        elif best.probability < self.threshold_value():
            self.answer.setText(self.tr("None of these"))
        else:
            self.answer.setText(self.tr("“{name}”").format(name=best.name))

    def _on_threshold(self, value: int) -> None:
        self.threshold_label.setText(
            self.tr("“None of these” below {n} %").format(n=value)
        )
        self._show_answer()

    def _on_choose(self) -> None:
        suffixes = " ".join(f"*{s}" for s in sorted(PHOTO_SUFFIXES))
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Try a photo"),
            "",
            self.tr("Photos ({suffixes})").format(suffixes=suffixes),
        )
        if path:
            self.try_photo(Path(path))

    def _clear_bars(self) -> None:
        for name, bar in self.bars:
            for widget in (name, bar):
                widget.hide()
                widget.deleteLater()
        self.bars = []
