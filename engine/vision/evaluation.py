"""How good a trained classifier is: accuracy, per-class precision and
recall, the confusion matrix with its photos, and photos that are probably
mislabelled.

The results are plain JSON stored with the run::

    {"accuracy": float, "val_loss": float, "epoch": int,
     "classes": [{"id", "name"}],          # in the model's output order
     "per_class": [{"id", "name", "precision", "recall", "support"}],
     "confusion": [[count]],                # rows: label, columns: predicted
     "confusion_photos": [[[photo ids]]],   # the photos in each cell
     "mislabelled": [{"photo_id", "split", "label", "predicted",
                      "confidence"}],       # most confident first
     "mislabelled_method": "out-of-fold" | "model"}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

# A photo is listed as probably mislabelled when the model gives another
# class at least this probability.
MISLABEL_CONFIDENCE = 0.8


def evaluate(
    probs: np.ndarray,
    targets: np.ndarray,
    photo_ids: Sequence[int],
    classes: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """Accuracy, per-class figures and the confusion matrix.

    Args:
        probs: (photos, classes) probabilities.
        targets: (photos,) label indices.
        photo_ids: the photo of each row.
        classes: ``{"id", "name"}`` per output, in order.

    Returns:
        The ``accuracy``, ``classes``, ``per_class``, ``confusion`` and
        ``confusion_photos`` entries of the results.
    """
    n = len(classes)
    predicted = probs.argmax(axis=1) if len(probs) else np.zeros(0, dtype=int)
    counts = np.zeros((n, n), dtype=int)
    photos: list[list[list[int]]] = [[[] for _ in range(n)] for _ in range(n)]
    for pid, label, guess in zip(photo_ids, targets, predicted, strict=True):
        counts[label, guess] += 1
        photos[int(label)][int(guess)].append(int(pid))
    return {
        "accuracy": float((predicted == targets).mean()) if len(targets) else 0.0,
        "classes": [{"id": c["id"], "name": c["name"]} for c in classes],
        "per_class": _per_class(counts, classes),
        "confusion": counts.tolist(),
        "confusion_photos": photos,
    }


def _per_class(
    counts: np.ndarray, classes: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    rows = []
    for i, c in enumerate(classes):
        hit = int(counts[i, i])
        predicted = int(counts[:, i].sum())
        support = int(counts[i].sum())
        rows.append(
            {
                "id": c["id"],
                "name": c["name"],
                "precision": hit / predicted if predicted else None,
                "recall": hit / support if support else None,
                "support": support,
            }
        )
    return rows


def mislabelled(
    probs: np.ndarray,
    targets: np.ndarray,
    photo_ids: Sequence[int],
    splits: Sequence[str],
    classes: Sequence[Mapping[str, Any]],
    *,
    confidence: float = MISLABEL_CONFIDENCE,
) -> list[dict[str, Any]]:
    """Photos whose label the model confidently contradicts, most confident
    first.

    Args:
        probs: (photos, classes) probabilities.
        targets: (photos,) label indices.
        photo_ids: the photo of each row.
        splits: "train" or "val" of each row.
        classes: ``{"id", "name"}`` per output, in order.
        confidence: the least probability of the other class.

    Returns:
        The ``mislabelled`` entries of the results.
    """
    if not len(probs):
        return []
    predicted = probs.argmax(axis=1)
    best = probs.max(axis=1)
    found = [
        {
            "photo_id": int(photo_ids[i]),
            "split": splits[i],
            "label": classes[int(targets[i])]["id"],
            "predicted": classes[int(predicted[i])]["id"],
            "confidence": float(best[i]),
        }
        for i in np.flatnonzero((predicted != targets) & (best >= confidence))
    ]
    return sorted(found, key=lambda row: -row["confidence"])
