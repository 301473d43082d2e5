"""``pictor import``, ``classes``, ``label``, ``export``, ``check`` and ``relink``."""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli import add_json_flag, emit


def register(sub: argparse._SubParsersAction) -> None:
    _register_import(sub)
    _register_classes(sub)
    _register_label(sub)
    _register_export(sub)
    _register_check(sub)


def _register_import(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import", help="add photos and folders (recursively) to a project"
    )
    parser.add_argument("project", help="path of the project")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument(
        "--classes-from-folders", action="store_true",
        help="label each photo with the name of its folder (train/val folders "
        "set the split)",
    )  # fmt: skip
    add_json_flag(parser)
    parser.set_defaults(handler=run_import)


_CLASS_ACTIONS = {"list": 0, "add": 1, "rename": 2, "merge": 2, "delete": 1}


def _register_classes(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "classes",
        help="list, add NAME, rename OLD NEW, merge A B (A's photos go to B) "
        "or delete NAME (its photos become unlabelled)",
    )
    parser.add_argument("project", help="path of the project")
    parser.add_argument("action", nargs="?", default="list", choices=_CLASS_ACTIONS)
    parser.add_argument("names", nargs="*", metavar="NAME")
    parser.add_argument("--colour", help="colour of a new class, #RRGGBB")
    parser.add_argument("--hotkey", type=int, help="digit 1-9 for a new class")
    add_json_flag(parser)
    parser.set_defaults(handler=run_classes, usage_error=parser.error)


