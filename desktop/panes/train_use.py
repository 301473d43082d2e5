"""Using the trained model: predict a folder, suggest labels for the
unlabelled photos, and export it to ONNX or TorchScript with a check that
the exported file answers as the app does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import user_message

if TYPE_CHECKING:
    from desktop.panes.base import PaneServices
    from engine.project import Project

FORMATS = ("onnx", "torchscript")


def scientific(value: float) -> str:
    return f"{value:.1e}" if value else "0"


class TrainUseWidget(QWidget):
    """Predict, suggest and export for the model in use."""

    def __init__(
        self,
        services: PaneServices,
        project: Callable[[], Project | None],
        threshold: Callable[[], float],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._project = project
        self._threshold = threshold
        self.export_handle: Any = None
        self.suggest_handle: Any = None
        self.dialogs: list[QWidget] = []
        self.use_box = QGroupBox()
        self.predict_button = QPushButton()
        self.predict_button.setObjectName("predictFolderButton")
        self.suggest_button = QPushButton()
        self.suggest_button.setObjectName("suggestLabelsButton")
        self.use_note = QLabel()
        self.use_note.setWordWrap(True)
        self.export_box = QGroupBox()
        self.export_format = QComboBox()
        for fmt in FORMATS:
            self.export_format.addItem("", fmt)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportModelButton")
        self.export_result = QLabel()
        self.export_result.setObjectName("exportResult")
        self.export_result.setWordWrap(True)
        self.export_result.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self._build()
        self.predict_button.clicked.connect(self.ask_predict_folder)
        self.suggest_button.clicked.connect(self.suggest_labels)
        self.export_button.clicked.connect(self.ask_export)
        self.retranslate()

    def _build(self) -> None:
        use = QVBoxLayout(self.use_box)
        row = QHBoxLayout()
        row.addWidget(self.predict_button)
        row.addWidget(self.suggest_button)
        row.addStretch(1)
        use.addLayout(row)
        use.addWidget(self.use_note)
        export = QVBoxLayout(self.export_box)
        row = QHBoxLayout()
        row.addWidget(self.export_format)
        row.addWidget(self.export_button)
        row.addStretch(1)
        export.addLayout(row)
        export.addWidget(self.export_result)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.use_box)
        layout.addWidget(self.export_box)

    def retranslate(self) -> None:
        self.use_box.setTitle(self.tr("Use it"))
        self.predict_button.setText(self.tr("Predict a folder…"))
        self.predict_button.setToolTip(
            self.tr("Sort the photos of a folder with the model; save a CSV or copies")
        )
        self.suggest_button.setText(self.tr("Suggest labels"))
        self.suggest_button.setToolTip(
            self.tr("Let the model propose a class for each unlabelled photo")
        )
        self.export_box.setTitle(self.tr("Export the model"))
        self.export_format.setItemText(0, self.tr("ONNX (model.onnx)"))
        self.export_format.setItemText(1, self.tr("TorchScript (model.pt)"))
        self.export_button.setText(self.tr("Export…"))

    def set_model_available(self, available: bool) -> None:
        for button in (self.predict_button, self.suggest_button, self.export_button):
            button.setEnabled(available)
        self.use_note.setText(
            "" if available else self.tr("Train a model first to use it.")
        )

    # predict

    def ask_predict_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Predict a folder"))
        if folder:
            self.predict([Path(folder)])

    def predict(self, paths: Sequence[Path]) -> QWidget | None:
        from desktop.dialogs.predict import PredictDialog

        project = self._project()
        if project is None:
            return None
        dialog = PredictDialog(
            self.services, project, paths, threshold=self._threshold(), parent=self
        )
        self._keep(dialog)
        dialog.show()
        return dialog

    # suggest

    def suggest_labels(self) -> None:
        from engine.vision.classifier import suggest_job

        project = self._project()
        if project is None or self.suggest_handle is not None:
            return
        self.suggest_button.setEnabled(False)
        self.use_note.setText(self.tr("Looking at the unlabelled photos…"))
        self.suggest_handle = self.services.jobs.submit(
            suggest_job(project),
            on_success=lambda found: self._on_suggested(project, found),
            on_failure=self._on_suggest_failed,
            on_cancel=lambda: self._on_suggest_failed(None, ""),
        )

    def _on_suggested(self, project: Project, suggestions: list[Any]) -> None:
        from desktop.dialogs.suggestions import SuggestionsDialog

        self.suggest_handle = None
        self.suggest_button.setEnabled(True)
        self.use_note.clear()
        if project is not self._project():
            return
        if not suggestions:
            self.use_note.setText(self.tr("Every photo already has a label."))
            return
        dialog = SuggestionsDialog(self.services, project, suggestions, self)
        self._keep(dialog)
        dialog.show()

    def _on_suggest_failed(self, exc: BaseException | None, details: str) -> None:
        self.suggest_handle = None
        self.suggest_button.setEnabled(True)
        self.use_note.clear()
        if exc is not None:
            report_failure(self, self.services, exc, details)

    # export

    def ask_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export the model into a folder")
        )
        if folder:
            self.export(self.export_format.currentData(), Path(folder))

    def export(self, fmt: str, folder: Path) -> None:
        from engine.vision.export import export_job

        project = self._project()
        if project is None or self.export_handle is not None:
            return
        self.export_button.setEnabled(False)
        self.export_result.setText(self.tr("Exporting and checking the model…"))
        self.export_handle = self.services.jobs.submit(
            export_job(project, fmt, folder),
            on_success=self._on_exported,
            on_failure=self._on_export_failed,
            on_cancel=lambda: self._on_export_failed(None, ""),
        )

    def _on_exported(self, result: Any) -> None:
        self.export_handle = None
        self.export_button.setEnabled(True)
        self.export_result.setText(self.describe_export(result))

    def describe_export(self, result: Any) -> str:
        where = self.tr(
            "Saved {model}, {classes} and {example}. The model normalises the "
            "pixels itself but does not resize or crop: {example} shows how to "
            "do that as Pictor does."
        ).format(
            model=result.model_path,
            classes=Path(result.classes_path).name,
            example=Path(result.example_path).name,
        )
        if not result.checked:
            check = self.tr(
                "It could not be compared with Pictor: the project has no "
                "readable validation photo."
            )
        elif result.agrees:
            check = self.tr(
                "✔ The exported model gives the same predictions as Pictor on "
                "{n} validation photos (largest difference {diff})."
            ).format(n=result.checked, diff=scientific(result.max_difference))
        else:
            check = self.tr(
                "✘ The exported model differs from Pictor: the same top class "
                "for {same} of {n} validation photos, largest difference {diff}. "
                "Use it with care."
            ).format(
                same=result.same_top_class,
                n=result.checked,
                diff=scientific(result.max_difference),
            )
        return where + "\n" + check

    def _on_export_failed(self, exc: BaseException | None, details: str) -> None:
        self.export_handle = None
        self.export_button.setEnabled(True)
        if exc is None:
            self.export_result.setText(self.tr("Export stopped."))
            return
        self.export_result.setText(user_message(exc))
        report_failure(self, self.services, exc, details)

    # windows

    def _keep(self, dialog: QWidget) -> None:
        self.dialogs = [d for d in self.dialogs if _alive(d)]
        self.dialogs.append(dialog)

    def close_dialogs(self) -> None:
        for dialog in self.dialogs:
            if _alive(dialog):
                dialog.close()
        self.dialogs = []


def report_failure(
    parent: QWidget,
    services: PaneServices,
    exc: BaseException,
    details: str,
    *,
    on_change: Callable[[], None] | None = None,
) -> None:
    """A missing model gets the Download / Import prompt; the rest the
    one-sentence error."""
    from engine.weights import ModelMissing

    if isinstance(exc, ModelMissing):
        from desktop.dialogs.models import ask_for_missing_model

        ask_for_missing_model(parent, exc, services.jobs, on_change=on_change)
    else:
        services.show_error(exc, details)


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)
