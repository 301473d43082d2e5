"""Undo commands over the engine's reversible operations.

An engine operation (label, skip, pin, class edit, removal) has already
committed when the user sees it; it returns a record whose ``revert`` and
``apply`` undo and redo it. :class:`EngineCommand` puts such a record on
the window's QUndoStack, so Edit ▸ Undo and Redo (Ctrl+Z, Ctrl+Shift+Z)
follow every labelling and class change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from desktop.errors import details_of
from desktop.i18n import engine_text

if TYPE_CHECKING:
    from engine.labels import Operation
    from engine.project import Project

log = logging.getLogger(__name__)


class EngineCommand(QUndoCommand):
    """One done engine operation; undo reverts it, redo applies it again.

    ``on_change(record)`` runs after the first push and after every undo or
    redo, so the views can show the new state; ``on_error(exc, details)``
    gets a failure (the project is unchanged by a failed step).
    """

    def __init__(
        self,
        project: Project,
        record: Operation,
        *,
        on_change: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
    ) -> None:
        super().__init__(engine_text(record.text, record.text_args))
        self.project = project
        self.record = record
        self._on_change = on_change
        self._on_error = on_error
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # the engine already did it before the push
        else:
            self._run(self.record.apply)
        self._on_change(self.record)

    def undo(self) -> None:
        self._run(self.record.revert)
        self._on_change(self.record)

    def _run(self, step: Callable[[Project], None]) -> None:
        try:
            step(self.project)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            log.exception("undo or redo of %r failed", self.text())
            self._on_error(exc, details_of(exc))
