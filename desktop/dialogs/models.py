"""The Models window: which model weights are installed, and getting them.

Download and import run as jobs in the Jobs panel; features that find a
model missing call :func:`ask_for_missing_model`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import user_message
from desktop.i18n import engine_text
from desktop.workers import JobHandle, JobManager
from engine.i18n import UserError
from engine.weights import (
    DOWNLOADING,
    STATUS_TEXT,
    ModelInfo,
    ModelMissing,
    ModelSpec,
    download_job,
    get_spec,
    human_size,
    import_job,
    import_outcome,
    list_models,
    remove_model,
)

log = logging.getLogger(__name__)

NAME, PURPOSE, SIZE, STATUS = range(4)
OnChange = Callable[[], None]
OnImported = Callable[[ModelInfo], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ModelsDialog", text)


def weight_file_filter() -> str:
    return _tr("Model files (*.pth *.pt *.bin *.safetensors *.json);;All files (*)")


def engine_sentence(template: str, params: dict[str, Any]) -> str:
    """An engine sentence in the user's language, the model title included."""
    if "title" in params:
        params = {**params, "title": engine_text(params["title"])}
    return engine_text(template, params)


def outcome_text(info: ModelInfo) -> str:
    """What an import achieved: the checksum verdict, what is still missing."""
    return " ".join(engine_sentence(t, p) for t, p in import_outcome(info))


class ModelActions:
    """Download, import and remove for one window's JobManager; the dialog
    and the missing-model prompt share it."""

    def __init__(
        self,
        jobs: JobManager,
        *,
        models_dir: Path | None = None,
        registry: dict[str, ModelSpec] | None = None,
    ) -> None:
        self.jobs = jobs
        self.models_dir = models_dir
        self.registry = registry

    def download(self, name: str, *, on_change: OnChange | None = None) -> JobHandle:
        job = download_job(name, models_dir=self.models_dir, registry=self.registry)
        return self._submit(job, on_change)

    def import_files(
        self,
        name: str,
        paths: list[str] | list[Path],
        *,
        on_change: OnChange | None = None,
        on_imported: OnImported | None = None,
    ) -> JobHandle:
        """Import a weight file, or several files or a folder of a model."""
        job = import_job(
            name, paths, models_dir=self.models_dir, registry=self.registry
        )
        handle = self._submit(job, on_change)
        if on_imported is not None:
            handle.finished.connect(on_imported)
        return handle

    def ask_and_import(
        self,
        parent: QWidget,
        name: str,
        *,
        on_change: OnChange | None = None,
        on_imported: OnImported | None = None,
    ) -> JobHandle | None:
        """Ask for the model's files (several may be chosen) and import them."""
        title = engine_text(get_spec(name, self.registry).title)
        paths, _ = QFileDialog.getOpenFileNames(
            parent,
            _tr("Import files for {title}").format(title=title),
            "",
            weight_file_filter(),
        )
        if not paths:
            return None
        return self.import_files(
            name, paths, on_change=on_change, on_imported=on_imported
        )

    def ask_and_import_folder(
        self,
        parent: QWidget,
        name: str,
        *,
        on_change: OnChange | None = None,
        on_imported: OnImported | None = None,
    ) -> JobHandle | None:
        """Ask for a folder holding the model's files and import them."""
        title = engine_text(get_spec(name, self.registry).title)
        folder = QFileDialog.getExistingDirectory(
            parent,
            _tr("Choose the folder with the files of {title}").format(title=title),
        )
        if not folder:
            return None
        return self.import_files(
            name, [folder], on_change=on_change, on_imported=on_imported
        )

    def remove(self, name: str) -> ModelInfo:
        return remove_model(name, models_dir=self.models_dir, registry=self.registry)

    def infos(self) -> list[ModelInfo]:
        return list_models(models_dir=self.models_dir, registry=self.registry)

    def _submit(self, job: Any, on_change: OnChange | None) -> JobHandle:
        # Failures show in the job's row of the Jobs panel; the list only
        # needs refreshing whatever the outcome.
        def changed(*_args: object) -> None:
            if on_change is not None:
                on_change()

        return self.jobs.submit(job, changed, changed, on_cancel=changed)


