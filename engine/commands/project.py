"""``pictor init`` and ``pictor info``."""

from __future__ import annotations

import argparse

from engine.cli import add_json_flag, emit


def register(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help="create a new project folder (NAME.pictor)")
    init.add_argument("project", help="path of the project to create")
    init.add_argument("--name", help="display name (default: the folder name)")
    add_json_flag(init)
    init.set_defaults(handler=run_init)

    info = sub.add_parser("info", help="show a project's name, format and contents")
    info.add_argument("project", help="path of the project")
    add_json_flag(info)
    info.set_defaults(handler=run_info)


def run_init(args: argparse.Namespace) -> int:
    from engine.project import Project

    with Project.create(args.project, name=args.name) as project:
        data = {
            "path": str(project.path),
            "name": project.name,
            "schema": project.store.version(),
        }
    emit(args, data, f"Created {data['path']}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    from engine.i18n import format_message
    from engine.project import Project
    from engine.summary import summarise

    with Project.open(args.project) as project:
        summary = summarise(project)
        data = {
            "path": str(project.path),
            "name": project.name,
            "schema": project.store.version(),
            "contents": summary.to_json(),
            "meta": project.store.all_meta(),
        }
    lines = [f"{k}: {data[k]}" for k in ("path", "name", "schema")]
    lines += [f"{k}: {v}" for k, v in summary.to_json().items() if v is not None]
    lines.append(format_message(*summary.next_step()))
    emit(args, data, "\n".join(lines))
    return 0