def _register_label(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("label", help="label photos (paths or ids) with a class")
    parser.add_argument("project", help="path of the project")
    parser.add_argument(
        "photos", nargs="+", metavar="PHOTO", help="photo file paths or photo ids"
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--class", dest="class_name", metavar="NAME")
    what.add_argument("--unlabel", action="store_true", help="remove the label")
    what.add_argument("--skip", action="store_true", help="mark as skip / not sure")
    add_json_flag(parser)
    parser.set_defaults(handler=run_label)


def _register_export(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export", help="copy labelled photos into class folders, or write a CSV"
    )
    parser.add_argument("project", help="path of the project")
    parser.add_argument(
        "--to",
        required=True,
        metavar="DIR",
        dest="destination",
        help="an empty or new folder",
    )
    parser.add_argument("--format", choices=("folders", "csv"), default="folders")
    add_json_flag(parser)
    parser.set_defaults(handler=run_export)


def _register_check(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser(
        "check", help="find photos whose files are missing or damaged"
    )
    check.add_argument("project", help="path of the project")
    add_json_flag(check)
    check.set_defaults(handler=run_check)
    relink = sub.add_parser("relink", help="point photos under a moved folder to it")
    relink.add_argument("project", help="path of the project")
    relink.add_argument("old", help="the folder as it was")
    relink.add_argument("new", help="where it is now")
    add_json_flag(relink)
    relink.set_defaults(handler=run_relink)


# handlers


def run_import(args: argparse.Namespace) -> int:
    from engine import library
    from engine.jobs import run_in_terminal
    from engine.project import Project

    with Project.open(args.project) as project:
        job = library.import_job(
            project, args.paths, classes_from_folders=args.classes_from_folders
        )
        report = run_in_terminal(job)
    emit(args, report.as_dict(), _import_text(report))
    return 0


def _import_text(report: Any) -> str:
    lines = [f"Added {len(report.added)} photos."]
    if report.relinked:
        lines.append(f"Found {len(report.relinked)} missing photos at a new place.")
    if report.duplicates:
        lines.append(f"{len(report.duplicates)} already in the library:")
        lines += [f"  {i.path}: {i.message}" for i in report.duplicates]
    if report.classes_created:
        lines.append("New classes: " + ", ".join(report.classes_created))
    if report.problems:
        lines.append(f"{len(report.problems)} could not be added:")
        lines += [f"  {i.path}: {i.message}" for i in report.problems]
    if report.ignored:
        lines.append(f"{report.ignored} other files were ignored.")
    return "\n".join(lines)


def run_classes(args: argparse.Namespace) -> int:
    from engine import labels, library
    from engine.project import Project

    wanted = _CLASS_ACTIONS[args.action]
    if len(args.names) != wanted:
        args.usage_error(f"classes {args.action} takes {wanted} name(s)")
    with Project.open(args.project) as project:
        text = _change_classes(project, args)
        counts = library.library_counts(project).per_class
        data = [
            {
                "id": c.id,
                "name": c.name,
                "colour": c.colour,
                "hotkey": c.hotkey,
                "photos": counts.get(c.id, 0),
            }
            for c in labels.list_classes(project)
        ]
    listing = [
        f"{d['name']}\t{d['photos']} photos\thotkey {d['hotkey'] or '-'}\t{d['colour']}"
        for d in data
    ]
    emit(args, {"classes": data}, "\n".join(([text] if text else []) + listing))
    return 0


def _change_classes(project: Any, args: argparse.Namespace) -> str:
    from engine import labels

    names = args.names
    if args.action == "add":
        hotkey = "auto" if args.hotkey is None else args.hotkey
        labels.add_class(project, names[0], colour=args.colour, hotkey=hotkey)
        return f"Added class {names[0]}."
    if args.action == "rename":
        labels.rename_class(
            project, labels.require_class(project, names[0]).id, names[1]
        )
        return f"Renamed {names[0]} to {names[1]}."
    if args.action == "merge":
        source = labels.require_class(project, names[0])
        target = labels.require_class(project, names[1])
        record = labels.merge_classes(project, source.id, target.id)
        return f"Moved {len(record.states)} photos from {source.name} to {target.name}."
    if args.action == "delete":
        record = labels.delete_class(
            project, labels.require_class(project, names[0]).id
        )
        return (
            f"Deleted class {names[0]}; {record.unlabelled} photos are now unlabelled."
        )
    return ""


def run_label(args: argparse.Namespace) -> int:
    from engine import labels
    from engine.project import Project

    with Project.open(args.project) as project:
        label_class = None
        if args.class_name is not None:
            label_class = labels.require_class(project, args.class_name)
        ids = _photo_ids(project, args.photos)
        if label_class is not None:
            record = labels.label_photos(project, ids, label_class.id)
        elif args.unlabel:
            record = labels.unlabel_photos(project, ids)
        else:
            record = labels.skip_photos(project, ids)
    data = {
        "photos": list(record.photo_ids),
        "class": args.class_name,
        "unlabel": args.unlabel,
        "skip": args.skip,
    }
    emit(args, data, f"Changed {len(record.photo_ids)} photos.")
    return 0


def _photo_ids(project: Any, photos: list[str]) -> list[int]:
    """Photos named by path, or by id when no such file is in the project."""
    from engine import library

    ids = []
    for given in photos:
        photo = library.find_photo(project, given)
        if photo is None and given.isdigit():
            photo = library.get_photo(project, int(given))
        if photo is None:
            raise library.PhotoNotFound(photo=given)
        ids.append(photo.id)
    return ids


def run_export(args: argparse.Namespace) -> int:
    from engine import library
    from engine.jobs import run_in_terminal
    from engine.project import Project

    with Project.open(args.project) as project:
        report = run_in_terminal(
            library.export_job(project, args.destination, fmt=args.format)
        )
    data = {
        "destination": report.destination,
        "exported": report.exported,
        "problems": [{"path": i.path, "message": i.message} for i in report.problems],
    }
    lines = [f"Exported {report.exported} photos to {report.destination}."]
    lines += [f"  {i.path}: {i.message}" for i in report.problems]
    emit(args, data, "\n".join(lines))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from engine import library
    from engine.jobs import run_in_terminal
    from engine.project import Project

    with Project.open(args.project) as project:
        report = run_in_terminal(library.check_files_job(project))
    data = asdict(report)
    text = ", ".join(f"{len(v)} {k}" for k, v in data.items())
    emit(args, data, text)
    return 0


def run_relink(args: argparse.Namespace) -> int:
    from engine import library
    from engine.jobs import run_in_terminal
    from engine.project import Project

    with Project.open(args.project) as project:
        report = run_in_terminal(library.relink_job(project, args.old, args.new))
    data = {
        "relinked": report.relinked,
        "not_found": report.not_found,
        "refused": [{"path": i.path, "message": i.message} for i in report.refused],
    }
    lines = [
        f"Relinked {len(report.relinked)} photos; "
        f"{len(report.not_found)} not found at the new place."
    ]
    lines += [f"  {i.path}: {i.message}" for i in report.refused]
    emit(args, data, "\n".join(lines))
    return 0