class ModelsDialog(QDialog):
    """A list of models (name, purpose, size, status) with Download,
    Import file… and Remove."""

    def __init__(
        self,
        jobs: JobManager,
        parent: QWidget | None = None,
        *,
        models_dir: Path | None = None,
        registry: dict[str, ModelSpec] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelsDialog")
        self._infos: dict[str, ModelInfo] = {}
        # Jobs started here: a download counts as running from the click, not
        # only once its worker thread has begun.
        self._jobs: dict[str, JobHandle] = {}
        self.model_actions = ModelActions(
            jobs, models_dir=models_dir, registry=registry
        )
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(PURPOSE, QHeaderView.ResizeMode.Stretch)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.download_button = QPushButton()
        self.import_button = QPushButton()
        self.import_folder_button = QPushButton()
        self.remove_button = QPushButton()
        self._build_layout()
        self._connect()
        self.retranslate()
        self.refresh()
        self.resize(820, 420)

    def _build_layout(self) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (
            self.download_button,
            self.import_button,
            self.import_folder_button,
            self.remove_button,
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _connect(self) -> None:
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.import_folder_button.clicked.connect(self._on_import_folder_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Models"))
        self.tree.setHeaderLabels(
            [
                self.tr("Model"),
                self.tr("What it is for"),
                self.tr("Size"),
                self.tr("Status"),
            ]
        )
        self.download_button.setText(self.tr("Download"))
        self.import_button.setText(self.tr("Import file…"))
        self.import_folder_button.setText(self.tr("Import folder…"))
        self.remove_button.setText(self.tr("Remove"))

    def refresh(self) -> None:
        """Re-read every model's state (file checks only; no model is loaded)."""
        current = self.current_name()
        self.tree.clear()
        self._infos = {i.spec.name: i for i in self.model_actions.infos()}
        for info in self._infos.values():
            item = QTreeWidgetItem(self._columns(info))
            item.setData(NAME, Qt.ItemDataRole.UserRole, info.spec.name)
            item.setToolTip(NAME, info.spec.name)
            self.tree.addTopLevelItem(item)
            if info.spec.name == current:
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._update_buttons()

    def _columns(self, info: ModelInfo) -> list[str]:
        spec = info.spec
        return [
            engine_text(spec.title),
            engine_text(spec.purpose),
            human_size(spec.approx_size),
            self._status_text(info),
        ]

    def _busy(self, name: str) -> bool:
        handle = self._jobs.get(name)
        running = handle is not None and not handle.state.is_final
        info = self._infos.get(name)
        return running or (info is not None and info.status == DOWNLOADING)

    def _status_text(self, info: ModelInfo) -> str:
        if self._busy(info.spec.name):
            return engine_text(STATUS_TEXT[DOWNLOADING])
        text = engine_text(STATUS_TEXT[info.status])
        if info.read_only:
            return self.tr("{status} (shipped with Pictor)").format(status=text)
        if info.partial_bytes and not info.installed:
            return self.tr("{done} of {total} downloaded, can resume").format(
                done=human_size(info.partial_bytes),
                total=human_size(info.spec.approx_size),
            )
        if info.missing_files:
            return self.tr("not installed: still needs {files}").format(
                files=self._file_names(info)
            )
        return text

    def _file_names(self, info: ModelInfo) -> str:
        weights = info.spec.weights_file.filename
        return ", ".join(
            self.tr("a weight file") if name == weights else name
            for name in info.missing_files
        )

    def current_name(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(NAME, Qt.ItemDataRole.UserRole) if item else None

    def select(self, name: str) -> None:
        for number in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(number)
            if item.data(NAME, Qt.ItemDataRole.UserRole) == name:
                self.tree.setCurrentItem(item)

    def status_of(self, name: str) -> str:
        """The status column's text for ``name`` (what the user reads)."""
        for number in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(number)
            if item.data(NAME, Qt.ItemDataRole.UserRole) == name:
                return item.text(STATUS)
        return ""

    def _update_buttons(self) -> None:
        name = self.current_name()
        info = self._infos.get(name) if name else None
        busy = info is not None and self._busy(info.spec.name)
        self.download_button.setEnabled(
            info is not None and not info.installed and not busy
        )
        self.import_button.setEnabled(info is not None and not busy)
        # Only a model made of several files can come as a folder.
        self.import_folder_button.setVisible(
            info is not None and bool(info.spec.extra_files)
        )
        self.import_folder_button.setEnabled(info is not None and not busy)
        self.remove_button.setEnabled(
            info is not None
            and not busy
            and not info.read_only
            and (info.installed or info.partial_bytes > 0)
        )
        self.details.setText(self._details_text(info))

    def _details_text(self, info: ModelInfo | None) -> str:
        if info is None:
            return ""
        spec = info.spec
        lines = [engine_text(spec.licence)]
        if spec.requires:
            lines.append(
                self.tr("Needs the Python package(s): {names}.").format(
                    names=", ".join(spec.requires)
                )
            )
        return "\n".join(lines)

    def _on_current_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _on_download_clicked(self) -> None:
        name = self.current_name()
        if name is not None:
            self._jobs[name] = self.model_actions.download(name, on_change=self.refresh)
            self.refresh()

    def _on_import_clicked(self) -> None:
        self._import(self.model_actions.ask_and_import)

    def _on_import_folder_clicked(self) -> None:
        self._import(self.model_actions.ask_and_import_folder)

    def _import(self, ask: Callable[..., JobHandle | None]) -> None:
        name = self.current_name()
        if name is None:
            return
        handle = ask(self, name, on_change=self.refresh, on_imported=self._on_imported)
        if handle is not None:
            self.message.clear()
            handle.failed.connect(self._on_import_failed)
            self._jobs[name] = handle

    def _on_imported(self, info: ModelInfo) -> None:
        self.message.setText(outcome_text(info))

    def _on_import_failed(self, exc: BaseException, details: str) -> None:
        self.message.setText(user_message(exc))

    def _on_remove_clicked(self) -> None:
        name = self.current_name()
        if name is None:
            return
        title = engine_text(get_spec(name, self.model_actions.registry).title)
        answer = QMessageBox.question(
            self,
            self.tr("Remove model"),
            self.tr(
                "Remove “{title}” from this computer? You can download or "
                "import it again later."
            ).format(title=title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.model_actions.remove(name)
        except (UserError, OSError) as exc:
            log.warning("cannot remove model %s: %s", name, exc)
            self.message.setText(user_message(exc))
        self.refresh()


class MissingModelBox(QMessageBox):
    """The one-sentence prompt with Download and Import file… buttons."""

    def __init__(
        self,
        parent: QWidget | None,
        exc: ModelMissing,
        actions: ModelActions,
        *,
        on_change: OnChange | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle(self.tr("Model needed"))
        self.setText(user_message(exc))
        self.name = str(exc.params["name"])
        self.handle: JobHandle | None = None
        self._actions = actions
        self._on_change = on_change
        self.download_button = self.addButton(
            self.tr("Download"), QMessageBox.ButtonRole.AcceptRole
        )
        self.import_button = self.addButton(
            self.tr("Import file…"), QMessageBox.ButtonRole.ActionRole
        )
        self.addButton(QMessageBox.StandardButton.Cancel)
        self.buttonClicked.connect(self._on_button_clicked)

    def _on_button_clicked(self, button: object) -> None:
        if button is self.download_button:
            self.handle = self._actions.download(self.name, on_change=self._on_change)
        elif button is self.import_button:
            self.handle = self._actions.ask_and_import(
                self.parentWidget() or self, self.name, on_change=self._on_change
            )


def ask_for_missing_model(
    parent: QWidget | None,
    exc: ModelMissing,
    jobs: JobManager,
    *,
    models_dir: Path | None = None,
    registry: dict[str, ModelSpec] | None = None,
    on_change: OnChange | None = None,
) -> MissingModelBox:
    """Tell the user a model is missing and offer Download and Import.

    Non-blocking (``open()``); the chosen action runs as a job in ``jobs``
    and ``on_change`` is called when it ends, whatever the outcome.
    """
    box = MissingModelBox(
        parent,
        exc,
        ModelActions(jobs, models_dir=models_dir, registry=registry),
        on_change=on_change,
    )
    box.open()
    return box
