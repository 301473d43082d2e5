"""Sorting texts into the user's labels with the frozen language model.

The LSTM encoder turns each text into a vector (see :mod:`engine.text.embed`);
a linear layer over standardised vectors, i.e. multinomial logistic
regression, is trained on them with AdamW. Only the head is learned, so a
few hundred full-batch steps take well under a second.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Job, JobContext
from engine.text.embed import POOLINGS, _weights_stamp, embed_texts
from engine.text.labelled_csv import BadRow, LabelledCsv, read_labelled_csv
from engine.text.lstm import compute_device, load_checkpoint
from engine.text.tokenizers import TextTokenizer, write_atomic

if TYPE_CHECKING:
    from engine.text.network import LSTMLanguageModel

log = logging.getLogger(__name__)

HEAD_WEIGHTS = "classifier.safetensors"
HEAD_CONFIG = "classifier.json"
FORMAT = 1


class NoTextClassifier(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The language model “{run}” has no text classifier yet. Import a CSV "
        "of texts and labels and train one first.",
    )


class ClassifierOutdated(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The text classifier of “{run}” was trained on an earlier version of "
        "this language model. Train the classifier again.",
    )


class EmptyTextToClassify(UserError):
    template = QT_TRANSLATE_NOOP("engine", "Type some text to classify.")


@dataclass(frozen=True)
class ClassifierOptions:
    """How the head is trained."""

    pooling: str = "last"
    steps: int = 300
    lr: float = 0.05
    weight_decay: float = 0.01
    validation_fraction: float = 0.2
    seed: int = 0


@dataclass(frozen=True)
class ClassScore:
    """Validation figures of one label."""

    label: str
    precision: float
    recall: float
    support: int


@dataclass(frozen=True)
class ClassifierResult:
    """What training the head reports: figures on the held-out examples."""

    run_dir: Path
    labels: tuple[str, ...]
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]  # [true][predicted]
    per_class: tuple[ClassScore, ...]
    train_count: int
    validation_count: int
    bad_rows: tuple[BadRow, ...]
    pooling: str


@dataclass(frozen=True)
class LabelGuess:
    label: str
    probability: float


@dataclass(frozen=True)
class TextClassifier:
    """A trained head: ``softmax(W · (x - mean) / std + b)``."""

    labels: tuple[str, ...]
    pooling: str
    weight: np.ndarray  # (labels, hidden)
    bias: np.ndarray  # (labels,)
    mean: np.ndarray  # (hidden,)
    std: np.ndarray  # (hidden,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(n, labels) probabilities for (n, hidden) sentence vectors."""
        logits = ((vectors - self.mean) / self.std) @ self.weight.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def classifier_training_job(
    run_dir: str | os.PathLike[str],
    data: str | os.PathLike[str] | LabelledCsv,
    options: ClassifierOptions | None = None,
) -> Job:
    """A heavy job that trains a text classifier on top of a language model.

    Args:
        run_dir: the language-model run folder; the head is saved in it.
        data: a CSV of texts and labels, or one already read.
        options: pooling, steps and the validation share.

    Returns:
        A job whose result is a :class:`ClassifierResult`.
    """
    options = options or ClassifierOptions()

    def run(ctx: JobContext) -> ClassifierResult:
        labelled = data if isinstance(data, LabelledCsv) else read_labelled_csv(data)
        return train_classifier(Path(run_dir), labelled, options, ctx=ctx)

    return Job(
        QT_TRANSLATE_NOOP("engine", "Train text classifier on {name}"),
        run,
        heavy=True,
        title_args={"name": Path(run_dir).name},
    )


def train_classifier(
    run_dir: Path,
    labelled: LabelledCsv,
    options: ClassifierOptions,
    *,
    ctx: JobContext,
) -> ClassifierResult:
    """Embed, split, train, evaluate and save; see classifier_training_job."""
    if options.pooling not in POOLINGS:
        raise ValueError(f"unknown pooling {options.pooling!r}")
    model, tokenizer = load_checkpoint(run_dir, device=compute_device())
    labels = tuple(labelled.labels)
    texts = [e.text for e in labelled.examples]
    y = np.array([labels.index(e.label) for e in labelled.examples])
    x = embed_texts(model, tokenizer, texts, pooling=options.pooling, ctx=ctx)
    train, val = stratified_split(
        y, fraction=options.validation_fraction, seed=options.seed
    )
    head = fit_head(x[train], y[train], len(labels), options, ctx=ctx)
    classifier = TextClassifier(labels, options.pooling, *head)
    predicted = classifier.probabilities(x[val]).argmax(axis=1)
    confusion = confusion_matrix(y[val], predicted, len(labels))
    result = ClassifierResult(
        run_dir=run_dir,
        labels=labels,
        accuracy=float((predicted == y[val]).mean()) if len(val) else 0.0,
        confusion=tuple(tuple(int(v) for v in row) for row in confusion),
        per_class=class_scores(confusion, labels),
        train_count=len(train),
        validation_count=len(val),
        bad_rows=labelled.bad_rows,
        pooling=options.pooling,
    )
    save_classifier(run_dir, classifier, result, source=labelled.path)
    log.info(
        "text classifier for %s: %d labels, accuracy %.3f on %d held out",
        run_dir.name,
        len(labels),
        result.accuracy,
        len(val),
    )
    return result


