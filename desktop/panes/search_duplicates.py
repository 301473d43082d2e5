"""The Search pane's look-alikes: groups of near-duplicate photos, a
similarity slider that regroups at once, and moving the extra copies to
the trash.

The pane runs the job and the trash; this widget shows the groups and
which files the user chose. In each group the largest file comes first
and is kept by default; the others are ticked for removal. A double click
opens a photo in the system's viewer, to look closely before removing it;
the context menu also finds photos like it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop import file_actions, search_link
from engine.weights import human_size

if TYPE_CHECKING:
    from desktop.search_calls import ResultItem
    from desktop.search_thumbs import ResultThumbnails

LOWEST, HIGHEST, DEFAULT = 80, 100, 95  # slider steps: similarity x 100
CARD_SIDE = 120
# Limit: only the first groups are drawn (one widget per photo); the rest
# are counted and appear once those are dealt with.
MAX_GROUPS = 200


@dataclass(frozen=True)
class LookAlikes:
    """The job's answer: every pair above the floor and each file's item."""

    pairs: Any  # engine DuplicatePairs
    items: dict[int, ResultItem]  # by search file id


class FileCard(QFrame):
    toggled = Signal(int, bool)

    def __init__(self, item: ResultItem, chosen: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("lookAlikeCard")
        self.picture = QLabel()
        self.picture.setFixedSize(CARD_SIDE, CARD_SIDE)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = QLabel()
        metrics = self.name.fontMetrics()
        self.name.setText(
            metrics.elidedText(item.name, Qt.TextElideMode.ElideMiddle, CARD_SIDE + 20)
        )
        self.name.setToolTip(item.path)
        self.size = QLabel()
        self.remove = QCheckBox()
        self.remove.setChecked(chosen)
        self.remove.toggled.connect(
            lambda on: self.toggled.emit(self.item.file_id or 0, on)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.picture)
        layout.addWidget(self.name)
        layout.addWidget(self.size)
        layout.addWidget(self.remove)
        self.retranslate()

    def retranslate(self) -> None:
        size = human_size(self.item.size_bytes)
        place = (
            self.tr("in the library")
            if self.item.photo is not None
            else self.tr("not in the library")
        )
        self.size.setText(f"{size} · {place}")
        self.remove.setText(self.tr("Remove"))
        self.picture.setToolTip(
            self.item.path + "\n" + self.tr("Double-click to open the photo")
        )

    def open_photo(self) -> None:
        file_actions.open_file(self.item.path)

    def menu(self) -> QMenu:
        """Open, show in the file manager, find similar photos."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), self.open_photo)
        menu.addAction(
            self.tr("Show in the file manager"),
            lambda: file_actions.reveal_in_file_manager(self.item.path),
        )
        photo = self.item.photo_id if self.item.photo_id is not None else self.item.path
        search_link.add_find_similar(menu, self, photo)
        return menu

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.open_photo()
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        if pixmap is None or pixmap.isNull():
            return
        self.picture.setPixmap(
            pixmap.scaled(
                CARD_SIDE,
                CARD_SIDE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class DuplicatesWidget(QWidget):
    """``find_requested()``, ``trash_requested(items)``."""

    find_requested = Signal()
    trash_requested = Signal(list)

    def __init__(self, thumbnails: ResultThumbnails, parent: QWidget | None = None):
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.found: LookAlikes | None = None
        self.groups: list[list[ResultItem]] = []
        self.scores: list[float] = []
        self.gone: set[int] = set()  # file ids moved to the trash
        self.chosen: dict[int, bool] = {}  # the user's own ticks, by file id
        self.cards: dict[int, FileCard] = {}
        self.find_button = QPushButton()
        self.find_button.setObjectName("findLookAlikes")
        self.slider_label = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("similaritySlider")
        self.slider.setRange(LOWEST, HIGHEST)
        self.slider.setValue(DEFAULT)
        self.slider.setMaximumWidth(260)
        self.summary = QLabel()
        self.summary.setObjectName("lookAlikeSummary")
        self.summary.setWordWrap(True)
        self.trash_button = QPushButton()
        self.trash_button.setObjectName("moveToTrash")
        self.container = QWidget()
        self.rows = QVBoxLayout(self.container)
        self.rows.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.container)
        self._build_layout()
        self.find_button.clicked.connect(self.find_requested)
        self.slider.valueChanged.connect(self.regroup)
        self.trash_button.clicked.connect(self._on_trash_clicked)
        thumbnails.ready.connect(self._on_thumbnail_ready)
        self.retranslate()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addSpacing(16)
        top.addWidget(self.slider_label)
        top.addWidget(self.slider)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.trash_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)

    def retranslate(self) -> None:
        self.find_button.setText(self.tr("Find look-alikes"))
        self.find_button.setToolTip(
            self.tr("Compare every indexed photo with every other one")
        )
        self.slider_label.setText(
            self.tr("Similarity at least {value}").format(
                value=f"{self.threshold():.2f}"
            )
        )
        self.trash_button.setText(self.tr("Move to trash…"))
        for card in self.cards.values():
            card.retranslate()
        self._update_summary()

    def threshold(self) -> float:
        return self.slider.value() / 100

    # groups

    def show_found(self, found: LookAlikes | None) -> None:
        self.found = found
        self.gone.clear()
        self.chosen.clear()
        self.regroup()

    def regroup(self, *_args: object) -> None:
        """Group again at the slider's threshold (no engine work)."""
        self.slider_label.setText(
            self.tr("Similarity at least {value}").format(
                value=f"{self.threshold():.2f}"
            )
        )
        self.groups, self.scores = [], []
        if self.found is not None:
            for group in self.found.pairs.groups(self.threshold()):
                items = [
                    self.found.items[f.file_id]
                    for f in group.files
                    if f.file_id in self.found.items and f.file_id not in self.gone
                ]
                if len(items) > 1:
                    self.groups.append(items)
                    self.scores.append(group.min_score)
        self._show_groups()

    def is_chosen(self, item: ResultItem, position: int) -> bool:
        return self.chosen.get(item.file_id or 0, position > 0)

    def chosen_items(self) -> list[ResultItem]:
        return [
            item
            for group in self.groups[:MAX_GROUPS]
            for position, item in enumerate(group)
            if self.is_chosen(item, position)
        ]

    def forget(self, file_ids: list[int]) -> None:
        """Files that went to the trash leave their groups."""
        self.gone.update(file_ids)
        self.regroup()

    def _show_groups(self) -> None:
        self._clear_rows()
        for number, (items, score) in enumerate(
            zip(self.groups[:MAX_GROUPS], self.scores, strict=False), 1
        ):
            self.rows.addWidget(self._group_row(number, items, score))
        self.thumbnails.request(i for g in self.groups[:MAX_GROUPS] for i in g)
        self._update_summary()

    def _group_row(self, number: int, items: list[ResultItem], score: float):
        row = QFrame()
        row.setObjectName("lookAlikeGroup")
        row.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(
            self.tr("Group {n} · similarity {score} or more").format(
                n=number, score=f"{score:.2f}"
            )
        )
        cards = QHBoxLayout()
        for position, item in enumerate(items):
            card = FileCard(item, self.is_chosen(item, position), row)
            card.toggled.connect(self._on_card_toggled)
            card.set_pixmap(self.thumbnails.pixmap(item))
            self.cards[item.id] = card
            cards.addWidget(card)
        cards.addStretch(1)
        layout = QVBoxLayout(row)
        layout.addWidget(title)
        layout.addLayout(cards)
        return row

    def _clear_rows(self) -> None:
        self.cards.clear()
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # at once: deletion waits for the event loop
                widget.deleteLater()

    def _on_card_toggled(self, file_id: int, on: bool) -> None:
        self.chosen[file_id] = on
        self._update_summary()

    def _on_thumbnail_ready(self, item_id: int) -> None:
        card = self.cards.get(item_id)
        if card is not None:
            card.set_pixmap(self.thumbnails.pixmaps.get(item_id))

    def _update_summary(self) -> None:
        chosen = len(self.chosen_items())
        self.trash_button.setEnabled(chosen > 0)
        if self.found is None:
            self.summary.setText(
                self.tr(
                    "Find copies, edits and bursts among the indexed photos. The "
                    "largest file of each group is kept unless you choose otherwise."
                )
            )
            return
        if not self.groups:
            self.summary.setText(self.tr("No look-alike photos at this similarity."))
            return
        text = self.tr("{groups} groups · {chosen} photos chosen to remove").format(
            groups=len(self.groups), chosen=chosen
        )
        if len(self.groups) > MAX_GROUPS:
            text += " · " + self.tr("showing the first {n}").format(n=MAX_GROUPS)
        self.summary.setText(text)

    def _on_trash_clicked(self) -> None:
        items = self.chosen_items()
        if items:
            self.trash_requested.emit(items)
