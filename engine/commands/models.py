"""``pictor models list|download|import|remove``."""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli import add_json_flag, emit


def register(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser(
        "models", help="list, download, import or remove model weights"
    )
    actions = models.add_subparsers(
        dest="models_action", metavar="ACTION", required=True
    )

    listing = actions.add_parser("list", help="show the models and their state")
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    download = actions.add_parser(
        "download", help="download a model (Ctrl-C pauses; run again to resume)"
    )
    download.add_argument("name", help="model name, see `pictor models list`")
    add_json_flag(download)
    download.set_defaults(handler=run_download)

    imp = actions.add_parser(
        "import",
        help="import model files you already have: a weight file (.pth, .pt, "
        ".bin, .safetensors), and for multilingual CLIP also its tokenizer.json "
        "and config.json (as files or a folder)",
    )
    imp.add_argument("name", help="model name, see `pictor models list`")
    imp.add_argument(
        "files", nargs="+", metavar="FILE", help="the files, or a folder holding them"
    )
    add_json_flag(imp)
    imp.set_defaults(handler=run_import)

    remove = actions.add_parser("remove", help="delete a downloaded or imported model")
    remove.add_argument("name", help="model name")
    add_json_flag(remove)
    remove.set_defaults(handler=run_remove)


def run_list(args: argparse.Namespace) -> int:
    from engine.weights import human_size, list_models

    infos = list_models()
    rows = [
        f"{i.spec.name:<28} {i.status:<12} {human_size(i.spec.approx_size):>8}  "
        f"{i.spec.title}" + _partial_note(i)
        for i in infos
    ]
    emit(args, [i.to_json() for i in infos], "\n".join(rows))
    return 0


def _partial_note(info: Any) -> str:
    from engine.weights import human_size

    if info.partial_bytes and not info.installed:
        return f"  ({human_size(info.partial_bytes)} downloaded, resumable)"
    if info.missing_files:
        weights = info.spec.weights_file.filename
        names = ["a weight file" if f == weights else f for f in info.missing_files]
        return f"  (still needs {', '.join(names)})"
    return ""


def run_download(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.weights import download_job

    info = run_in_terminal(download_job(args.name))
    emit(args, info.to_json(), f"{info.spec.name}: {info.status} in {info.folder}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from engine.i18n import format_message
    from engine.jobs import run_in_terminal
    from engine.weights import import_job, import_outcome

    info = run_in_terminal(import_job(args.name, args.files))
    lines = [f"Imported {', '.join(args.files)} for {info.spec.name}."]
    lines += [format_message(t, p) for t, p in import_outcome(info)]
    if info.missing_files:
        lines.append(f"Add them with `pictor models import {info.spec.name} FILE...`.")
    else:
        lines.append(f"Installed in {info.folder}.")
    emit(args, info.to_json(), " ".join(lines))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from engine.weights import remove_model

    info = remove_model(args.name)
    emit(args, info.to_json(), f"{info.spec.name}: {info.status}")
    return 0
