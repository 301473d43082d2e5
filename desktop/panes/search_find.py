"""The Search pane's query and results: words, words to leave out, a query
photo shown as a removable chip, filters, and the grid of results with
their scores, best first.

The widget builds the :class:`~desktop.search_calls.Query` and shows what
comes back; the pane runs it. ``search_requested(Query)`` asks for a run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.search_results import SearchResultsModel
from desktop.search_calls import Query, QueryFilters, ResultPage
from desktop.widgets.search_grid import ResultsGridView
from engine.media import PHOTO_SUFFIXES

if TYPE_CHECKING:
    from desktop.search_calls import ResultItem
    from desktop.search_thumbs import ResultThumbnails
    from engine.labels import LabelClass

K_CHOICES = (50, 100, 200)
CHIP_SIDE = 36
ANY, UNLABELLED = -1, -2  # label filter choices besides the classes


class PhotoChip(QFrame):
    """The query photo: a small picture, its name and a remove button."""

    removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queryPhotoChip")
        self.setStyleSheet(
            "#queryPhotoChip { background: palette(alternate-base);"
            " border: 1px solid palette(mid); border-radius: 6px; }"
        )
        self.picture = QLabel()
        self.picture.setFixedSize(CHIP_SIDE, CHIP_SIDE)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = QLabel()
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(self.removed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 2, 2, 2)
        layout.setSpacing(6)
        layout.addWidget(self.picture)
        layout.addWidget(self.name)
        layout.addWidget(self.remove_button)

    def show_photo(self, name: str, image: QImage | None = None) -> None:
        metrics = self.name.fontMetrics()
        self.name.setText(metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, 160))
        self.set_image(image)
        self.show()

    def set_image(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            self.picture.clear()
            return
        pixmap = QPixmap.fromImage(image).scaled(
            QSize(CHIP_SIDE, CHIP_SIDE),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.picture.setPixmap(pixmap)


class MessageBar(QFrame):
    """A sentence with an optional button (the Models window, Index now)."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setStyleSheet(
            f"#{object_name} {{ background: palette(alternate-base);"
            " border: 1px solid palette(mid); border-radius: 4px; }"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self._action = None
        self.button.clicked.connect(self._on_clicked)
        self.hide()

    def say(self, text: str, button: str = "", action=None) -> None:  # noqa: ANN001
        self.text.setText(text)
        self.button.setText(button)
        self.button.setVisible(bool(button))
        self._action = action
        self.show()

    def clear(self) -> None:
        self._action = None
        self.hide()

    def _on_clicked(self) -> None:
        if self._action is not None:
            self._action()


