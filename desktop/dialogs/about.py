"""About Pictor: versions of Pictor, Python, Qt and the machine-learning stack.

The machine-learning libraries take seconds to import, so their versions are
read on a worker thread after the dialog is shown.
"""

from __future__ import annotations

import importlib
import logging
import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.workers import run_quietly
from engine import __version__

log = logging.getLogger(__name__)

ML_LIBRARIES = ("torch", "torchvision", "open_clip", "hnswlib")


def library_versions() -> dict[str, str | None]:
    """Import each library (worker thread only); None for one that fails."""
    versions: dict[str, str | None] = {}
    for name in ML_LIBRARIES:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a broken install is worth showing
            log.warning("cannot import %s", name, exc_info=True)
            versions[name] = None
            continue
        versions[name] = str(getattr(module, "__version__", "?"))
    return versions


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Pictor"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = QLabel(f"<h2>Pictor {__version__}</h2>")
        blurb = QLabel(
            self.tr(
                "Build photo datasets, train image classifiers, search photos by "
                "meaning and train language models on your own text, offline."
            )
        )
        blurb.setWordWrap(True)
        self.form = QFormLayout()
        self.form.addRow("Python", _value(platform.python_version()))
        self.form.addRow("Qt", _value(qVersion()))
        self.form.addRow("PySide6", _value(PySide6.__version__))
        self.library_labels = {
            name: _value(self.tr("checking…")) for name in ML_LIBRARIES
        }
        for name, label in self.library_labels.items():
            self.form.addRow(name, label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        run_quietly(library_versions, self._on_versions, parent=self)

    def _on_versions(self, versions: dict[str, str | None]) -> None:
        for name, version in versions.items():
            text = version if version is not None else self.tr("not available")
            self.library_labels[name].setText(text)


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
