"""Entry point of ``pictor``: a sub-command runs the CLI, anything else the window.

``pictor`` opens the window, ``pictor PROJECT`` opens that project, and
``pictor COMMAND ...`` runs a command without a display.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _wants_cli(argv: Sequence[str]) -> bool:
    if not argv:
        return False
    first = argv[0]
    if first.startswith("-"):
        return True
    from engine.cli import command_names

    return first in command_names()


def window_self_test() -> str:
    """Open the main window offscreen and paint it once."""
    from desktop.selftest import check_window

    return check_window()


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # a no-op otherwise; skip the import
        import multiprocessing

        multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_cli(args):
        from engine.cli import main as cli_main

        return cli_main(args, extra_self_tests={"window": window_self_test})
    from desktop.app import run

    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
