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
        help="import a weight file you already have (.pth, .bin, .safetensors)",
    )
    imp.add_argument("name", help="model name, see `pictor models list`")
    imp.add_argument("file", help="the weight file")
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
    return ""


def run_download(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.weights import download_job

    info = run_in_terminal(download_job(args.name))
    emit(args, info.to_json(), f"{info.spec.name}: {info.status} in {info.folder}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.weights import import_job

    info = run_in_terminal(import_job(args.name, args.file))
    weights = (info.sidecar or {}).get("weights", {})
    if weights.get("verified"):
        check = "matches the official checksum"
    elif weights.get("checksum"):
        check = "does not match the official checksum (a different or retrained copy)"
    else:
        check = "no official checksum is published"
    emit(
        args,
        info.to_json(),
        f"Imported {args.file} as {info.spec.name} into {info.folder}; {check}.",
    )
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from engine.weights import remove_model

    info = remove_model(args.name)
    emit(args, info.to_json(), f"{info.spec.name}: {info.status}")
    return 0
