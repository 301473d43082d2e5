"""``pictor lm train``, ``generate``, ``search``, ``classify-train`` and
``classify``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cli import add_json_flag, emit

if TYPE_CHECKING:
    from engine.text.config import LMConfig
    from engine.text.train import TrainResult

PRESET_NAMES = ("small", "medium", "large")


def register(sub: argparse._SubParsersAction) -> None:
    lm = sub.add_parser("lm", help="train and use a language model on your own text")
    lm_sub = lm.add_subparsers(dest="lm_command", metavar="ACTION", required=True)
    _register_train(lm_sub)
    _register_generate(lm_sub)
    _register_search(lm_sub)
    _register_classify(lm_sub)


def _register_train(sub: argparse._SubParsersAction) -> None:
    from engine.text.config import DEFAULT_PRESET

    p = sub.add_parser("train", help="train a language model on text files")
    p.add_argument("project", help="path of the project")
    p.add_argument("files", nargs="+", help="text files (UTF-8, UTF-16, GBK...)")
    p.add_argument("--preset", choices=PRESET_NAMES, default=DEFAULT_PRESET)
    p.add_argument("--epochs", type=float, help="passes over the text (default 10)")
    p.add_argument("--minutes", type=float, help="stop after this many minutes")
    p.add_argument("--max-steps", type=_positive, help="stop after this many steps")
    p.add_argument("--tokenizer", choices=("auto", "char", "bpe"), default="auto")
    sizes = p.add_argument_group("sizes (override the preset)")
    sizes.add_argument("--layers", type=_positive, help="LSTM layers")
    sizes.add_argument(
        "--hidden", type=_positive, help="hidden size (the embedding follows it)"
    )
    sizes.add_argument("--dropout", type=_dropout, help="dropout, 0 to 0.9")
    sizes.add_argument("--seq-len", type=_at_least_two, help="tokens per chunk")
    add_json_flag(p)
    p.set_defaults(handler=run_train)


def _positive(value: str) -> int:
    return _bounded_int(value, 1)


def _at_least_two(value: str) -> int:
    return _bounded_int(value, 2)


def _bounded_int(value: str, low: int) -> int:
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if number < low:
        raise argparse.ArgumentTypeError(f"must be a whole number >= {low}: {value}")
    return number


def _dropout(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 0.9:
        raise argparse.ArgumentTypeError(f"must be between 0 and 0.9: {value}")
    return number


def _register_generate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("generate", help="write text with a trained model")
    p.add_argument("project", help="path of the project")
    p.add_argument("--run", help="model run id (default: the newest)")
    p.add_argument("--prompt", default="", help="text to continue")
    p.add_argument("--temperature", type=float, default=0.8)
    p.add_argument("--top-k", type=int, default=0, help="0 = off")
    p.add_argument("--top-p", type=float, default=0.95, help="1.0 = off")
    p.add_argument("--max-tokens", type=int, default=200)
    p.add_argument("--seed", type=int, help="same seed, same text")
    p.add_argument("--greedy", action="store_true", help="always the likeliest")
    add_json_flag(p)
    p.set_defaults(handler=run_generate)


def _register_search(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find lines of the training text by meaning")
    p.add_argument("project", help="path of the project")
    p.add_argument("query", help="text to look for")
    p.add_argument("--run", help="model run id (default: the newest)")
    p.add_argument("-k", type=int, default=10, help="number of results")
    p.add_argument("--pooling", choices=("last", "mean"), default="last")
    p.add_argument(
        "--paragraphs",
        action="store_true",
        help="search paragraphs (blocks between blank lines) instead of lines",
    )
    add_json_flag(p)
    p.set_defaults(handler=run_search)


def _register_classify(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "classify-train", help="learn labels from a CSV of texts and labels"
    )
    p.add_argument("project", help="path of the project")
    p.add_argument("csv", help="CSV file: a text column and a label column")
    p.add_argument("--run", help="model run id (default: the newest)")
    p.add_argument("--pooling", choices=("last", "mean"), default="last")
    add_json_flag(p)
    p.set_defaults(handler=run_classify_train)
    p = sub.add_parser("classify", help="give a text its likeliest labels")
    p.add_argument("project", help="path of the project")
    p.add_argument("text", help="text to classify")
    p.add_argument("--run", help="model run id (default: the newest)")
    p.add_argument("--top", type=int, default=3, help="number of labels shown")
    add_json_flag(p)
    p.set_defaults(handler=run_classify)


def run_train(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.project import Project
    from engine.text.corpus import add_project_text_files
    from engine.text.lstm import new_run_dir, remove_if_untrained
    from engine.text.train import TrainOptions, training_job

    options = TrainOptions(
        preset=args.preset,
        tokenizer=args.tokenizer,
        epochs=args.epochs,
        minutes=args.minutes,
        max_steps=args.max_steps,
        config=_sizes(args),
    )
    with Project.open(args.project) as project:
        run_dir = new_run_dir(project.runs_dir)
        try:
            job = training_job(args.files, run_dir, options)
            result = run_in_terminal(job, show_progress=not args.json)
        finally:
            # a failure or cancel before the first checkpoint leaves no model
            remove_if_untrained(run_dir)
        # the Text pane lists the files this model learnt from
        skipped = {Path(s.path).resolve() for s in result.skipped}
        read = [Path(f).resolve() for f in args.files]
        add_project_text_files(project, [f for f in read if f not in skipped])
    emit(args, _train_data(result), _train_text(result))
    return 0


def _sizes(args: argparse.Namespace) -> LMConfig | None:
    """The preset's sizes with the command line's overrides, or None."""
    from dataclasses import replace

    from engine.text.config import preset_config

    changes = {
        "layers": args.layers,
        "dropout": args.dropout,
        "seq_len": args.seq_len,
    }
    if args.hidden is not None:
        # the embedding follows the hidden size, so weight tying holds
        changes.update(hidden_size=args.hidden, embed_size=args.hidden)
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return None
    return replace(preset_config(args.preset, 0), **changes)


def _train_data(result: TrainResult) -> dict[str, object]:
    return {
        "run": result.run_id,
        "run_dir": str(result.run_dir),
        "stopped": result.stopped,
        "best_val_loss": result.best_val_loss,
        "steps": result.steps,
        "epochs": round(result.epochs, 3),
        "tokens_per_s": round(result.tokens_per_s, 1),
        "parameters": result.parameters,
        "tokenizer": result.tokenizer,
        "vocab_size": result.vocab_size,
        "sample": result.sample,
        "skipped": [
            {"file": s.path.name, "path": str(s.path), "reason": str(s.error)}
            for s in result.skipped
        ],
    }


def _train_text(result: TrainResult) -> str:
    best = "-" if result.best_val_loss is None else f"{result.best_val_loss:.4f}"
    lines = [
        f"Trained {result.run_id} ({result.stopped}): validation loss {best} "
        f"after {result.steps} steps, {result.tokens_per_s:.0f} tokens/s",
        *(f"Skipped {s.path.name}: {s.error}" for s in result.skipped),
        f"Sample:\n{result.sample}",
    ]
    return "\n".join(lines)


def run_generate(args: argparse.Namespace) -> int:
    from engine.jobs import Cancelled, CancelToken
    from engine.project import Project
    from engine.text.generate import GenerationOptions, generate_stream
    from engine.text.lstm import compute_device, find_run, load_checkpoint

    options = GenerationOptions(
        max_tokens=args.max_tokens,
        temperature=args.temperature,
        top_k=args.top_k,
        top_p=args.top_p,
        seed=args.seed,
        greedy=args.greedy,
    )
    options.validate()
    with Project.open(args.project) as project:
        run_dir = find_run(project.runs_dir, args.run)
    model, tokenizer = load_checkpoint(run_dir, device=compute_device())
    pieces = []
    stream = generate_stream(
        model, tokenizer, args.prompt, options, token=CancelToken()
    )
    if not args.json:
        sys.stdout.write(args.prompt)
    try:
        for piece in stream:
            pieces.append(piece)
            if not args.json:
                sys.stdout.write(piece)
                sys.stdout.flush()
    except KeyboardInterrupt:
        raise Cancelled from None
    if not args.json:
        sys.stdout.write("\n")
    emit(
        args, {"run": run_dir.name, "prompt": args.prompt, "text": "".join(pieces)}, ""
    )
    return 0


def run_search(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.project import Project
    from engine.text.embed import search_text, sentence_index_job
    from engine.text.lstm import compute_device, find_run, load_checkpoint

    with Project.open(args.project) as project:
        run_dir = find_run(project.runs_dir, args.run)
        unit = "paragraph" if args.paragraphs else "line"
        job = sentence_index_job(run_dir, pooling=args.pooling, unit=unit)
        index = run_in_terminal(job, show_progress=not args.json)
    model, tokenizer = load_checkpoint(run_dir, device=compute_device())
    hits = search_text(
        index, model, tokenizer, args.query, k=args.k, pooling=args.pooling
    )
    data = {
        "run": run_dir.name,
        "query": args.query,
        "unit": unit,
        "results": [
            {
                "text": h.sentence.text,
                "file": h.sentence.source,
                "line": h.sentence.line,
                "score": round(h.score, 4),
            }
            for h in hits
        ],
    }
    text = "\n".join(
        f"{h.score:6.3f}  {h.sentence.source}:{h.sentence.line}  "
        + h.sentence.text.replace("\n", " ⏎ ")
        for h in hits
    )
    emit(args, data, text)
    return 0


def run_classify_train(args: argparse.Namespace) -> int:
    from engine.jobs import run_in_terminal
    from engine.project import Project
    from engine.text.classify import ClassifierOptions, classifier_training_job
    from engine.text.lstm import find_run

    with Project.open(args.project) as project:
        run_dir = find_run(project.runs_dir, args.run)
        job = classifier_training_job(
            run_dir, args.csv, ClassifierOptions(pooling=args.pooling)
        )
        result = run_in_terminal(job, show_progress=not args.json)
    data = {
        "run": run_dir.name,
        "labels": list(result.labels),
        "accuracy": round(result.accuracy, 4),
        "train_count": result.train_count,
        "validation_count": result.validation_count,
        "confusion": [list(row) for row in result.confusion],
        "per_class": [
            {
                "label": s.label,
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "support": s.support,
            }
            for s in result.per_class
        ],
        "bad_rows": [{"line": b.line, "reason": b.message} for b in result.bad_rows],
    }
    lines = [
        f"Trained a classifier on {run_dir.name}: accuracy "
        f"{result.accuracy:.1%} on {result.validation_count} held-out texts",
        *(
            f"  {s.label}: precision {s.precision:.1%}, recall {s.recall:.1%} "
            f"({s.support})"
            for s in result.per_class
        ),
        *(f"  line {b.line} left out: {b.message}" for b in result.bad_rows),
    ]
    emit(args, data, "\n".join(lines))
    return 0


def run_classify(args: argparse.Namespace) -> int:
    from engine.project import Project
    from engine.text.classify import classify_text, load_classifier
    from engine.text.lstm import compute_device, find_run, load_checkpoint

    with Project.open(args.project) as project:
        run_dir = find_run(project.runs_dir, args.run)
    classifier = load_classifier(run_dir)
    model, tokenizer = load_checkpoint(run_dir, device=compute_device())
    guesses = classify_text(classifier, model, tokenizer, args.text, top=args.top)
    data = {
        "run": run_dir.name,
        "text": args.text,
        "labels": [
            {"label": g.label, "probability": round(g.probability, 4)} for g in guesses
        ],
    }
    text = "\n".join(f"{g.probability:6.1%}  {g.label}" for g in guesses)
    emit(args, data, text)
    return 0
