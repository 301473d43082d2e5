"""What a user reads when something fails: one translated sentence.

The sentence comes from :func:`user_message`; the traceback is logged and
kept for "Copy details". :class:`ErrorReporter` carries errors raised in any
thread to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.i18n import engine_text
from engine.i18n import UserError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str:
    """One translated sentence for ``exc``.

    An engine :class:`UserError` says what happened and what to do; anything
    else is a bug, so the sentence names the exception type and points to
    the details.
    """
    if isinstance(exc, UserError):
        return engine_text(exc.template, exc.params)
    return QCoreApplication.translate(
        "errors",
        "Something unexpected went wrong ({kind}). Use “Copy details” to "
        "report it; the details are also in the log.",
    ).format(kind=type(exc).__name__)


def details_of(exc: BaseException) -> str:
    """The full traceback of ``exc`` as text."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


class ErrorReporter(QObject):
    """Forwards errors from any thread to the GUI thread.

    :meth:`report` may be called from any thread; ``raised`` is delivered in
    the thread this object lives in (the GUI thread), so the receiver may
    touch widgets.
    """

    raised = Signal(object, str)

    def report(self, exc: BaseException, details: str) -> None:
        self.raised.emit(exc, details)
