"""The context menu of selected photos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QMenu, QWidget

from desktop import file_actions, search_link

if TYPE_CHECKING:
    from desktop.widgets.photo_browser import PhotoBrowserWidget
    from engine.labels import LabelClass
    from engine.library import Photo

translate = QCoreApplication.translate


def colour_icon(colour: str, side: int = 14) -> QIcon:
    pixmap = QPixmap(side, side)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def class_text(label_class: LabelClass) -> str:
    if label_class.hotkey is None:
        return label_class.name
    return f"{label_class.name}\t{label_class.hotkey}"


def build_photo_menu(
    browser: PhotoBrowserWidget, photos: list[Photo], parent: QWidget
) -> QMenu:
    """Open, show in folder, copy path, label, set, locate, remove."""
    menu = QMenu(parent)
    ids = [p.id for p in photos]
    first = photos[0]

    menu.addAction(translate("PhotoMenu", "Open in the viewer"), browser.open_current)
    if first.status == "ok":
        menu.addAction(
            translate("PhotoMenu", "Open with the system viewer"),
            lambda: file_actions.open_file(first.path),
        )
    if first.status != "missing":
        menu.addAction(
            translate("PhotoMenu", "Show in the file manager"),
            lambda: file_actions.reveal_in_file_manager(first.path),
        )
    copy = (
        translate("PhotoMenu", "Copy path")
        if len(photos) == 1
        else translate("PhotoMenu", "Copy paths")
    )
    menu.addAction(copy, lambda: file_actions.copy_paths([p.path for p in photos]))
    if first.status == "ok":
        search_link.add_find_similar(menu, browser, first.id)
    menu.addSeparator()

    classes = browser.session.classes() if browser.session else []
    if classes:
        label_menu = menu.addMenu(translate("PhotoMenu", "Label as"))
        for label_class in classes:
            label_menu.addAction(
                colour_icon(label_class.colour),
                class_text(label_class),
                lambda c=label_class.id: browser.edits.label(ids, c),
            )
    menu.addAction(
        translate("PhotoMenu", "Skip (not sure)") + "\tS",
        lambda: browser.edits.skip(ids),
    )
    if any(p.class_id is not None or p.skipped for p in photos):
        menu.addAction(
            translate("PhotoMenu", "Remove the label") + "\t0",
            lambda: browser.edits.unlabel(ids),
        )

    split_menu = menu.addMenu(translate("PhotoMenu", "Put in set"))
    split_menu.addAction(
        translate("PhotoMenu", "Training set"), lambda: browser.edits.pin(ids, "train")
    )
    split_menu.addAction(
        translate("PhotoMenu", "Validation set"), lambda: browser.edits.pin(ids, "val")
    )
    if any(p.split_pinned for p in photos):
        split_menu.addAction(
            translate("PhotoMenu", "Let Pictor choose"),
            lambda: browser.edits.pin(ids, None),
        )
    menu.addSeparator()

    missing = next((p for p in photos if p.status == "missing"), None)
    if missing is not None:
        menu.addAction(
            translate("PhotoMenu", "Locate folder…"),
            lambda: browser.jobs.locate_folder(missing),
        )
    remove = (
        translate("PhotoMenu", "Remove from the library")
        if len(photos) == 1
        else translate("PhotoMenu", "Remove {n} photos from the library").format(
            n=len(photos)
        )
    )
    menu.addAction(remove, lambda: browser.edits.remove(ids))
    return menu