class SearchFindWidget(QWidget):
    search_requested = Signal(object)

    def __init__(
        self,
        thumbnails: ResultThumbnails,
        class_of,  # noqa: ANN001 - Callable[[int | None], LabelClass | None]
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.photo: int | str | None = None
        self.photo_name = ""
        self.page: ResultPage | None = None
        self.query_box = QLineEdit()
        self.query_box.setObjectName("searchQuery")
        self.query_box.setClearButtonEnabled(True)
        self.search_button = QPushButton()
        self.search_button.setDefault(True)
        self.exclude_label = QLabel()
        self.exclude_box = QLineEdit()
        self.exclude_box.setObjectName("searchExclude")
        self.exclude_box.setClearButtonEnabled(True)
        self.photo_button = QPushButton()
        self.chip = PhotoChip()
        self.chip.hide()
        self._build_filters()
        self.message = MessageBar("searchMessage")
        self.banner = MessageBar("noGoodMatch")
        self.heading = QLabel()
        self.heading.setObjectName("resultsHeading")
        self.model = SearchResultsModel(thumbnails, class_of, self)
        self.grid = ResultsGridView()
        self.grid.setModel(self.model)
        self.hint = QLabel()
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        self.hint.setMargin(40)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.results = QStackedWidget()
        self.results.addWidget(self.hint)
        self.results.addWidget(self.grid)
        self._build_layout()
        self._connect()
        self.set_folders([])
        self.set_classes([])
        self.retranslate()

    def _build_filters(self) -> None:
        self.folder_label = QLabel()
        self.folder_box = QComboBox()
        self.folder_box.setObjectName("folderFilter")
        self.folder_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.folder_box.setMinimumContentsLength(8)
        self.from_check = QCheckBox()
        self.from_date = QDateEdit(QDate.currentDate().addYears(-1))
        self.to_check = QCheckBox()
        self.to_date = QDateEdit(QDate.currentDate())
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
        self.label_label = QLabel()
        self.label_box = QComboBox()
        self.label_box.setObjectName("labelFilter")
        self.label_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.label_box.setMinimumContentsLength(8)
        self.k_label = QLabel()
        self.k_box = QComboBox()
        self.k_box.setObjectName("resultCount")
        for k in K_CHOICES:
            self.k_box.addItem(str(k), k)

    def _build_layout(self) -> None:
        row1 = QHBoxLayout()
        row1.addWidget(self.query_box, 1)
        row1.addWidget(self.search_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.exclude_label)
        row2.addWidget(self.exclude_box, 1)
        row2.addWidget(self.photo_button)
        row2.addWidget(self.chip)
        row3 = QHBoxLayout()
        for widget in (self.folder_label, self.folder_box):
            row3.addWidget(widget)
        row3.addSpacing(8)
        for widget in (self.label_label, self.label_box):
            row3.addWidget(widget)
        row3.addStretch(1)
        row3.addWidget(self.k_label)
        row3.addWidget(self.k_box)
        row4 = QHBoxLayout()
        for widget in (self.from_check, self.from_date, self.to_check, self.to_date):
            row4.addWidget(widget)
        row4.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(6)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addLayout(row3)
        layout.addLayout(row4)
        layout.addWidget(self.message)
        layout.addWidget(self.banner)
        layout.addWidget(self.heading)
        layout.addWidget(self.results, 1)

    def _connect(self) -> None:
        self.query_box.returnPressed.connect(self.request_search)
        self.exclude_box.returnPressed.connect(self.request_search)
        self.search_button.clicked.connect(self.request_search)
        self.photo_button.clicked.connect(self._on_photo_button_clicked)
        self.chip.removed.connect(lambda: self.clear_photo())
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        for check in (self.from_check, self.to_check):
            check.toggled.connect(self._on_filter_changed)
        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(self._on_filter_changed)
        for box in (self.folder_box, self.label_box, self.k_box):
            box.activated.connect(self._on_filter_changed)

    def retranslate(self) -> None:
        self.query_box.setPlaceholderText(
            self.tr("Describe the photo, e.g. “a red bicycle in the snow”")
        )
        self.search_button.setText(self.tr("Search"))
        self.exclude_label.setText(self.tr("Leave out:"))
        self.exclude_box.setPlaceholderText(self.tr("words to leave out"))
        self.photo_button.setText(self.tr("Search by photo…"))
        self.chip.remove_button.setToolTip(self.tr("Stop searching by this photo"))
        self.folder_label.setText(self.tr("Folder:"))
        self.from_check.setText(self.tr("Taken from"))
        self.to_check.setText(self.tr("to"))
        self.label_label.setText(self.tr("Label:"))
        self.k_label.setText(self.tr("Show:"))
        self.folder_box.setItemText(0, self.tr("All places"))
        self.label_box.setItemText(0, self.tr("Any label"))
        self.label_box.setItemText(1, self.tr("Unlabeled"))
        self.hint.setText(self._hint_text())
        self._show_heading()

    # filters

    def set_folders(self, folders: list[str]) -> None:
        current = self.folder_box.currentData()
        self.folder_box.clear()
        self.folder_box.addItem(self.tr("All places"), None)
        for folder in folders:
            self.folder_box.addItem(Path(folder).name or folder, folder)
            self.folder_box.setItemData(
                self.folder_box.count() - 1, folder, Qt.ItemDataRole.ToolTipRole
            )
        found = self.folder_box.findData(current)
        self.folder_box.setCurrentIndex(max(0, found))

    def set_classes(self, classes: list[LabelClass]) -> None:
        current = self.label_box.currentData()
        self.label_box.clear()
        self.label_box.addItem(self.tr("Any label"), ANY)
        self.label_box.addItem(self.tr("Unlabeled"), UNLABELLED)
        for label_class in classes:
            self.label_box.addItem(label_class.name, label_class.id)
        found = self.label_box.findData(current)
        self.label_box.setCurrentIndex(max(0, found))

    def filters(self) -> QueryFilters:
        choice = self.label_box.currentData()
        return QueryFilters(
            folder=self.folder_box.currentData(),
            taken_from=_day_start(self.from_date.date())
            if self.from_check.isChecked()
            else None,
            taken_to=_day_start(self.to_date.date().addDays(1)) - 1
            if self.to_check.isChecked()
            else None,
            class_id=choice if isinstance(choice, int) and choice >= 0 else None,
            unlabelled=choice == UNLABELLED,
        )

    # the query

    def query(self) -> Query:
        return Query(
            self.query_box.text().strip(),
            self.exclude_box.text().strip(),
            self.photo,
            int(self.k_box.currentData() or K_CHOICES[0]),
            self.filters(),
        )

    def request_search(self) -> None:
        query = self.query()
        if query.is_empty:
            self.query_box.setFocus()
            return
        self.search_requested.emit(query)

    def set_photo(self, photo: int | str, name: str) -> None:
        """Search by this photo (a library photo id or a file path)."""
        self.photo, self.photo_name = photo, name
        self.chip.show_photo(name)

    def clear_photo(self, *, search: bool = True) -> None:
        """Stop searching by the photo; search again by the words, if any."""
        self.photo, self.photo_name = None, ""
        self.chip.hide()
        if search and self.query_box.text().strip():
            self.request_search()

    def _on_photo_button_clicked(self) -> None:
        suffixes = " ".join(f"*{s}" for s in sorted(PHOTO_SUFFIXES))
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Search by photo"),
            "",
            self.tr("Photos ({patterns})").format(patterns=suffixes),
        )
        if path:
            self.set_photo(path, Path(path).name)
            self.request_search()

    def _on_filter_changed(self, *_args: object) -> None:
        if self.page is not None and not self.query().is_empty:
            self.request_search()

    # results

    def show_page(self, page: ResultPage) -> None:
        self.page = page
        self.message.clear()
        weak = page.no_good_match and bool(page.items)
        if weak:
            self.banner.say(
                self.tr(
                    "No good match: nothing here fits the description much better "
                    "than chance. Try other words, or fewer filters."
                )
            )
        else:
            self.banner.clear()
        self.model.set_items(page.items, dimmed=weak)
        self.results.setCurrentWidget(self.grid if page.items else self.hint)
        self.hint.setText(self._hint_text())
        self._show_heading()
        if page.items:
            self.grid.scrollToTop()

    def show_message(self, text: str, button: str = "", action=None) -> None:  # noqa: ANN001
        """A refusal or a way out; results of an earlier query are cleared,
        since they no longer answer what is in the boxes."""
        self.page = None
        self.banner.clear()
        self.model.set_items([])
        self.results.setCurrentWidget(self.hint)
        self.hint.setText(self._hint_text())
        self._show_heading()
        self.message.say(text, button, action)

    def clear_results(self) -> None:
        self.page = None
        self.message.clear()
        self.banner.clear()
        self.model.set_items([])
        self.results.setCurrentWidget(self.hint)
        self.retranslate()

    def selected_items(self) -> list[ResultItem]:
        items = (self.model.item_at(r) for r in self.grid.selected_rows())
        return [i for i in items if i is not None]

    def _show_heading(self) -> None:
        page = self.page
        if page is None or not page.items:
            self.heading.clear()
            self.heading.hide()
            return
        self.heading.show()
        if page.no_good_match:
            text = self.tr("Closest photos anyway")
        else:
            text = self.tr("{n} photos, most similar first").format(n=len(page.items))
        if page.skipped_missing:
            text += " · " + self.tr("{n} left out: their files are gone").format(
                n=page.skipped_missing
            )
        self.heading.setText(text)

    def _hint_text(self) -> str:
        if self.page is None:
            return self.tr(
                "Describe what is in a photo and press Enter, or drop a photo here "
                "to find ones like it. Words and a photo together find photos like "
                "it that also match the words."
            )
        if self.page.query.filters != QueryFilters():
            return self.tr("No indexed photo passes these filters.")
        return self.tr("No photos found.")


def _day_start(day: QDate) -> float:
    return float(QDateTime(day, QTime(0, 0)).toSecsSinceEpoch())
