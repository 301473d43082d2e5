"""The large viewer: one photo with zoom and pan, and the labelling keys.

:class:`ImageViewWidget` shows a picture: the wheel, + and - zoom around the
pointer, dragging pans, F (or a double click) fits it to the window.
:class:`PhotoViewerWidget` adds a header (name, place in the view, class)
and turns the labelling keys into signals; Esc closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop import file_actions, search_link
from desktop.i18n import engine_text
from desktop.widgets.thumbnail_grid import DIGIT_KEYS, readable_on

ZOOM_STEP = 1.25
MAX_ZOOM = 16.0


class ImageViewWidget(QGraphicsView):
    """A zoomable, pannable picture that fits the window until zoomed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageView")
        self._scene = QGraphicsScene(self)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self.setScene(self._scene)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QColor("#1b1b1d"))
        self.fitted = True

    def set_pixmap(self, pixmap: QPixmap, *, keep_view: bool = False) -> None:
        """Show ``pixmap``; ``keep_view`` keeps the zoom (a sharper version
        of the same photo replacing its thumbnail)."""
        old = self._item.pixmap()
        self._item.setPixmap(pixmap)
        self._scene.setSceneRect(QRectF(pixmap.rect()))
        if keep_view and not self.fitted and not old.isNull() and old.width():
            # the same picture at a new resolution: scale to keep its size
            factor = old.width() / max(1, pixmap.width())
            self.scale(factor, factor)
        else:
            self.fit()

    def clear(self) -> None:
        self._item.setPixmap(QPixmap())

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        self.fitted = True
        self.resetTransform()
        if not self._item.pixmap().isNull():
            self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)
            if self.zoom_factor() > 1.0:  # never blow a small photo up to fit
                self.resetTransform()

    def zoom(self, factor: float) -> None:
        target = self.zoom_factor() * factor
        if target > MAX_ZOOM or target < 0.02:
            return
        self.fitted = False
        self.scale(factor, factor)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.fitted:
            self.zoom(2.0)
        else:
            self.fit()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_F:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class PhotoViewerWidget(QWidget):
    """The viewer page: header, picture, key hints.

    Signals: ``label_key(n)`` (1-9), ``unlabel_key`` (0, Backspace),
    ``skip_key`` (S), ``step(delta)`` (Left/Right), ``closed`` (Esc).
    """

    label_key = Signal(int)
    unlabel_key = Signal()
    skip_key = Signal()
    step = Signal(int)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoViewer")
        self.view = ImageViewWidget()
        self.title = QLabel()
        self.title.setObjectName("viewerTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.position = QLabel()
        self.chip = QLabel()
        self.chip.setObjectName("viewerClass")
        self.status = QLabel()
        self.status.setObjectName("viewerStatus")
        self.hint = QLabel()
        self.hint.setObjectName("viewerHint")
        self.hint.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("viewerProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self._problem: tuple[int, str, str, dict] | None = None  # id, name, why
        self._shown: tuple | None = None  # show_photo's arguments, to retranslate
        self._build_layout()
        self.view.installEventFilter(self)
        self.setFocusProxy(self.view)
        self.retranslate()

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.setContentsMargins(10, 6, 10, 6)
        header.addWidget(self.title)
        header.addWidget(self.chip)
        header.addWidget(self.status)
        header.addStretch(1)
        header.addWidget(self.position)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        self.problem.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.problem)
        layout.addWidget(self.view, 1)
        self.hint.setContentsMargins(10, 4, 10, 6)
        layout.addWidget(self.hint)

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "1–9 label · 0 or Backspace remove the label · S skip · "
                "← → previous and next · + − zoom, F fit · Esc back to the grid"
            )
        )
        if self._shown is not None:
            photo, label_class, row, total = self._shown
            self.show_photo(photo, label_class, row=row, total=total)
        self._show_problem()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_problem(self, photo, template: str, params: dict) -> None:
        """Say why ``photo`` cannot be shown (an engine reason template)."""
        self._problem = (photo.id, photo.name, template, dict(params))
        self._show_problem()

    def _show_problem(self) -> None:
        if self._problem is None:
            self.problem.hide()
            return
        _, name, template, params = self._problem
        self.problem.setText(
            self.tr("“{name}” cannot be shown: {reason}").format(
                name=name, reason=engine_text(template, params)
            )
        )
        self.problem.show()

    def show_photo(self, photo, label_class, *, row: int, total: int) -> None:
        """Header texts for ``photo`` (the picture comes from set_pixmap)."""
        self._shown = (photo, label_class, row, total)
        if self._problem is not None and self._problem[0] != photo.id:
            self._problem = None
            self.problem.hide()
        self.title.setText(photo.name)
        self.title.setToolTip(photo.path)
        self.position.setText(self.tr("{n} of {total}").format(n=row + 1, total=total))
        self.set_class(label_class, skipped=photo.skipped)
        status = {
            "missing": self.tr("Missing: the file is not there."),
            "damaged": self.tr("Damaged: this photo cannot be shown."),
        }.get(photo.status, "")
        self.status.setText(status)

    def photo_menu(self) -> QMenu | None:
        """The right-click menu for the photo shown (None when there is none)."""
        if self._shown is None:
            return None
        photo = self._shown[0]
        menu = QMenu(self)
        translate = QCoreApplication.translate
        if photo.status == "ok":
            menu.addAction(
                translate("PhotoMenu", "Open with the system viewer"),
                lambda: file_actions.open_file(photo.path),
            )
        if photo.status != "missing":
            menu.addAction(
                translate("PhotoMenu", "Show in the file manager"),
                lambda: file_actions.reveal_in_file_manager(photo.path),
            )
        menu.addAction(
            translate("PhotoMenu", "Copy path"),
            lambda: file_actions.copy_paths([photo.path]),
        )
        if photo.status == "ok":
            search_link.add_find_similar(menu, self, photo.id)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.photo_menu()
        if menu is not None:
            menu.exec(event.globalPos())
            menu.deleteLater()

    def set_class(self, label_class, *, skipped: bool) -> None:
        if label_class is None:
            self.chip.setText(self.tr("Skipped") if skipped else self.tr("Unlabeled"))
            self.chip.setStyleSheet("padding: 2px 8px; border-radius: 8px;")
            return
        colour = QColor(label_class.colour)
        text = readable_on(colour).name()
        self.chip.setText(label_class.name)
        self.chip.setStyleSheet(
            f"background: {colour.name()}; color: {text}; padding: 2px 8px;"
            " border-radius: 8px;"
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            return self._on_key(event)
        return super().eventFilter(watched, event)

    def _on_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if not plain:
            return False
        if key in DIGIT_KEYS:
            self.label_key.emit(DIGIT_KEYS[key])
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Backspace):
            self.unlabel_key.emit()
        elif key == Qt.Key.Key_S:
            self.skip_key.emit()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Space):
            self.step.emit(1)
        elif key == Qt.Key.Key_Left:
            self.step.emit(-1)
        elif key == Qt.Key.Key_Escape:
            self.closed.emit()
        else:
            return False
        return True
