"""User edits of the library, each one engine call and one undo step.

Every method calls the engine (which commits before it returns), puts the
returned record on the window's undo stack and tells the views. A refusal
(an engine UserError, such as a taken class name) is shown as one sentence
and nothing is pushed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.errors import details_of
from desktop.undo import EngineCommand
from engine import labels, library
from engine.i18n import UserError

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from desktop.library_session import LibrarySession
    from desktop.panes.base import PaneServices

log = logging.getLogger(__name__)


class LibraryEdits:
    """Labelling, split, removal and class edits for the current session."""

    def __init__(
        self,
        services: PaneServices,
        session: Callable[[], LibrarySession | None],
    ) -> None:
        self._services = services
        self._session = session

    @property
    def undo_stack(self) -> QUndoStack:
        """The window's undo stack, where every edit goes."""
        return self._services.undo_stack

    # photos

    def label(self, photo_ids: Sequence[int], class_id: int) -> Any:
        return self._do(
            photo_ids, lambda p: labels.label_photos(p, photo_ids, class_id)
        )

    def unlabel(self, photo_ids: Sequence[int]) -> Any:
        return self._do(photo_ids, lambda p: labels.unlabel_photos(p, photo_ids))

    def skip(self, photo_ids: Sequence[int]) -> Any:
        return self._do(photo_ids, lambda p: labels.skip_photos(p, photo_ids))

    def pin(self, photo_ids: Sequence[int], split: str | None) -> Any:
        return self._do(photo_ids, lambda p: labels.pin_split(p, photo_ids, split))

    def remove(self, photo_ids: Sequence[int]) -> Any:
        return self._do(photo_ids, lambda p: library.remove_photos(p, photo_ids))

    # classes

    def add_class(self, name: str) -> Any:
        return self._do(True, lambda p: labels.add_class(p, name))

    def rename_class(self, class_id: int, name: str) -> Any:
        return self._do(True, lambda p: labels.rename_class(p, class_id, name))

    def recolour_class(self, class_id: int, colour: str) -> Any:
        return self._do(True, lambda p: labels.recolour_class(p, class_id, colour))

    def set_hotkey(self, class_id: int, hotkey: int | None) -> Any:
        return self._do(True, lambda p: labels.set_hotkey(p, class_id, hotkey))

    def merge_classes(self, source_id: int, target_id: int) -> Any:
        return self._do(True, lambda p: labels.merge_classes(p, source_id, target_id))

    def delete_class(self, class_id: int) -> Any:
        return self._do(True, lambda p: labels.delete_class(p, class_id))

    # one step

    def _do(self, target: Any, operation: Callable[[Any], Any]) -> Any:
        session = self._session()
        if session is None or not target:
            return None
        try:
            record = operation(session.project)
        except UserError as exc:
            log.info("refused: %s", exc)
            self._services.show_error(exc, details_of(exc))
            return None
        command = EngineCommand(
            session.project,
            record,
            on_change=session.notify,
            on_error=self._services.show_error,
        )
        self._services.undo_stack.push(command)
        return record
