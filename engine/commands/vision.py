"""``pictor train``, ``predict``, ``export-model`` and ``runs``: the image
classifier from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from engine.cli import add_json_flag, emit

BACKBONE_CHOICES = ("resnet18", "resnet50")
MODE_CHOICES = ("quick", "finetune-last", "finetune-all")


def register(sub: argparse._SubParsersAction) -> None:
    _register_train(sub)
    _register_predict(sub)
    _register_export(sub)
    _register_runs(sub)


def _register_train(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "train", help="train an image classifier on the labelled photos"
    )
    parser.add_argument("project", help="path of the project")
    parser.add_argument("--backbone", choices=BACKBONE_CHOICES, default="resnet18")
    parser.add_argument(
        "--mode", choices=MODE_CHOICES, default="quick",
        help="quick: train a new head on stored features (fast); finetune-last: "
        "also the last block; finetune-all: every layer",
    )  # fmt: skip
    parser.add_argument("--epochs", type=int, help="default: 30 quick, 10 fine-tune")
    parser.add_argument(
        "--check", action="store_true", help="only check the data and estimate time"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run_train)


def _register_predict(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("predict", help="classify photos with a trained model")
    parser.add_argument("project", help="path of the project")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--run", type=int, help="training run (default: active)")
    parser.add_argument(
        "--threshold", type=float,
        help="below this confidence a photo is 'none of these' (default: a "
        "fifth of the way from chance to certainty, 0.6 for two classes); "
        "photos unlike the training photos are 'none of these' in any case",
    )  # fmt: skip
    parser.add_argument("--csv", metavar="FILE", help="write path,class,confidence")
    parser.add_argument(
        "--copy-to", metavar="DIR", help="copy each photo into DIR/CLASS/"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run_predict)


def _register_export(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export-model",
        help="export a trained classifier (normalisation inside; resize and crop "
        "shown in predict_example.py) and check it",
    )
    parser.add_argument("project", help="path of the project")
    parser.add_argument("--run", type=int, help="training run (default: active)")
    parser.add_argument("--format", choices=("onnx", "torchscript"), required=True)
    parser.add_argument("--to", required=True, metavar="DIR", dest="destination")
    add_json_flag(parser)
    parser.set_defaults(handler=run_export_model)


def _register_runs(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("runs", help="list training runs, or make one active")
    parser.add_argument("project", help="path of the project")
    parser.add_argument("--activate", type=int, metavar="ID", help="use this run")
    add_json_flag(parser)
    parser.set_defaults(handler=run_runs)


def _prepare_compute() -> None:
    from engine import compute

    compute.apply(compute.current())


# handlers


def run_train(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.project import Project
    from engine.vision import checks, training

    _prepare_compute()
    config = training.TrainConfig(
        backbone=args.backbone, mode=args.mode, epochs=args.epochs
    )
    with Project.open(args.project) as project:
        if args.check:
            return _check_only(args, project, config)
        problems = training.check_before_training(project, config)
        if any(p.severity == checks.ERROR for p in problems) and not args.json:
            # training refuses; say everything that is wrong, not only the first
            for problem in problems:
                print(f"{problem.severity}: {problem.message}")
        result = run_in_terminal(training.train_job(project, config))
    emit(args, result.to_json(), _train_text(result))
    return 0


def _check_only(args: argparse.Namespace, project: Any, config: Any) -> int:
    from engine.vision import checks, estimate, training

    problems = training.check_before_training(project, config)
    seconds = estimate.estimate_seconds(project, config)
    data = {"problems": [p.to_json() for p in problems], "estimate_s": seconds}
    lines = [f"{p.severity}: {p.message}" for p in problems]
    lines.append(f"Estimated time: about {estimate.human_duration(seconds)}.")
    emit(args, data, "\n".join(lines))
    return 1 if any(p.severity == checks.ERROR for p in problems) else 0


def _train_text(result: Any) -> str:
    run = result.run
    lines = [f"{p.severity}: {p.message}" for p in result.problems]
    lines += [
        f"Run {run.id}: validation accuracy {result.accuracy:.1%} "
        f"(best epoch {result.best_epoch}, {result.stopped}).",
        f"Saved in {run.folder}.",
    ]
    if run.message_text:
        lines.append(run.message_text)
    if result.features_computed or result.features_reused:
        lines.append(
            f"Features: {result.features_computed} computed, "
            f"{result.features_reused} reused."
        )
    wrong = (run.results or {}).get("mislabelled", [])
    if wrong:
        lines.append(f"{len(wrong)} photos may be mislabelled (see --json).")
    return "\n".join(lines)


def run_predict(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.project import Project
    from engine.vision import classifier

    _prepare_compute()
    with Project.open(args.project) as project:
        job = classifier.predict_job(
            project, args.paths, run_id=args.run, threshold=args.threshold,
            csv_path=args.csv, copy_to=args.copy_to,
        )  # fmt: skip
        report = run_in_terminal(job)
    emit(args, report.to_json(), _predict_text(report))
    return 0


def _predict_text(report: Any) -> str:
    lines = []
    for p in report.predictions:
        name = "(none of these)" if p.none_of_these else p.best.name
        if p.unlike_training:
            name = "(none of these: unlike the training photos)"
        lines.append(f"{p.path}\t{name}\t{p.best.probability:.3f}")
    lines += [f"{path}\tnot read: {reason}" for path, reason in report.problems]
    if report.csv_path:
        lines.append(f"Wrote {report.csv_path}.")
    if report.copied:
        lines.append(f"Copied {report.copied} photos.")
    return "\n".join(lines)


def run_export_model(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.project import Project
    from engine.vision import export

    _prepare_compute()
    with Project.open(args.project) as project:
        job = export.export_job(project, args.format, args.destination, run_id=args.run)
        result = run_in_terminal(job)
    verdict = (
        "the same predictions as Pictor"
        if result.agrees
        else "DIFFERENT predictions from Pictor"
    )
    text = (
        f"Wrote {result.model_path} and {result.classes_path}.\n"
        f"{result.example_path} resizes and crops photos as Pictor does; the "
        "model itself only normalises them.\n"
        f"Checked on {result.checked} validation photos: {verdict} "
        f"(largest probability difference {result.max_difference:.2g})."
    )
    emit(args, result.to_json(), text)
    return 0 if result.agrees else 1


def run_runs(args: argparse.Namespace) -> int:
    from engine.project import Project
    from engine.vision import runs

    with Project.open(args.project) as project:
        if args.activate is not None:
            runs.set_active_run(project, args.activate)
        found = runs.list_runs(project)
    lines = []
    for run in found:
        accuracy = (run.results or {}).get("accuracy")
        shown = f"{accuracy:.1%}" if accuracy is not None else "-"
        mark = "*" if run.active else " "
        lines.append(
            f"{mark} {run.id}\t{run.config.get('backbone')}\t"
            f"{run.config.get('mode')}\t{run.status}\t{shown}"
        )
    emit(args, [r.to_json() for r in found], "\n".join(lines) or "No runs yet.")
    return 0
