"""``pictor self-test``."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from engine.cli import add_json_flag, emit


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "self-test",
        help="check that every part of this installation works (no display needed)",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run_self_test)


def run_self_test(args: argparse.Namespace) -> int:
    from engine.selftest import run_checks

    results = run_checks(args.extra_self_tests)
    passed = all(r.passed for r in results)
    lines = [
        f"{'PASS' if r.passed else 'FAIL'}  {r.name:<8} {r.seconds:6.2f} s  {r.detail}"
        for r in results
    ]
    lines.append("all checks passed" if passed else "some checks FAILED")
    emit(
        args,
        {"passed": passed, "checks": [asdict(r) for r in results]},
        "\n".join(lines),
    )
    return 0 if passed else 1
