"""The questions asked before a project is created or opened.

Each function asks with a standard dialog (tests patch the QFileDialog and
QInputDialog static methods) and returns a path, or None if the user gave up.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop import session

# characters no file system of ours accepts in a folder name
FORBIDDEN = set('/\\:*?"<>|')


translate = QCoreApplication.translate


def default_location() -> str:
    """The folder of the last project, else the user's documents folder."""
    recent = session.recent_projects()
    if recent and Path(recent[0]).parent.is_dir():
        return os.fspath(Path(recent[0]).parent)
    location = QStandardPaths.StandardLocation.DocumentsLocation
    return QStandardPaths.writableLocation(location) or os.fspath(Path.home())


def ask_new_project(parent: QWidget) -> tuple[str, Path] | None:
    """Ask for a name, then a location; return (name, folder to create)."""
    name, ok = QInputDialog.getText(
        parent,
        translate("ProjectActions", "New project"),
        translate("ProjectActions", "Name of the new project:"),
        QLineEdit.EchoMode.Normal,
        "",
    )
    name = name.strip()
    if not ok or not name:
        return None
    if FORBIDDEN & set(name) or name in (".", ".."):
        QMessageBox.warning(
            parent,
            translate("ProjectActions", "New project"),
            translate(
                "ProjectActions",
                "A project name cannot contain any of these characters: "
                '/ \\ : * ? " < > |',
            ),
        )
        return None
    folder = QFileDialog.getExistingDirectory(
        parent,
        translate("ProjectActions", "Choose where to keep the project folder"),
        default_location(),
    )
    if not folder:
        return None
    return name, Path(folder) / name


def ask_project_folder(parent: QWidget) -> Path | None:
    """Ask for an existing NAME.pictor folder."""
    folder = QFileDialog.getExistingDirectory(
        parent,
        translate("ProjectActions", "Open a project folder (NAME.pictor)"),
        default_location(),
    )
    return Path(folder) if folder else None
