"""How good the model in use is: accuracy, precision and recall per class,
the confusion matrix and the photos that are probably mislabelled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import search_link
from desktop.i18n import engine_text
from desktop.panes.train_check import ProblemListWidget
from desktop.panes.train_live import percent
from desktop.widgets.confusion_matrix import ConfusionMatrixWidget
from engine import library

if TYPE_CHECKING:
    from desktop.library_session import LibrarySession
    from engine.vision.runs import TrainingRun

PhotoIdRole = Qt.ItemDataRole.UserRole + 1
ICON_SIDE = 48


def mode_name(mode: str) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {
        "quick": QCoreApplication.translate("TrainSettingsWidget", "Quick"),
        "finetune-last": QCoreApplication.translate(
            "TrainSettingsWidget", "Fine-tune the last block"
        ),
        "finetune-all": QCoreApplication.translate(
            "TrainSettingsWidget", "Fine-tune everything"
        ),
    }
    return names.get(mode, mode)


def backbone_name(name: str) -> str:
    return {"resnet18": "ResNet-18", "resnet50": "ResNet-50"}.get(name, name)


class TrainResultsWidget(QWidget):
    """``show_photos(ids, title)``: a confusion cell was clicked;
    ``relabel(photo_id, class_id)``: "Relabel as guess";
    ``retrain_requested``: "Retrain"."""

    show_photos = Signal(object, str)
    relabel = Signal(int, int)
    retrain_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: TrainingRun | None = None
        self.session: LibrarySession | None = None
        self.headline = QLabel()
        self.headline.setObjectName("trainAccuracy")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.retrain = QPushButton()
        self.retrain.setObjectName("retrainButton")
        self.retrain.clicked.connect(self.retrain_requested)
        self.problems_caption = QLabel()
        self.problems = ProblemListWidget()
        self.problems.setObjectName("runProblems")
        self.problems.show_photos.connect(self.show_photos)
        self.per_class = _table(4)
        self.matrix = ConfusionMatrixWidget()
        self.matrix.cell_chosen.connect(self._on_cell_chosen)
        self.mislabelled = _table(4)
        self.mislabelled.setObjectName("mislabelledTable")
        self.mislabelled.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        search_link.offer_find_similar(
            self.mislabelled, lambda index: index.siblingAtColumn(0).data(PhotoIdRole)
        )
        self.captions = [QLabel() for _ in range(3)]
        self._build()
        self.retranslate()

    def _build(self) -> None:
        top = QHBoxLayout()
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.details)
        text.addWidget(self.problems_caption)
        text.addWidget(self.problems)
        top.addLayout(text, 1)
        top.addWidget(self.retrain, 0, Qt.AlignmentFlag.AlignTop)
        columns = QSplitter(Qt.Orientation.Horizontal)
        for caption, widget in zip(
            self.captions, (self.per_class, self.matrix), strict=False
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(caption)
            box_layout.addWidget(widget, 1)
            columns.addWidget(box)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.captions[2])
        lower_layout.addWidget(self.mislabelled, 1)
        rows = QSplitter(Qt.Orientation.Vertical)
        rows.addWidget(columns)
        rows.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(rows, 1)

    def retranslate(self) -> None:
        self.retrain.setText(self.tr("Retrain"))
        self.retrain.setToolTip(
            self.tr("Train again with the same settings and the labels as they are now")
        )
        self.per_class.setHorizontalHeaderLabels(
            [
                self.tr("Class"),
                self.tr("Precision"),
                self.tr("Recall"),
                self.tr("Photos"),
            ]
        )
        self.per_class.horizontalHeaderItem(1).setToolTip(
            self.tr("Of the photos the model put in this class, how many belong there")
        )
        self.per_class.horizontalHeaderItem(2).setToolTip(
            self.tr("Of the photos of this class, how many the model found")
        )
        self.mislabelled.setHorizontalHeaderLabels(
            [self.tr("Photo"), self.tr("Labelled as"), self.tr("The model says"), ""]
        )
        self.captions[0].setText(self.tr("Per class (validation photos)"))
        self.captions[1].setText(
            self.tr("Confusion matrix: rows are labels, columns the model's answers. "
                    "Click a cell to see its photos.")
        )  # fmt: skip
        self.captions[2].setText(self.tr("Probably mislabelled"))
        self.problems_caption.setText(self.tr("Found while training:"))
        for caption in self.captions:
            caption.setWordWrap(True)
        self.show_run(self.run)

    # content

    def set_session(self, session: LibrarySession | None) -> None:
        if self.session is not None:
            self.session.photos_changed.disconnect(self._on_photos_changed)
            self.session.thumbnail_ready.disconnect(self._on_thumbnail_ready)
        self.session = session
        if session is not None:
            session.photos_changed.connect(self._on_photos_changed)
            session.thumbnail_ready.connect(self._on_thumbnail_ready)

    def show_run(self, run: TrainingRun | None) -> None:
        self.run = run
        results = run.results if run is not None else None
        self.retrain.setEnabled(run is not None)
        self.matrix.set_results(results)
        self._show_problems(results)
        if run is None or not results:
            self.headline.setText(self.tr("No trained model yet"))
            self.details.setText(
                self.tr("Train a model in the Train tab; its results appear here.")
            )
            self.per_class.setRowCount(0)
            self.mislabelled.setRowCount(0)
            return
        n_val = sum(row["support"] for row in results.get("per_class", []))
        self.headline.setText(
            self.tr("Accuracy {accuracy} on {n} validation photos").format(
                accuracy=percent(results.get("accuracy")), n=n_val
            )
        )
        self.details.setText(self.describe(run))
        self._fill_per_class(results.get("per_class", []))
        self._fill_mislabelled(results)

    def _show_problems(self, results: Mapping[str, Any] | None) -> None:
        from engine.vision.checks import DataProblem

        found = [DataProblem.from_json(p) for p in (results or {}).get("problems", [])]
        self.problems.set_problems(found)
        self.problems_caption.setVisible(bool(found))
        self.problems.setVisible(bool(found))

    def describe(self, run: TrainingRun) -> str:
        train = run.config.get("train", {})
        text = self.tr("Run {id}: {backbone}, {mode}, best epoch {epoch}.").format(
            id=run.id,
            backbone=backbone_name(run.config.get("backbone", "")),
            mode=mode_name(train.get("mode", run.config.get("mode", ""))),
            epoch=(run.results or {}).get("epoch", "—"),
        )
        if run.message:
            text += " " + engine_text(run.message, run.message_args)
        return text

    def _fill_per_class(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.per_class.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [
                row["name"],
                percent(row["precision"]),
                percent(row["recall"]),
                QLocale().toString(int(row["support"])),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.per_class.setItem(r, c, item)

    def _fill_mislabelled(self, results: Mapping[str, Any]) -> None:
        names = {c["id"]: c["name"] for c in results.get("classes", [])}
        rows = list(results.get("mislabelled", []))
        project = self.session.project if self.session else None
        photos = (
            {
                p.id: p
                for p in library.get_photos(project, [r["photo_id"] for r in rows])
            }
            if project is not None
            else {}
        )
        rows = [r for r in rows if r["photo_id"] in photos]
        self.mislabelled.setRowCount(len(rows))
        for r, row in enumerate(rows):
            photo = photos[row["photo_id"]]
            item = QTableWidgetItem(photo.name)
            item.setData(PhotoIdRole, photo.id)
            item.setToolTip(photo.path)
            self._set_icon(item, photo)
            self.mislabelled.setItem(r, 0, item)
            guess = self.tr("{name} ({confidence})").format(
                name=names.get(row["predicted"], "?"),
                confidence=percent(row["confidence"]),
            )
            self.mislabelled.setItem(r, 2, QTableWidgetItem(guess))
            button = QPushButton(self.tr("Relabel as guess"))
            button.clicked.connect(
                lambda _=False, p=photo.id, c=row["predicted"]: self.relabel.emit(p, c)
            )
            self.mislabelled.setCellWidget(r, 3, button)
            self._show_label(r, photo.class_id, row["predicted"])
            self.mislabelled.setRowHeight(r, ICON_SIDE + 6)
        if self.session is not None:
            self.session.request_thumbnails(photos[r["photo_id"]] for r in rows)

    def _show_label(self, row: int, class_id: int | None, guess: int) -> None:
        session = self.session
        label_class = session.class_by_id(class_id) if session else None
        text = label_class.name if label_class else self.tr("(no label)")
        self.mislabelled.setItem(row, 1, QTableWidgetItem(text))
        button = self.mislabelled.cellWidget(row, 3)
        if button is not None:
            button.setEnabled(class_id != guess)

    def _set_icon(self, item: QTableWidgetItem, photo: Any) -> None:
        pixmap = self.session.pixmap(photo) if self.session else None
        if pixmap is not None:
            item.setIcon(QIcon(pixmap))

    def mislabelled_ids(self) -> list[int]:
        items = (
            self.mislabelled.item(r, 0) for r in range(self.mislabelled.rowCount())
        )
        return [item.data(PhotoIdRole) for item in items if item is not None]

    def _on_photos_changed(self, ids: Sequence[int] | None) -> None:
        if not self.run or not self.run.results or self.session is None:
            return
        wanted = set(self.mislabelled_ids()) if ids is None else set(ids)
        rows = {pid: r for r, pid in enumerate(self.mislabelled_ids())}
        guesses = {
            m["photo_id"]: m["predicted"] for m in self.run.results["mislabelled"]
        }
        changed = [pid for pid in wanted if pid in rows]
        for photo in library.get_photos(self.session.project, changed):
            self._show_label(rows[photo.id], photo.class_id, guesses[photo.id])

    def _on_thumbnail_ready(self, photo_id: int) -> None:
        for r, pid in enumerate(self.mislabelled_ids()):
            if pid == photo_id and self.session is not None:
                pixmap = self.session.pixmaps.get(photo_id)
                if pixmap is not None:
                    self.mislabelled.item(r, 0).setIcon(QIcon(pixmap))

    def _on_cell_chosen(self, row: int, column: int) -> None:
        model = self.matrix.matrix
        ids = model.photo_ids(row, column)
        title = self.tr("Labelled “{label}”, the model said “{guess}”").format(
            label=model.names[row], guess=model.names[column]
        )
        if ids:
            self.show_photos.emit(ids, title)


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table
