"""``pictor index``, ``search`` and ``duplicates``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from engine.cli import add_json_flag, emit


def register(sub: argparse._SubParsersAction) -> None:
    _register_index(sub)
    _register_search(sub)
    _register_duplicates(sub)


def _register_index(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "index",
        help="index the library's photos (and extra folders) for search by meaning",
    )
    parser.add_argument("project", help="path of the project")
    parser.add_argument(
        "folders", nargs="*", metavar="FOLDER", help="extra folders to search too"
    )
    parser.add_argument("--model", help="search model (default: clip-vit-b32)")
    add_json_flag(parser)
    parser.set_defaults(handler=run_index)


def _register_search(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("search", help="find photos by a description or a photo")
    parser.add_argument("project", help="path of the project")
    parser.add_argument("text", nargs="?", default="", help="what the photo shows")
    parser.add_argument(
        "--image", metavar="PHOTO", help="a photo file, or a library photo id"
    )
    parser.add_argument("-k", type=int, default=20, help="how many results")
    parser.add_argument("--exclude", default="", metavar="WORDS", help="less of this")
    parser.add_argument("--folder", help="only photos under this folder")
    add_json_flag(parser)
    parser.set_defaults(handler=run_search, usage_error=parser.error)


def _register_duplicates(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("duplicates", help="list groups of look-alike photos")
    parser.add_argument("project", help="path of the project")
    parser.add_argument(
        "--threshold", type=float, default=0.95, help="similarity 0.8-1 (default 0.95)"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run_duplicates)


# handlers


def run_index(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.project import Project
    from engine.vision.indexing import index_job, search_model

    with Project.open(args.project) as project:
        model = args.model or search_model(project)
        report = run_in_terminal(index_job(project, args.folders, model=model))
    _note(args, report.index_note)
    lines = [
        f"{report.found} photos; {report.encoded} read by the model, "
        f"{report.reused} reused, {report.removed} removed ({report.seconds:.1f} s)."
    ]
    if report.problems:
        lines.append(f"Cannot be searched ({len(report.problems)}):")
        lines += [f"  {p.path}: {p.message}" for p in report.problems]
    emit(args, report.as_dict(), "\n".join(lines))
    return 0


def run_search(args: argparse.Namespace) -> int:
    from engine.project import Project
    from engine.vision.search import SearchFilter, photo_path, search

    if args.k < 1:
        args.usage_error("-k must be at least 1")
    photo = photo_path(args.image) if args.image else None
    with Project.open(args.project) as project:
        result = search(
            project,
            args.text,
            photo=photo,
            exclude=args.exclude,
            k=args.k,
            filters=SearchFilter(folder=args.folder),
        )
    _note(args, result.index_note)
    emit(args, result.as_dict(), _search_text(result))
    return 0


def _search_text(result: Any) -> str:
    lines = [f"{hit.score:.3f}\t{hit.path}" for hit in result.hits]
    lines = [
        line + ("\t(changed since indexing)" if hit.status == "changed" else "")
        for line, hit in zip(lines, result.hits, strict=True)
    ]
    if result.no_good_match:
        lines.insert(0, "No good match: these are only the closest photos.")
    return "\n".join(lines) or "No photos found."


def run_duplicates(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.project import Project
    from engine.vision.duplicates import LOWEST_THRESHOLD, duplicates_job

    with Project.open(args.project) as project:
        floor = min(args.threshold, LOWEST_THRESHOLD)
        pairs = run_in_terminal(duplicates_job(project, floor=floor))
        groups = pairs.groups(args.threshold)
    lines = []
    for number, group in enumerate(groups, 1):
        lines.append(f"Group {number} (similarity ≥ {group.min_score:.3f}):")
        lines += [f"  {f.path}" for f in group.files]
    data = {"threshold": args.threshold, "groups": [g.as_dict() for g in groups]}
    emit(args, data, "\n".join(lines) or "No look-alike photos.")
    return 0


def _note(args: argparse.Namespace, note: str) -> None:
    if note and not getattr(args, "json", False):
        print(f"pictor: {note}", file=sys.stderr)
