"""The Search pane's side panel: where to search, the model, the index.

It only shows state and emits what the user asked for; the pane calls the
engine. ``add_folder_requested(path)``, ``remove_folders_requested(paths)``,
``index_requested()``, ``problems_requested()`` (list the unusable files).
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import engine_text
from desktop.search_calls import IndexState
from engine.weights import DEFAULT_SEARCH, MULTILINGUAL_SEARCH, get_spec

SEARCH_MODELS = (DEFAULT_SEARCH, MULTILINGUAL_SEARCH)


class SearchPlacesWidget(QWidget):
    add_folder_requested = Signal(str)
    remove_folders_requested = Signal(list)
    index_requested = Signal()
    problems_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPlaces")
        self.state = IndexState(None)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.library_note = QLabel()
        self.library_note.setWordWrap(True)
        self.folders = QListWidget()
        self.folders.setObjectName("searchFolders")
        self.folders.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.folders.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.folders.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.model_label = QLabel()
        self.model_box = QComboBox()
        self.model_box.setObjectName("searchModel")
        self.model_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_box.setMinimumContentsLength(12)
        for name in SEARCH_MODELS:
            self.model_box.addItem("", name)
        self.status = QLabel()
        self.status.setObjectName("indexStatus")
        self.status.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("indexNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.problems = QFrame()
        self.problems_text = QLabel()
        self.problems_text.setObjectName("indexProblems")
        self.problems_text.setWordWrap(True)
        self.problems_button = QPushButton()
        self.problems_button.setObjectName("showProblems")
        self.problems.hide()
        self.stale = QFrame()
        self.stale.setObjectName("indexStale")
        self.stale_text = QLabel()
        self.stale_text.setWordWrap(True)
        self.update_button = QPushButton()
        self.index_button = QPushButton()
        self.index_button.setObjectName("indexNow")
        self._build_layout()
        self._connect()
        self.retranslate()

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        stale_layout = QVBoxLayout(self.stale)
        stale_layout.setContentsMargins(8, 6, 8, 6)
        stale_layout.addWidget(self.stale_text)
        stale_layout.addWidget(self.update_button)
        self.stale.setStyleSheet(
            "#indexStale { background: palette(alternate-base);"
            " border: 1px solid palette(mid); border-radius: 4px; }"
        )
        self.stale.hide()
        problems_layout = QHBoxLayout(self.problems)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(self.problems_text, 1)
        problems_layout.addWidget(self.problems_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.library_note)
        layout.addWidget(self.folders, 1)
        layout.addLayout(buttons)
        layout.addSpacing(10)
        layout.addWidget(self.model_label)
        layout.addWidget(self.model_box)
        layout.addWidget(self.status)
        layout.addWidget(self.note)
        layout.addWidget(self.problems)
        layout.addWidget(self.stale)
        layout.addWidget(self.index_button)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.index_button.clicked.connect(self.index_requested)
        self.update_button.clicked.connect(self.index_requested)
        self.problems_button.clicked.connect(self.problems_requested)
        self.folders.itemSelectionChanged.connect(self._update_buttons)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Where to search"))
        self.library_note.setText(
            self.tr(
                "The library's photos are always searched. Add folders to search "
                "photos that are not in the library too."
            )
        )
        self.add_button.setText(self.tr("Add folder…"))
        self.remove_button.setText(self.tr("Remove"))
        self.model_label.setText(self.tr("Search model:"))
        for row, name in enumerate(SEARCH_MODELS):
            self.model_box.setItemText(row, engine_text(get_spec(name).title))
        self.stale_text.setText(
            self.tr(
                "Photos were added to or removed from the library since the last "
                "indexing. Update the index now, or it is updated when you next "
                "search."
            )
        )
        self.update_button.setText(self.tr("Update the index"))
        self.index_button.setText(self.tr("Index now"))
        self.problems_button.setText(self.tr("Show…"))
        self.show_state(self.state)

    # state

    def model_name(self) -> str:
        return str(self.model_box.currentData())

    def select_model(self, name: str) -> None:
        """Index with ``name`` from now on (one of :data:`SEARCH_MODELS`)."""
        self.model_box.setCurrentIndex(SEARCH_MODELS.index(name))

    def show_state(self, state: IndexState) -> None:
        self.state = state
        self._show_folders(state.folders)
        if state.model in SEARCH_MODELS:
            self.model_box.setCurrentIndex(SEARCH_MODELS.index(state.model))
        self.status.setText(self._status_text(state))
        self.note.setVisible(bool(state.note))
        self.note.setText(
            self.tr("The saved index could not be used and was rebuilt.")
            if state.note
            else ""
        )
        self.note.setToolTip(state.note)
        self.problems.setVisible(bool(state.problems))
        self.problems_text.setText(
            self.tr("Files that cannot be searched: {n}").format(n=len(state.problems))
        )
        self._update_buttons()

    def set_stale(self, stale: bool) -> None:
        self.stale.setVisible(stale)

    def set_busy(self, busy: bool) -> None:
        self.index_button.setEnabled(not busy)
        self.update_button.setEnabled(not busy)

    def _status_text(self, state: IndexState) -> str:
        if state.model is None or not state.count:
            return self.tr("No photos are indexed yet.")
        text = self.tr("{n} photos indexed").format(n=f"{state.count:,}")
        if state.indexed_at is not None:
            when = QLocale().toString(
                QDateTime.fromSecsSinceEpoch(int(state.indexed_at)),
                QLocale.FormatType.ShortFormat,
            )
            text += " · " + self.tr("last indexed {when}").format(when=when)
        return text

    def _show_folders(self, folders: list[str]) -> None:
        self.folders.clear()
        self.folders.addItems(folders)
        for row, folder in enumerate(folders):
            self.folders.item(row).setToolTip(folder)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.folders.selectedItems()))

    def _on_add_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Search the photos of a folder"), ""
        )
        if folder:
            self.add_folder_requested.emit(folder)

    def _on_remove_clicked(self) -> None:
        paths = [item.text() for item in self.folders.selectedItems()]
        if paths:
            self.remove_folders_requested.emit(paths)
