"""The ``pictor`` command line.

Sub-commands live in ``engine.commands``; each module has a ``register``
function that adds its parsers. Modules import heavy libraries only inside
their handlers, so ``pictor --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from engine import __version__
from engine.i18n import UserError
from engine.jobs import Cancelled

log = logging.getLogger(__name__)

# One module per group of sub-commands, in the order --help lists them.
COMMAND_MODULES = (
    "engine.commands.project",
    "engine.commands.selftest",
    "engine.commands.library",
    "engine.commands.lm",
    "engine.commands.models",
    "engine.commands.vision",
    "engine.commands.search",
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CANCELLED = 0, 1, 2, 130

SelfTestCheck = Callable[[], None]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pictor",
        description=(
            "Pictor: build photo datasets, train image classifiers, search "
            "photos by meaning and train language models on your own text. "
            "Run without a command to open the window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"Pictor {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log details to stderr"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def command_names() -> set[str]:
    """Names of the sub-commands (used to tell a command from a project path)."""
    parser = build_parser()
    for action in parser._actions:  # noqa: SLF001 - argparse has no public API
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return set(action.choices)
    return set()


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print machine-readable JSON"
    )


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print a command's result as JSON or as text for people."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif text:
        print(text)


def main(
    argv: Sequence[str] | None = None,
    *,
    extra_self_tests: dict[str, SelfTestCheck] | None = None,
) -> int:
    """Run a sub-command; return the process exit code.

    A :class:`UserError` prints its sentence; anything else is a bug: its
    traceback goes to the log file and one sentence says where that is.
    """
    from engine.logs import setup_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    setup_logging(
        level=logging.DEBUG if args.verbose else logging.INFO, to_stderr=args.verbose
    )
    args.extra_self_tests = extra_self_tests or {}
    try:
        return int(args.handler(args) or EXIT_OK)
    except Cancelled:
        _fail(args, "Cancelled; the project is unchanged since the last step.")
        return EXIT_CANCELLED
    except UserError as exc:
        log.info("command failed: %s", exc)
        _fail(args, cli_message(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _fail(args, "Stopped at once.")
        return EXIT_CANCELLED
    except Exception as exc:  # noqa: BLE001 - a bug: logged, told in one sentence
        log.exception("pictor %s crashed", args.command)
        _fail(args, _crash_message(exc))
        return EXIT_FAILED


def cli_message(exc: UserError) -> str:
    """The sentence the command line prints: an error's own wording for the
    terminal (``cli_template``) where the window's would not fit, such as
    "in the Models window"."""
    from engine.i18n import format_message

    template = getattr(exc, "cli_template", None)
    return format_message(template, exc.params) if template else str(exc)


def _crash_message(exc: Exception) -> str:
    from engine.logs import active_log_file

    what = f"Something unexpected went wrong ({type(exc).__name__}: {exc})."
    where = active_log_file()
    if where is None:
        return f"{what} Run the command again with --verbose to see the details."
    return f"{what} The details are in the log file {where}."


def _fail(args: argparse.Namespace, message: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"error": message}, ensure_ascii=False))
    else:
        print(f"pictor: {message}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