def stratified_split(
    y: np.ndarray, *, fraction: float, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, validation) holding out about ``fraction`` of each
    label, at least one example of each, never all of one."""
    rng = np.random.default_rng(seed)
    train, val = [], []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        held = min(len(members) - 1, max(1, round(len(members) * fraction)))
        val += members[:held].tolist()
        train += members[held:].tolist()
    return np.array(sorted(train)), np.array(sorted(val))


def fit_head(
    x: np.ndarray,
    y: np.ndarray,
    n_labels: int,
    options: ClassifierOptions,
    *,
    ctx: JobContext,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Train the linear head full-batch; return (weight, bias, mean, std).

    Limit: classes are not reweighted (on a 9:1 test set reweighting cost
    accuracy and did not raise balanced accuracy), so a label with few
    examples is predicted less often than a common one.
    """
    import torch

    mean = x.mean(axis=0)
    std = x.std(axis=0) + 1e-6
    features = torch.from_numpy((x - mean) / std).float()  # (n, hidden)
    targets = torch.from_numpy(y).long()  # (n,)
    generator = torch.Generator().manual_seed(options.seed)
    head = torch.nn.Linear(features.shape[1], n_labels)
    with torch.no_grad():
        head.weight.normal_(0.0, 0.01, generator=generator)
        head.bias.zero_()
    optimizer = torch.optim.AdamW(
        head.parameters(), lr=options.lr, weight_decay=options.weight_decay
    )
    for step in range(options.steps):
        loss = torch.nn.functional.cross_entropy(head(features), targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        ctx.report(
            step + 1,
            options.steps,
            QT_TRANSLATE_NOOP("engine", "Training the classifier, step {step}"),
            metrics={"train_loss": float(loss.detach()), "step": float(step + 1)},
            step=step + 1,
        )
    return (
        head.weight.detach().numpy().copy(),
        head.bias.detach().numpy().copy(),
        mean.astype(np.float32),
        std.astype(np.float32),
    )


def confusion_matrix(y: np.ndarray, predicted: np.ndarray, n: int) -> np.ndarray:
    """(n, n) counts: row = true label, column = predicted label."""
    matrix = np.zeros((n, n), dtype=np.int64)
    np.add.at(matrix, (y, predicted), 1)
    return matrix


def class_scores(
    confusion: np.ndarray, labels: tuple[str, ...]
) -> tuple[ClassScore, ...]:
    """Precision and recall of each label (0 when undefined)."""
    scores = []
    for i, label in enumerate(labels):
        hits = int(confusion[i, i])
        predicted, actual = int(confusion[:, i].sum()), int(confusion[i].sum())
        scores.append(
            ClassScore(
                label,
                hits / predicted if predicted else 0.0,
                hits / actual if actual else 0.0,
                actual,
            )
        )
    return tuple(scores)


# files


def save_classifier(
    run_dir: Path,
    classifier: TextClassifier,
    result: ClassifierResult,
    *,
    source: Path | None = None,
) -> None:
    """Write the head (safetensors) and its description (json) atomically."""
    from safetensors.numpy import save

    tensors = {
        "weight": classifier.weight.astype(np.float32),
        "bias": classifier.bias.astype(np.float32),
        "mean": classifier.mean.astype(np.float32),
        "std": classifier.std.astype(np.float32),
    }
    write_atomic(run_dir / HEAD_WEIGHTS, save(tensors))
    config = {
        "format": FORMAT,
        "kind": "text-classifier",
        "run": run_dir.name,
        "lm_weights": _weights_stamp(run_dir),
        "labels": list(classifier.labels),
        "pooling": classifier.pooling,
        "accuracy": result.accuracy,
        "confusion": [list(row) for row in result.confusion],
        "train_count": result.train_count,
        "validation_count": result.validation_count,
        "source": str(source) if source is not None else None,
        "trained": time.time(),
    }
    write_atomic(
        run_dir / HEAD_CONFIG, json.dumps(config, ensure_ascii=False, indent=2)
    )


def read_classifier_config(run_dir: Path) -> dict[str, Any] | None:
    """The head's description, or None when the run has no classifier."""
    try:
        config = json.loads((run_dir / HEAD_CONFIG).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return config if config.get("kind") == "text-classifier" else None


def load_classifier(run_dir: str | os.PathLike[str]) -> TextClassifier:
    """The head saved in ``run_dir``.

    Raises:
        NoTextClassifier: none was trained (or its files are damaged).
        ClassifierOutdated: the language model changed since.
    """
    from safetensors.numpy import load_file

    run_dir = Path(run_dir)
    config = read_classifier_config(run_dir)
    if config is None:
        raise NoTextClassifier(run=run_dir.name)
    if config.get("lm_weights") != _weights_stamp(run_dir):
        raise ClassifierOutdated(run=run_dir.name)
    try:
        t = load_file(str(run_dir / HEAD_WEIGHTS))
        classifier = TextClassifier(
            tuple(config["labels"]),
            config["pooling"],
            t["weight"],
            t["bias"],
            t["mean"],
            t["std"],
        )
        if classifier.weight.shape != (len(classifier.labels), len(classifier.mean)):
            raise ValueError("head does not fit its labels")
    except (OSError, ValueError, KeyError) as exc:
        log.warning("text classifier in %s unusable: %s", run_dir, exc)
        raise NoTextClassifier(run=run_dir.name) from exc
    return classifier


def classify_text(
    classifier: TextClassifier,
    model: LSTMLanguageModel,
    tokenizer: TextTokenizer,
    text: str,
    *,
    top: int = 3,
) -> list[LabelGuess]:
    """The ``top`` likeliest labels of ``text``, most likely first.

    Raises:
        EmptyTextToClassify: the text is blank.
    """
    if not text.strip():
        raise EmptyTextToClassify()
    vector = embed_texts(model, tokenizer, [text.strip()], pooling=classifier.pooling)
    probs = classifier.probabilities(vector)[0]
    order = np.argsort(-probs, kind="stable")[:top]
    return [LabelGuess(classifier.labels[i], float(probs[i])) for i in order]
