"""The photo grid: a QListView in icon mode and the delegate that draws a cell.

Cells are all one size (uniform sizes, batched layout), so the view lays
out tens of thousands of rows without asking each one. A cell shows the
thumbnail (a placeholder until it is ready), the class colour chip, the
train/validation marker, the skip mark, and damaged or missing photos in
their own colours. Digit keys, 0, Backspace, S and Enter become signals the
owner turns into labelling and the viewer.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.models.photos import ClassRole, PhotoRole

MIN_SIZE, MAX_SIZE, DEFAULT_SIZE = 64, 256, 144
PAD = 5
MISSING_COLOUR = QColor("#d98b1e")
DAMAGED_COLOUR = QColor("#d84a3a")
VISIBLE_DELAY_MS = 30
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}

translate = QCoreApplication.translate
Index = QModelIndex | QPersistentModelIndex


def readable_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    luminance = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()
    return QColor("#111111") if luminance > 150 else QColor("#ffffff")


class ThumbnailDelegate(QStyledItemDelegate):
    """Draws one photo cell at the grid's thumbnail size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = DEFAULT_SIZE

    def cell_size(self, metrics: QFontMetrics) -> QSize:
        return QSize(self.side + 2 * PAD, self.side + 2 * PAD + metrics.height() + 2)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return self.cell_size(option.fontMetrics)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> None:
        photo = index.data(PhotoRole)
        if photo is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        cell = option.rect.adjusted(1, 1, -1, -1)
        thumb = QRect(cell.left() + PAD - 1, cell.top() + PAD - 1, self.side, self.side)
        self._background(painter, option, cell)
        picture = self._picture(
            painter, option, thumb, index.data(Qt.ItemDataRole.DecorationRole)
        )
        if photo.status != "ok":
            self._problem(painter, thumb, photo.status)
        self._badges(painter, option, picture, photo, index.data(ClassRole))
        self._name(painter, option, cell, thumb, photo.name)
        painter.restore()

    def _background(
        self, painter: QPainter, option: QStyleOptionViewItem, cell: QRect
    ) -> None:
        palette = option.palette
        if option.state & QStyle.StateFlag.State_Selected:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(110)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(fill)
            painter.drawRoundedRect(cell, 6, 6)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            hover = QColor(palette.color(QPalette.ColorRole.Highlight))
            hover.setAlpha(40)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(hover)
            painter.drawRoundedRect(cell, 6, 6)
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(palette.color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(cell.adjusted(1, 1, -1, -1), 6, 6)

    def _picture(
        self, painter: QPainter, option: QStyleOptionViewItem, thumb: QRect, pixmap
    ) -> QRect:
        """Draw the thumbnail or its placeholder; return where it went."""
        if pixmap is None or pixmap.isNull():
            placeholder = QColor(option.palette.color(QPalette.ColorRole.Mid))
            placeholder.setAlpha(90)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(placeholder)
            painter.drawRoundedRect(thumb.adjusted(6, 6, -6, -6), 4, 4)
            return thumb
        size = pixmap.size().scaled(thumb.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(thumb.center())
        painter.drawPixmap(target, pixmap)
        # a very thin photo leaves no room for badges on it
        roomy = target.width() >= self.side // 2 and target.height() >= self.side // 3
        return target if roomy else thumb

    def _problem(self, painter: QPainter, thumb: QRect, status: str) -> None:
        colour = MISSING_COLOUR if status == "missing" else DAMAGED_COLOUR
        veil = QColor(0, 0, 0, 120)
        painter.setPen(QPen(colour, 3))
        painter.setBrush(veil)
        painter.drawRoundedRect(thumb.adjusted(2, 2, -2, -2), 4, 4)
        text = (
            translate("ThumbnailGrid", "Missing")
            if status == "missing"
            else translate("ThumbnailGrid", "Damaged")
        )
        painter.setPen(QColor("#ffffff"))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(thumb, Qt.AlignmentFlag.AlignCenter, text)

    def _badges(self, painter, option, thumb: QRect, photo, label_class) -> None:
        metrics = option.fontMetrics
        height = metrics.height() + 2
        if label_class is not None:
            colour = QColor(label_class.colour)
            if self.side < 96:
                chip = QRect(thumb.left() + 4, thumb.bottom() - 15, 12, 12)
                self._pill(painter, chip, colour, "")
            else:
                name = metrics.elidedText(
                    label_class.name,
                    Qt.TextElideMode.ElideRight,
                    max(20, thumb.width() - 20),
                )
                width = metrics.horizontalAdvance(name) + 12
                chip = QRect(
                    thumb.left() + 4, thumb.bottom() - height - 3, width, height
                )
                self._pill(painter, chip, colour, name)
        if photo.skipped:
            chip = QRect(thumb.left() + 4, thumb.top() + 4, height, height)
            self._pill(painter, chip, QColor("#6b6b70"), "?")
        self._split(painter, metrics, thumb, photo)

    def _split(
        self, painter: QPainter, metrics: QFontMetrics, thumb: QRect, photo
    ) -> None:
        if self.side < 96 and photo.split == "train" and not photo.split_pinned:
            return  # small cells mark only what differs from the usual
        text = (
            translate("ThumbnailGrid", "val")
            if photo.split == "val"
            else translate("ThumbnailGrid", "train")
        )
        painter.save()
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        small = QFontMetrics(font)
        pin = 8 if photo.split_pinned else 0
        width = small.horizontalAdvance(text) + 10 + pin
        chip = QRect(thumb.right() - width - 3, thumb.top() + 4, width, small.height())
        # validation stands out; the usual training set stays quiet
        val = photo.split == "val"
        colour = QColor("#6a3dbf") if val else QColor(40, 40, 40, 150)
        self._pill(painter, chip.adjusted(pin, 0, 0, 0), colour, text)
        if pin:  # pinned by the user: a dot before the word
            painter.setPen(QPen(QColor(0, 0, 0, 160), 1))
            painter.setBrush(QColor("#ffffff"))
            centre = chip.center()
            painter.drawEllipse(chip.left() + 1, centre.y() - 4, 8, 8)
        painter.restore()

    @staticmethod
    def _pill(painter: QPainter, rect: QRect, colour: QColor, text: str) -> None:
        painter.setPen(QPen(QColor(0, 0, 0, 70), 1))
        painter.setBrush(colour)
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        if text:
            painter.setPen(readable_on(colour))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _name(self, painter, option, cell: QRect, thumb: QRect, name: str) -> None:
        metrics = option.fontMetrics
        text_rect = QRect(
            cell.left() + 4, thumb.bottom() + 3, cell.width() - 8, metrics.height()
        )
        # the selection fill is translucent, so plain text stays readable
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.setFont(option.font)
        elided = metrics.elidedText(
            name, Qt.TextElideMode.ElideMiddle, text_rect.width()
        )
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter, elided)


class ThumbnailGridView(QListView):
    """The grid; ``label_key(n)`` for digits 1-9, ``unlabel_key`` for 0 or
    Backspace, ``skip_key`` for S, ``open_requested(index)`` for Enter,
    Space or a double click, ``zoom_requested(steps)`` for Ctrl+wheel."""

    label_key = Signal(int)
    unlabel_key = Signal()
    skip_key = Signal()
    open_requested = Signal(QModelIndex)
    zoom_requested = Signal(int)
    visible_rows_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnailGrid")
        self.delegate = ThumbnailDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(1000)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionRectVisible(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMouseTracking(True)
        self.setSpacing(2)
        self.doubleClicked.connect(self.open_requested)
        # the rows on screen, told a moment after scrolling or resizing stops
        self._visible_timer = QTimer(self, singleShot=True, interval=VISIBLE_DELAY_MS)
        self._visible_timer.timeout.connect(self._emit_visible_rows)
        self.verticalScrollBar().valueChanged.connect(self.schedule_visible_rows)
        # the batched layout ends with a new scroll range
        self.verticalScrollBar().rangeChanged.connect(self.schedule_visible_rows)
        self.set_thumb_size(DEFAULT_SIZE)

    def schedule_visible_rows(self) -> None:
        """Tell ``visible_rows_changed`` soon (after a scroll, resize, reset)."""
        self._visible_timer.start()

    def visible_rows(self) -> tuple[int, int] | None:
        """The first and last row on screen, from the uniform grid layout."""
        model = self.model()
        count = model.rowCount() if model is not None else 0
        if not count:
            return None
        top = self.visualRect(model.index(0, 0))
        if not top.isValid():
            return None
        columns = 1
        while (
            columns < count
            and self.visualRect(model.index(columns, 0)).top() == top.top()
        ):
            columns += 1
        line = max(1, self.gridSize().height())
        first_line = max(0, -top.top() // line)
        last_line = max(first_line, (self.viewport().height() - top.top()) // line)
        first = min(count - 1, first_line * columns)
        last = min(count - 1, (last_line + 1) * columns - 1)
        return first, last

    def _emit_visible_rows(self) -> None:
        if not self.isVisible():
            return
        rows = self.visible_rows()
        if rows is not None:
            self.visible_rows_changed.emit(*rows)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.schedule_visible_rows()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.schedule_visible_rows()

    def thumb_size(self) -> int:
        return self.delegate.side

    def set_thumb_size(self, side: int) -> None:
        side = max(MIN_SIZE, min(MAX_SIZE, side))
        self.delegate.side = side
        self.setGridSize(self.delegate.cell_size(self.fontMetrics()))
        self.setIconSize(QSize(side, side))
        self.verticalScrollBar().setSingleStep(side // 3)
        self.schedule_visible_rows()
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current)

    def selected_rows(self) -> list[int]:
        """Selected rows in order, read from ranges (fast for Ctrl+A)."""
        selection = self.selectionModel().selection() if self.selectionModel() else []
        rows: set[int] = set()
        for selected in selection:
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        plain = (
            mods & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        )
        if plain and key in DIGIT_KEYS:
            self.label_key.emit(DIGIT_KEYS[key])
        elif plain and key in (Qt.Key.Key_0, Qt.Key.Key_Backspace):
            self.unlabel_key.emit()
        elif plain and key == Qt.Key.Key_S:
            self.skip_key.emit()
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.currentIndex().isValid():
                self.open_requested.emit(self.currentIndex())
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120
            if steps:
                self.zoom_requested.emit(steps)
            event.accept()
            return
        super().wheelEvent(event)
