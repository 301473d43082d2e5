"""Whether a photo looks like the photos a classifier was trained on.

Softmax probabilities always add up to one, so a photo of something else
still gets a confident-looking class (with two classes the best one is never
below 50 %). Pictor therefore also measures, in the backbone's feature
space, how close a photo is to the training photos of the class it is given.

The method is nearest-centroid with centred, L2-normalised features, as in
SimpleShot (Wang et al. 2019, "SimpleShot: Revisiting Nearest-Neighbor
Classification for Few-Shot Learning"): subtract the training photos' mean
feature, normalise, average per class and normalise again. The cut-off is
calibrated on the validation photos: a low percentile of their cosine
similarity to their own class, minus a margin. Below it a photo is "none of
these" whatever its probability.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

FILE = "familiarity.safetensors"
PERCENTILE = 5.0  # of the validation photos' similarity to their own class
MARGIN = 0.1  # below that percentile, in cosine similarity


@dataclass(frozen=True)
class Familiarity:
    """Class centroids in the backbone's feature space and the calibrated
    cut-off.

    ``mean`` is the training photos' mean feature (dim,); ``centroids`` the
    unit-length class centres (classes, dim) in the model's output order;
    ``cutoff`` the least cosine similarity to the predicted class's centre
    of a photo that still counts as one of the classes.
    """

    mean: np.ndarray
    centroids: np.ndarray
    cutoff: float

    @classmethod
    def fit(
        cls,
        train_x: np.ndarray,
        train_y: np.ndarray,
        val_x: np.ndarray,
        val_y: np.ndarray,
        n_classes: int,
    ) -> Familiarity | None:
        """Centroids from the training photos, cut-off from the validation
        photos.

        Args:
            train_x: (n, dim) pooled features of the training photos.
            train_y: (n,) their class indices.
            val_x: (m, dim) pooled features of the validation photos.
            val_y: (m,) their class indices.
            n_classes: outputs of the model.

        Returns:
            The fitted :class:`Familiarity`, or None when a class has no
            training photo or there is no validation photo to calibrate on.
        """
        train_x = np.asarray(train_x, dtype=np.float32)
        present = set(np.asarray(train_y).tolist())
        if len(val_x) == 0 or present != set(range(n_classes)):
            return None
        mean = train_x.mean(axis=0)
        unit = _unit(train_x - mean)  # (n, dim)
        centroids = np.stack(
            [unit[train_y == c].mean(axis=0) for c in range(n_classes)]
        )
        partial = cls(mean, _unit(centroids), 0.0)
        own = partial.similarity(val_x, np.asarray(val_y))  # (m,)
        cutoff = float(np.percentile(own, PERCENTILE)) - MARGIN
        return cls(mean, partial.centroids, cutoff)

    def similarity(self, features: np.ndarray, classes: np.ndarray) -> np.ndarray:
        """Cosine similarity (n,) of each photo's centred feature (n, dim)
        to the centre of the class given for it (n,)."""
        unit = _unit(np.asarray(features, dtype=np.float32) - self.mean)
        return np.einsum("nd,nd->n", unit, self.centroids[np.asarray(classes)])

    def familiar(
        self, features: np.ndarray, classes: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The similarity (n,) and whether it reaches the cut-off (n,)."""
        similarity = self.similarity(features, classes)
        return similarity, similarity >= self.cutoff

    def save(self, folder: Path) -> None:
        """Write ``familiarity.safetensors`` into a run folder, atomically."""
        from engine.vision import runs

        runs.write_tensors(
            folder / FILE,
            {
                "mean": self.mean.astype(np.float32),
                "centroids": self.centroids.astype(np.float32),
                "cutoff": np.array([self.cutoff], dtype=np.float32),
            },
        )

    @classmethod
    def load(cls, folder: Path, *, n_classes: int, dim: int) -> Familiarity | None:
        """The run's familiarity, or None for runs trained without it (or
        with an unreadable file: prediction then uses the probability only).
        """
        path = folder / FILE
        if not path.is_file():
            return None
        try:
            found = _read(path)
            mean, centroids = found["mean"], found["centroids"]
            cutoff = float(found["cutoff"][0])
        except Exception:  # noqa: BLE001 - an unreadable file only loses the check
            log.warning("cannot read %s; judging by probability only", path)
            return None
        if mean.shape != (dim,) or centroids.shape != (n_classes, dim):
            log.warning("%s does not fit the model; ignored", path)
            return None
        return cls(mean, centroids, cutoff)


def _read(path: Path) -> dict[str, Any]:
    from safetensors.numpy import load_file

    return load_file(str(path))


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)
