"""The class bar of the Label pane: one button per class with its key and
count, then Skip, Remove label and the class tools."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop.widgets.filter_list import split_text
from desktop.widgets.thumbnail_grid import readable_on

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession


class ClassBarWidget(QWidget):
    """``class_clicked(class_id)``, ``skip_clicked``, ``unlabel_clicked``,
    ``add_clicked`` and ``manage_clicked`` say what the user pressed."""

    class_clicked = Signal(int)
    skip_clicked = Signal()
    unlabel_clicked = Signal()
    add_clicked = Signal()
    manage_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classBar")
        self.class_buttons: dict[int, QPushButton] = {}
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        inner = QWidget()
        inner.setLayout(self._row)
        self._scroll = QScrollArea()
        self._scroll.setWidget(inner)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed
        )
        self.skip_button = QPushButton()
        self.unlabel_button = QPushButton()
        self.add_button = QToolButton()
        self.manage_button = QToolButton()
        self.skip_button.clicked.connect(self.skip_clicked)
        self.unlabel_button.clicked.connect(self.unlabel_clicked)
        self.add_button.clicked.connect(self.add_clicked)
        self.manage_button.clicked.connect(self.manage_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self._scroll, 1)
        for widget in (
            self.skip_button,
            self.unlabel_button,
            self.add_button,
            self.manage_button,
        ):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the grid
            layout.addWidget(widget)
        self.retranslate()

    def retranslate(self) -> None:
        self.skip_button.setText(self.tr("Skip  (S)"))
        self.skip_button.setToolTip(
            self.tr("Not sure: keep these photos out of training")
        )
        self.unlabel_button.setText(self.tr("Remove label  (0)"))
        self.add_button.setText(self.tr("New class…"))
        self.manage_button.setText(self.tr("Classes…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self, session: LibrarySession | None) -> None:
        """One button per class: its key, name and number of photos."""
        while self._row.count():
            item = self._row.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # until Qt deletes it, it must not paint
                item.widget().deleteLater()
        self.class_buttons = {}
        if session is not None:
            counts = session.counts().per_class
            splits = session.split_counts()
            for label_class in session.classes():
                button = self._class_button(label_class, counts.get(label_class.id, 0))
                button.setToolTip(
                    button.toolTip() + "\n" + split_text(splits.get(label_class.id))
                )
                self._row.addWidget(button)
                self.class_buttons[label_class.id] = button
        self._row.addStretch(1)
        height = max(
            (b.sizeHint().height() for b in self.class_buttons.values()), default=28
        )
        self._scroll.setFixedHeight(height + 4)

    def _class_button(self, label_class, count: int) -> QPushButton:
        key = f"{label_class.hotkey}  " if label_class.hotkey is not None else ""
        button = QPushButton(f"{key}{label_class.name}  ·  {count:,}")
        colour = QColor(label_class.colour)
        button.setStyleSheet(
            f"QPushButton {{ background: {colour.name()};"
            f" color: {readable_on(colour).name()};"
            " border: 1px solid rgba(0,0,0,60); border-radius: 6px; padding: 4px 10px;"
            " font-weight: bold; }"
            f" QPushButton:hover {{ background: {colour.lighter(115).name()}; }}"
        )
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tip = self.tr("Label the selected photos as “{name}”").format(
            name=label_class.name
        )
        if label_class.hotkey is not None:
            tip += f" ({label_class.hotkey})"
        button.setToolTip(tip)
        button.clicked.connect(
            lambda _=False, cid=label_class.id: self.class_clicked.emit(cid)
        )
        return button
