"""The Label pane: the focused labelling view, keyboard first.

The grid of one view, the class bar with each class's key and count, and
"Next unlabeled". Digits label the selection (then move to the next photo
still to label), 0 or Backspace remove the label, S skips; Enter opens the
large viewer where the same keys label and advance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import library_session
from desktop.dialogs.classes import ClassActions, ClassesDialog
from desktop.label_assist import LabelAssistBar
from desktop.panes.base import Pane, PaneServices
from desktop.widgets.class_bar import ClassBarWidget
from desktop.widgets.filter_list import FilterComboBox
from desktop.widgets.photo_browser import PhotoBrowserWidget
from desktop.widgets.view_controls import zoom_slider
from engine.library import PhotoFilter

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from engine.project import Project


class LabelPane(Pane):
    key = "label"
    icon_name = "SP_DialogApplyButton"

    def __init__(self, services: PaneServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.session: LibrarySession | None = None
        self.browser = PhotoBrowserWidget(services, advance_after_label=True)
        self.grid = self.browser.grid
        self.model = self.browser.model
        self.edits = self.browser.edits
        self.class_actions = ClassActions(self.edits, lambda: self.session, self)
        self.classes_dialog: ClassesDialog | None = None
        self.filter_box = FilterComboBox()
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextUnlabeled")
        self.progress = QProgressBar()
        self.progress.setObjectName("labelProgress")
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(160)
        self.progress.setMaximumWidth(280)
        self.zoom = zoom_slider(self.grid)
        self.class_bar = ClassBarWidget()
        self.assist = LabelAssistBar(services, lambda: self.session, self._target_ids)
        self._build_layout()
        self._connect()
        self.retranslate()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 8, 0)
        self.view_label = QLabel()
        top.addWidget(self.view_label)
        top.addWidget(self.filter_box)
        top.addWidget(self.next_button)
        top.addWidget(self.assist)
        top.addStretch(1)
        # progress and size sit under the grid, so a narrow window still fits
        under = QHBoxLayout()
        under.setContentsMargins(8, 0, 8, 0)
        under.addWidget(self.progress)
        under.addStretch(1)
        self.zoom_label = QLabel()
        under.addWidget(self.zoom_label)
        under.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addLayout(under)
        layout.addWidget(self.class_bar)

    def _connect(self) -> None:
        self.filter_box.filter_chosen.connect(self.model.set_view)
        self.next_button.clicked.connect(self.next_unlabeled)
        next_action = QAction(self)
        next_action.setShortcut(QKeySequence(Qt.Key.Key_N))
        next_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        next_action.triggered.connect(self.next_unlabeled)
        self.addAction(next_action)
        bar = self.class_bar
        bar.class_clicked.connect(self._on_class_clicked)
        bar.skip_clicked.connect(lambda: self._label_with(self.edits.skip))
        bar.unlabel_clicked.connect(lambda: self._label_with(self.edits.unlabel))
        bar.add_clicked.connect(self.class_actions.add)
        bar.manage_clicked.connect(self.show_classes)
        self.browser.viewer_toggled.connect(self._on_viewer_toggled)

    def nav_title(self) -> str:
        return self.tr("Label")

    def retranslate(self) -> None:
        self.view_label.setText(self.tr("Show:"))
        self.next_button.setText(self.tr("Next unlabeled  (N)"))
        self.zoom_label.setText(self.tr("Size"))
        self.browser.set_empty_text(
            self.tr(
                "No photos to label yet. Add photos in the Library, or drop them "
                "on this window."
            )
        )
        self._refresh()

    # project

    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        self.assist.close_dialog()
        if self.classes_dialog is not None:
            self.classes_dialog.close()
            self.classes_dialog.deleteLater()
            self.classes_dialog = None
        old, self.session = self.session, None
        if old is not None:
            old.classes_changed.disconnect(self._refresh)
            self.browser.set_session(None)
            library_session.release(old)
        if project is not None:
            self.session = library_session.acquire(project)
            self.session.classes_changed.connect(self._refresh)
            self.browser.set_session(self.session)
        self._refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.browser.viewer_open():
            self.grid.setFocus()

    # actions

    def next_unlabeled(self) -> None:
        if self.browser.viewer_open():
            self.browser.close_viewer()
        self.browser.go_to_next_unlabeled()
        self.grid.setFocus()

    def show_classes(self) -> ClassesDialog | None:
        if self.session is None:
            return None
        if self.classes_dialog is None:
            self.classes_dialog = ClassesDialog(self.session, self.class_actions, self)
        self.classes_dialog.show()
        self.classes_dialog.raise_()
        return self.classes_dialog

    def _target_ids(self) -> list[int]:
        photo = self.browser.viewer_photo()
        return [photo.id] if photo is not None else self.browser.selected_ids()

    def _on_class_clicked(self, class_id: int) -> None:
        self._label_with(lambda ids: self.edits.label(ids, class_id))

    def _label_with(self, edit) -> None:
        ids = self._target_ids()
        if ids and edit(ids) is not None and len(ids) == 1:
            if self.browser.viewer_open():
                self.browser.viewer_advance()
            else:
                self.browser.go_to_next_unlabeled()
        if not self.browser.viewer_open():
            self.grid.setFocus()

    def _on_viewer_toggled(self, showing: bool) -> None:
        self.filter_box.setEnabled(not showing)

    def _refresh(self) -> None:
        self.filter_box.refresh(self.session, self.model.photo_filter)
        if self.session is not None and self.filter_box.currentIndex() < 0:
            self.filter_box.select_filter(PhotoFilter())
        self.class_bar.refresh(self.session)
        self._update_progress()

    def _update_progress(self) -> None:
        if self.session is None:
            self.progress.reset()
            return
        counts = self.session.counts()
        usable = counts.all - counts.damaged - counts.missing
        done = usable - counts.unlabeled
        self.progress.setRange(0, max(1, usable))
        self.progress.setValue(max(0, done))
        self.progress.setFormat(
            self.tr("{done} of {total} sorted").format(
                done=f"{done:,}", total=f"{usable:,}"
            )
        )
