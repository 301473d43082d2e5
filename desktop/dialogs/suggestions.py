"""The model's suggested labels for unlabelled photos, most uncertain first.

Enter (or "Accept") labels the selected photos as suggested, in one undo
step; the accepted rows leave the list and the next one is selected. A line
above the list says where the suggestions come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLocale, QSize, Qt
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import library_session
from desktop.errors import details_of
from desktop.undo import EngineCommand
from engine import library

if TYPE_CHECKING:
    from desktop.panes.base import PaneServices
    from engine.project import Project

ICON_SIDE = 56
MAX_THUMBNAILS = 300


class SuggestionsTable(QTableWidget):
    """Enter accepts instead of moving down."""

    def __init__(self, accept, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(0, 3, parent)
        self._accept = accept

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._accept()
            event.accept()
            return
        super().keyPressEvent(event)


class SuggestionsDialog(QDialog):
    def __init__(
        self,
        services: PaneServices,
        project: Project,
        suggestions: Sequence[Any],
        parent: QWidget | None = None,
        *,
        run_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.services = services
        self.session = library_session.acquire(project)
        self.suggestions = list(suggestions)
        self.run_id = run_id
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.source = QLabel()
        self.source.setObjectName("suggestionsSource")
        self.source.setWordWrap(True)
        self.table = SuggestionsTable(self.accept_selected)
        self.table.setObjectName("suggestionsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.accept_button = QPushButton()
        self.accept_button.clicked.connect(self.accept_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.source)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        undo = services.undo_stack.createUndoAction(self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.addAction(undo)
        self.session.thumbnail_ready.connect(self._on_thumbnail_ready)
        self.finished.connect(self._release)
        self._fill()
        self.retranslate()
        self.resize(640, 560)
        self.table.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Suggested labels"))
        self.hint.setText(
            self.tr(
                "{n} unlabelled photos, the ones the model is least sure about "
                "first. Select photos and press Enter to label them as suggested; "
                "Ctrl+Z undoes."
            ).format(n=len(self.suggestions))
        )
        self.source.setText(self.source_text())
        self.accept_button.setText(self.tr("Accept  (Enter)"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Photo"), self.tr("Suggested class"), self.tr("Confidence")]
        )

    def source_text(self) -> str:
        if self.run_id is None:
            return self.tr("Source: the trained classifier in use.")
        return self.tr("Source: the trained classifier, run {run}.").format(
            run=self.run_id
        )

    def _fill(self) -> None:
        ids = [s.photo_id for s in self.suggestions]
        photos = {p.id: p for p in library.get_photos(self.session.project, ids)}
        self.suggestions = [s for s in self.suggestions if s.photo_id in photos]
        self.table.setRowCount(len(self.suggestions))
        for row, s in enumerate(self.suggestions):
            photo = photos[s.photo_id]
            item = QTableWidgetItem(photo.name)
            item.setToolTip(photo.path)
            pixmap = self.session.pixmap(photo)
            if pixmap is not None:
                item.setIcon(QIcon(pixmap))
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(s.class_name))
            confidence = QLocale().toString(100 * s.confidence, "f", 1) + " %"
            self.table.setItem(row, 2, QTableWidgetItem(confidence))
            self.table.setRowHeight(row, ICON_SIDE + 6)
        # Limit: only the first rows get thumbnails; further down the list
        # shows file names only.
        first = self.suggestions[:MAX_THUMBNAILS]
        self.session.request_thumbnails(photos[s.photo_id] for s in first)
        if self.suggestions:
            self.table.selectRow(0)

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def accept_selected(self) -> int:
        """Label the selected photos as suggested; returns how many."""
        from engine.vision.classifier import accept_suggestions

        rows = self.selected_rows()
        chosen = [self.suggestions[r] for r in rows]
        if not chosen or self.session is None:
            return 0
        project = self.session.project
        try:
            records = accept_suggestions(project, chosen)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            self.services.show_error(exc, details_of(exc))
            return 0
        stack = self.services.undo_stack
        stack.beginMacro(self.tr("Accept {n} suggestions").format(n=len(chosen)))
        for record in records:
            stack.push(
                EngineCommand(
                    project,
                    record,
                    on_change=self.session.notify,
                    on_error=self.services.show_error,
                )
            )
        stack.endMacro()
        for row in reversed(rows):
            self.table.removeRow(row)
            del self.suggestions[row]
        if self.suggestions:
            self.table.selectRow(min(rows[0], len(self.suggestions) - 1))
        return len(chosen)

    def _on_thumbnail_ready(self, photo_id: int) -> None:
        for row, s in enumerate(self.suggestions):
            if s.photo_id == photo_id and self.session is not None:
                pixmap = self.session.pixmaps.get(photo_id)
                if pixmap is not None:
                    self.table.item(row, 0).setIcon(QIcon(pixmap))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001
        self._release()
        super().closeEvent(event)

    def _release(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            session.thumbnail_ready.disconnect(self._on_thumbnail_ready)
            library_session.release(session)
