"""The Preferences dialog: language, compute device, CPU threads, model folder.

Whether a GPU exists is learnt on a worker thread (it needs torch, which
takes seconds to import); until then, and if there is none, GPU is disabled.
"""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import LANGUAGES, SYSTEM
from desktop.preferences import Preferences
from desktop.workers import run_quietly
from engine import paths
from engine.compute import default_threads

_gpu_probe: dict[str, str | None] = {}


def detect_gpu() -> str | None:
    """The name of a usable GPU, or None (worker thread only: imports torch)."""
    import torch

    if torch.cuda.is_available():
        return str(torch.cuda.get_device_name(0))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "Apple GPU (MPS)"
    return None


class PreferencesDialog(QDialog):
    """Edits a :class:`Preferences`; ``result_preferences()`` after accept."""

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._prefs = prefs
        self.language = QComboBox()
        self.device = QComboBox()
        self.gpu_note = QLabel()
        self.threads = QSpinBox()
        self.models_dir = QLineEdit()
        self.browse = QPushButton(self.tr("Choose…"))
        self._fill(prefs)
        self._build_layout()
        self.browse.clicked.connect(self._on_browse_clicked)
        self._probe_gpu()

    def _fill(self, prefs: Preferences) -> None:
        self.language.addItem(self.tr("System language"), SYSTEM)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        for label, value in (
            (self.tr("Automatic"), "auto"),
            (self.tr("CPU"), "cpu"),
            (self.tr("GPU"), "gpu"),
        ):
            self.device.addItem(label, value)
        self.device.setCurrentIndex(max(0, self.device.findData(prefs.device)))
        self.gpu_note.setWordWrap(True)
        self.threads.setRange(1, max(1, os.cpu_count() or 1))
        self.threads.setValue(prefs.threads or default_threads())
        self.models_dir.setText(os.fspath(prefs.models_path()))
        self.models_dir.setPlaceholderText(os.fspath(paths.default_models_dir()))

    def _build_layout(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.models_dir, 1)
        folder_row.addWidget(self.browse)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Compute on:"), self.device)
        form.addRow("", self.gpu_note)
        form.addRow(self.tr("CPU threads for jobs:"), self.threads)
        form.addRow(self.tr("Model folder:"), folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def result_preferences(self) -> Preferences:
        threads = self.threads.value()
        folder = self.models_dir.text().strip()
        default_folder = os.fspath(paths.default_models_dir())
        return replace(
            self._prefs,
            language=self.language.currentData(),
            device=self.device.currentData(),
            threads=0 if threads == default_threads() else threads,
            models_dir="" if folder in ("", default_folder) else folder,
        )

    # GPU detection

    def _probe_gpu(self) -> None:
        if "gpu" in _gpu_probe:
            self._on_gpu_probed(_gpu_probe["gpu"])
            return
        self._set_gpu_enabled(False)
        self.gpu_note.setText(self.tr("Looking for a GPU…"))
        run_quietly(
            detect_gpu, self._on_gpu_probed, on_error=self._on_gpu_failed, parent=self
        )

    def _on_gpu_probed(self, name: str | None) -> None:
        _gpu_probe["gpu"] = name
        self._set_gpu_enabled(name is not None)
        if name is None:
            self.gpu_note.setText(self.tr("No GPU found: jobs run on the CPU."))
        else:
            self.gpu_note.setText(self.tr("GPU found: {name}").format(name=name))

    def _on_gpu_failed(self, exc: BaseException, details: str) -> None:
        self._on_gpu_probed(None)

    def _set_gpu_enabled(self, enabled: bool) -> None:
        item = self.device.model().item(self.device.findData("gpu"))
        flags = item.flags()
        if enabled:
            item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
        else:
            item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the model folder"), self.models_dir.text()
        )
        if folder:
            self.models_dir.setText(folder)
