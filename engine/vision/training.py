"""Train an image classifier on the project's labelled photos, as a job.

Three modes, from a pretrained ResNet (transfer learning):

- ``quick``: the backbone stays frozen; its pooled features are computed
  once per photo and stored, and only a new linear head is trained on them.
- ``finetune-last``: the last residual block (layer4) learns too.
- ``finetune-all``: every layer learns.

AdamW with a linear warm-up and a cosine decay (Loshchilov & Hutter),
cross-entropy with label smoothing (Szegedy et al. 2016), early stopping
on the validation set, best model saved after every improvement.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import compute, labels, library
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.jobs import Cancelled, Job, JobContext
from engine.vision import checks, evaluation, runs
from engine.vision.backbones import (
    DEFAULT_BACKBONE,
    IMAGE_SIZE,
    LAST_BLOCK,
    Backbone,
    build_classifier,
    check_backbone,
    eval_transform,
    load_backbone,
    make_head,
    train_transform,
)
from engine.vision.checks import DataNotReady, DataProblem, LabelledPhoto
from engine.vision.familiarity import Familiarity
from engine.vision.features import FeaturePhoto, ensure_features, stored_features
from engine.vision.pipeline import PhotoRef, batches

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

QUICK, FINETUNE_LAST, FINETUNE_ALL = "quick", "finetune-last", "finetune-all"
MODES = (QUICK, FINETUNE_LAST, FINETUNE_ALL)
OUT_OF_FOLD = 5  # folds for the quick mode's mislabelled photos

TRAIN_TITLE = QT_TRANSLATE_NOOP("engine", "Train a classifier")
TRAINING = QT_TRANSLATE_NOOP("engine", "Epoch {epoch} of {epochs}: training")
VALIDATING = QT_TRANSLATE_NOOP(
    "engine", "Epoch {epoch} of {epochs}: checking the validation photos"
)
FINDING_MISTAKES = QT_TRANSLATE_NOOP("engine", "Looking for mislabelled photos")
STOPPED_EARLY = QT_TRANSLATE_NOOP(
    "engine",
    "Stopped after epoch {epoch}: the validation results had not improved for "
    "{patience} epochs. The best model, from epoch {best}, is kept.",
)


class UnknownMode(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "“{mode}” is not a training mode. Choose {known}."
    )


class TrainingDiverged(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Training stopped in epoch {epoch}: the loss became {value}. The best "
        "model so far is kept; try again with a lower learning rate.",
    )


@dataclass(frozen=True)
class TrainConfig:
    """What the user chose for one run; the rest are sound defaults.

    ``epochs`` None means 30 for quick, 10 for the fine-tune modes;
    ``lr`` None means 3e-3 for the head on stored features (minibatches of
    ``head_batch_size``), 1e-3 when fine-tuning (the backbone learns at
    ``backbone_lr_ratio`` times that). ``device`` None follows the
    preferences (``engine.compute``). ``max_steps`` ends training early
    (dry runs); ``image_size`` changes the input side (tests use small ones).
    """

    backbone: str = DEFAULT_BACKBONE
    mode: str = QUICK
    epochs: int | None = None
    batch_size: int = 32
    head_batch_size: int = 128
    lr: float | None = None
    backbone_lr_ratio: float = 0.1
    weight_decay: float = 0.01
    dropout: float = 0.2
    label_smoothing: float = 0.1
    warmup_fraction: float = 0.05
    patience: int = 5
    image_size: int = IMAGE_SIZE
    seed: int = 0
    device: str | None = None
    workers: int | None = None
    max_steps: int | None = None
    mislabel_confidence: float = evaluation.MISLABEL_CONFIDENCE

    @property
    def planned_epochs(self) -> int:
        if self.epochs is not None:
            return max(1, int(self.epochs))
        return 30 if self.mode == QUICK else 10

    @property
    def head_lr(self) -> float:
        if self.lr is not None:
            return self.lr
        return 3e-3 if self.mode == QUICK else 1e-3

    def check(self) -> None:
        """Raise a UserError for an unknown backbone or mode."""
        check_backbone(self.backbone)
        if self.mode not in MODES:
            raise UnknownMode(mode=self.mode, known=", ".join(MODES))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TrainResult:
    """What a finished run reports.

    ``stopped``: finished, early_stopped or step_limit. ``features_computed``
    and ``features_reused`` count photo contents (quick mode only).
    """

    run: runs.TrainingRun
    stopped: str
    best_epoch: int
    accuracy: float
    problems: list[DataProblem] = field(default_factory=list)
    features_computed: int = 0
    features_reused: int = 0

    @property
    def run_id(self) -> int:
        return self.run.id

    def to_json(self) -> dict[str, Any]:
        return {
            "run": self.run.to_json(),
            "stopped": self.stopped,
            "best_epoch": self.best_epoch,
            "accuracy": self.accuracy,
            "problems": [p.to_json() for p in self.problems],
            "features_computed": self.features_computed,
            "features_reused": self.features_reused,
        }


def train_job(project: Project, config: TrainConfig | None = None) -> Job:
    """A heavy job that runs :func:`train` and returns its TrainResult."""
    chosen = config or TrainConfig()

    def run(context: JobContext) -> TrainResult:
        compute.apply(compute.current())
        return train(project, chosen, context=context)

    return Job(TRAIN_TITLE, run, heavy=True)


def train(
    project: Project, config: TrainConfig, *, context: JobContext | None = None
) -> TrainResult:
    """Train a classifier on the usable labelled photos.

    Args:
        project: the open project.
        config: backbone, mode, epochs and the rest.
        context: progress (per step: train loss; per epoch: train and
            validation loss and accuracy, ETA in seconds) and cancel.

    Returns:
        A :class:`TrainResult`; the run is stored with its best model.

    Raises:
        DataNotReady: the data check found an error (too few classes or
            photos, no validation photo); nothing is recorded.
        ModelMissing: the backbone's weights are not installed.
        Cancelled: the user stopped it; the run is marked cancelled and keeps
            the best model saved so far.
        TrainingDiverged, CheckpointNotSaved: the run is marked failed and
            keeps the best model saved so far.
    """
    ctx = context or JobContext()
    config.check()
    problems = check_before_training(project, config)
    if any(p.severity == checks.ERROR for p in problems):
        raise DataNotReady(problems)
    device = compute.resolve_device(config.device or compute.current().device)
    backbone = load_backbone(
        config.backbone, device=device, image_size=config.image_size
    )
    session = _Session.begin(project, config, backbone, problems, ctx)
    try:
        result = session.train()
    except Cancelled:
        runs.finish_run(project, session.run.id, runs.CANCELLED)
        raise
    except UserError as exc:
        runs.finish_run(
            project, session.run.id, runs.FAILED, message=exc.template,
            message_args=exc.params,
        )  # fmt: skip
        raise
    except BaseException:
        runs.finish_run(project, session.run.id, runs.FAILED)
        raise
    return result


def check_before_training(project: Project, config: TrainConfig) -> list[DataProblem]:
    """The data check training runs first, as the Train pane and ``pictor
    train --check`` show it.

    Besides :func:`checks.check_data`, photos in both sets that show the
    same picture are found with the features already stored for the chosen
    backbone (every quick run stores them); none are computed here.

    Returns:
        The problems, errors first.
    """
    photos = [
        FeaturePhoto(p.id, p.path, p.content_hash)
        for p in checks.usable_photos(project)
    ]
    stored = stored_features(
        project, photos, backbone=config.backbone, image_size=config.image_size
    )
    return checks.check_data(project, features=stored)


# one run


@dataclass
class _Data:
    """The photos of a run, in the model's class order."""

    classes: list[dict[str, Any]]
    train: list[LabelledPhoto]
    val: list[LabelledPhoto]
    index: dict[int, int]  # class id -> output index

    def targets(self, photos: Sequence[LabelledPhoto]) -> np.ndarray:
        return np.array([self.index[p.class_id] for p in photos], dtype=np.int64)

    def without(self, bad: set[int]) -> None:
        self.train = [p for p in self.train if p.id not in bad]
        self.val = [p for p in self.val if p.id not in bad]


def _data(project: Project) -> _Data:
    photos = checks.usable_photos(project)
    present = {p.class_id for p in photos}
    classes = [
        {"id": c.id, "name": c.name, "colour": c.colour}
        for c in labels.list_classes(project)
        if c.id in present
    ]
    index = {c["id"]: i for i, c in enumerate(classes)}
    train = [p for p in photos if p.split == "train"]
    val = [p for p in photos if p.split == "val"]
    return _Data(classes, train, val, index)


@dataclass
class _Best:
    """The best epoch so far and the stopping rule."""

    patience: int
    epoch: int = 0
    acc: float = -1.0
    loss: float = math.inf
    lowest_loss: float = math.inf
    stale: int = 0

    def update(self, epoch: int, acc: float, loss: float) -> bool:
        """Record an epoch; True when it is the new best model."""
        better = acc > self.acc or (acc == self.acc and loss < self.loss)
        improved = better or loss < self.lowest_loss - 1e-4
        self.lowest_loss = min(self.lowest_loss, loss)
        self.stale = 0 if improved else self.stale + 1
        if better:
            self.epoch, self.acc, self.loss = epoch, acc, loss
        return better

    @property
    def exhausted(self) -> bool:
        return self.stale >= self.patience


class _Session:
    """State of one training run."""

    def __init__(
        self,
        project: Project,
        config: TrainConfig,
        backbone: Backbone,
        problems: list[DataProblem],
        ctx: JobContext,
    ) -> None:
        import torch

        self.project, self.config, self.backbone = project, config, backbone
        self.problems, self.ctx = problems, ctx
        self.data = _data(project)
        self.run: runs.TrainingRun = None  # type: ignore[assignment]
        self.history: list[dict[str, Any]] = []
        self.best = _Best(config.patience)
        self.step = 0
        self.started = time.monotonic()
        self.generator = torch.Generator().manual_seed(config.seed)
        self.rng = np.random.default_rng(config.seed)
        self.features: tuple[int, int] = (0, 0)

    @classmethod
    def begin(
        cls,
        project: Project,
        config: TrainConfig,
        backbone: Backbone,
        problems: list[DataProblem],
        ctx: JobContext,
    ) -> _Session:
        session = cls(project, config, backbone, problems, ctx)
        run_config = session.run_config()
        session.run = runs.start_run(project, run_config)
        runs.write_json(session.run.folder / runs.CLASSES_FILE, session.data.classes)
        runs.write_json(session.run.folder / runs.CONFIG_FILE, run_config)
        return session

    def run_config(self) -> dict[str, Any]:
        return {
            "format": runs.FORMAT,
            "kind": runs.KIND,
            "backbone": self.backbone.name,
            "backbone_key": self.backbone.key,
            "feature_dim": self.backbone.feature_dim,
            "mode": self.config.mode,
            "saved_parts": _saved_parts(self.config.mode),
            "n_classes": len(self.data.classes),
            "dropout": self.config.dropout,
            "preprocessing": self.backbone.preprocessing.to_json(),
            "train": self.config.to_json(),
        }

    def train(self) -> TrainResult:
        trainer = _QuickTrainer(self) if self.config.mode == QUICK else _Finetuner(self)
        stopped = trainer.fit()
        results = trainer.results()
        self.save_familiarity(trainer.familiarity)
        results["problems"] = [p.to_json() for p in self.problems]
        runs.record_results(self.project, self.run.id, results)
        message, args = None, {}
        if stopped == "early_stopped":
            message = STOPPED_EARLY
            args = {
                "epoch": self.history[-1]["epoch"],
                "patience": self.config.patience,
                "best": self.best.epoch,
            }
        runs.finish_run(
            self.project, self.run.id, runs.FINISHED, message=message,
            message_args=args,
        )  # fmt: skip
        runs.set_active_run(self.project, self.run.id)
        return TrainResult(
            run=runs.get_run(self.project, self.run.id),
            stopped=stopped,
            best_epoch=self.best.epoch,
            accuracy=results["accuracy"],
            problems=[p for p in self.problems if p is not None],
            features_computed=self.features[0],
            features_reused=self.features[1],
        )

    # shared steps

    def drop_unreadable(self, failures: dict[int, Any], *, record: bool = True) -> None:
        if not failures:
            return
        if record:  # the library shows them as missing or damaged
            library.record_problems(self.project, failures)
        self.data.without(set(failures))
        problem = checks.unusable_problem(failures)
        if problem is not None:
            self.problems.append(problem)

    def end_epoch(self, epoch: int, figures: dict[str, float]) -> bool:
        """Record an epoch, report it; True when it is the best so far."""
        figures = {"epoch": epoch, **figures}
        self.history.append(figures)
        runs.record_epochs(self.project, self.run.id, self.history)
        better = self.best.update(epoch, figures["val_acc"], figures["val_loss"])
        elapsed = time.monotonic() - self.started
        remaining = self.config.planned_epochs - epoch
        eta = elapsed / epoch * remaining
        self.ctx.report(
            epoch, self.config.planned_epochs, VALIDATING, force=True,
            metrics={**figures, "eta_s": eta, "best_epoch": self.best.epoch},
            epoch=epoch, epochs=self.config.planned_epochs,
        )  # fmt: skip
        return better

    def check_loss(self, loss: Any, epoch: int) -> None:
        value = float(loss.detach()) if hasattr(loss, "detach") else float(loss)
        if not math.isfinite(value):
            log.error("loss became %s at step %d", value, self.step)
            raise TrainingDiverged(epoch=epoch, value=str(value))

    def step_report(self, epoch: int, loss: float, done: float) -> None:
        planned = self.config.planned_epochs
        elapsed = time.monotonic() - self.started
        eta = elapsed / max(done, 1e-9) * (planned - done) if done else None
        metrics = {"train_loss": loss, "epoch": epoch, "step": self.step}
        if eta is not None:
            metrics["eta_s"] = eta
        self.ctx.report(
            done, planned, TRAINING, metrics=metrics, epoch=epoch, epochs=planned
        )

    def out_of_steps(self) -> bool:
        limit = self.config.max_steps
        return limit is not None and self.step >= limit

    def save(self, tensors: dict[str, Any]) -> None:
        runs.save_weights(self.run.folder, tensors)

    def fit_familiarity(
        self, train_x: Any, val_x: Any, val_photos: Sequence[LabelledPhoto]
    ) -> Familiarity | None:
        """Class centroids of the training photos' features (n, dim) and the
        cut-off calibrated on the validation photos' (m, dim)."""
        return Familiarity.fit(
            np.asarray(train_x), self.data.targets(self.data.train),
            np.asarray(val_x), self.data.targets(val_photos), len(self.data.classes),
        )  # fmt: skip

    def save_familiarity(self, familiarity: Familiarity | None) -> None:
        if familiarity is None:
            return
        try:
            familiarity.save(self.run.folder)
        except OSError:
            # the model works without it, judged by probability only
            log.exception("could not save the class centroids in %s", self.run.folder)

    def scheduler(self, optimizer: Any, total_steps: int) -> Any:
        import torch

        warmup = max(1, int(total_steps * self.config.warmup_fraction))
        return torch.optim.lr_scheduler.LambdaLR(
            optimizer, _warmup_cosine(warmup, max(total_steps, warmup + 1))
        )

    def finish_results(
        self,
        val_probs: np.ndarray,
        train_probs: np.ndarray | None,
        method: str,
    ) -> dict[str, Any]:
        data = self.data
        results = evaluation.evaluate(
            val_probs, data.targets(data.val), [p.id for p in data.val], data.classes
        )
        photos = list(data.val)
        probs = val_probs
        if train_probs is not None:
            photos += data.train
            probs = np.concatenate([val_probs, train_probs])
        results["mislabelled"] = evaluation.mislabelled(
            probs,
            data.targets(photos),
            [p.id for p in photos],
            [p.split for p in photos],
            data.classes,
            confidence=self.config.mislabel_confidence,
        )
        results["mislabelled_method"] = method
        results["val_loss"] = self.best.loss
        results["epoch"] = self.best.epoch
        return results


def _saved_parts(mode: str) -> list[str]:
    """State-dict prefixes a run's weights file holds; the rest is the
    installed backbone, unchanged."""
    if mode == QUICK:
        return ["head."]
    if mode == FINETUNE_LAST:
        return [f"trunk.{LAST_BLOCK}.", "head."]
    return ["trunk.", "head."]


def _warmup_cosine(warmup: int, total: int) -> Callable[[int], float]:
    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = min(1.0, (step - warmup) / max(1, total - warmup))
        return 0.5 * (1.0 + math.cos(math.pi * progress))

    return factor


# quick: a head on stored features


class _QuickTrainer:
    def __init__(self, session: _Session) -> None:
        self.s = session
        self.familiarity: Familiarity | None = None

    def fit(self) -> str:
        import torch

        s = self.s
        self.vectors = self._features()
        x_train, y_train = self._tensors(s.data.train)
        self.x_train = x_train
        self.x_val, self.y_val = self._tensors(s.data.val)
        torch.manual_seed(s.config.seed)
        self.head = make_head(
            s.backbone.feature_dim, len(s.data.classes), dropout=s.config.dropout
        )
        stopped = fit_head(
            self.head, x_train, y_train, s.config,
            on_epoch=self._on_epoch, on_step=self._on_step,
            generator=s.generator,
        )  # fmt: skip
        return stopped

    def _features(self) -> dict[int, np.ndarray]:
        s = self.s
        photos = [
            FeaturePhoto(p.id, p.path, p.content_hash)
            for p in s.data.train + s.data.val
        ]
        found = ensure_features(
            s.project, photos, s.backbone, context=s.ctx,
            batch_size=s.config.batch_size, workers=s.config.workers,
        )  # fmt: skip
        s.features = (found.computed, found.reused)
        s.drop_unreadable(found.failures, record=False)
        same = checks.same_picture_problem(s.data.train + s.data.val, found.vectors)
        # the check before training saw only the features stored then
        s.problems = [p for p in s.problems if p.template != checks.SAME_IN_BOTH]
        if same is not None:
            s.problems.append(same)
        return found.vectors

    def _tensors(self, photos: Sequence[LabelledPhoto]) -> tuple[Any, Any]:
        import torch

        dim = self.s.backbone.feature_dim
        matrix = (
            np.stack([self.vectors[p.id] for p in photos])
            if photos
            else np.zeros((0, dim), dtype=np.float32)
        )
        targets = self.s.data.targets(photos)
        return torch.from_numpy(matrix.astype(np.float32)), torch.from_numpy(targets)

    def _on_step(self, epoch: int, loss: float, done: float) -> bool:
        s = self.s
        s.step += 1
        s.check_loss(loss, epoch)
        s.step_report(epoch, loss, done)
        return s.out_of_steps()

    def _on_epoch(self, epoch: int, train_loss: float, train_acc: float) -> bool:
        s = self.s
        probs, loss = head_predict(self.head, self.x_val, self.y_val, s.config)
        acc = _accuracy(probs, self.y_val.numpy())
        s.check_loss(loss, epoch)
        figures = {
            "train_loss": train_loss, "train_acc": train_acc,
            "val_loss": loss, "val_acc": acc,
        }  # fmt: skip
        if s.end_epoch(epoch, figures):
            s.save({f"head.{k}": v for k, v in self.head.state_dict().items()})
            self.best_state = {k: v.clone() for k, v in self.head.state_dict().items()}
        return s.best.exhausted

    def results(self) -> dict[str, Any]:
        s = self.s
        self.head.load_state_dict(self.best_state)
        val_probs, _ = head_predict(self.head, self.x_val, self.y_val, s.config)
        # the frozen backbone's stored features are the ones prediction sees
        self.familiarity = s.fit_familiarity(
            self.x_train.numpy(), self.x_val.numpy(), s.data.val
        )
        s.ctx.report(0, None, FINDING_MISTAKES, force=True)
        train_probs = self._out_of_fold()
        return s.finish_results(val_probs, train_probs, "out-of-fold")

    def _out_of_fold(self) -> np.ndarray:
        """Each training photo judged by a head trained without it.

        The fold heads train together as one batched module: each minibatch
        goes through all of them and a mask drops every photo from the loss
        of the head that will judge it, so K folds cost about one fit.
        """
        import torch

        s = self.s
        x, y = self._tensors(s.data.train)
        k = min(OUT_OF_FOLD, len(y))
        fold_of = torch.from_numpy(s.rng.permutation(len(y)) % k)  # (n,)
        torch.manual_seed(s.config.seed)
        heads = _fold_heads(k, s.backbone.feature_dim, len(s.data.classes), s.config)
        config = replace(s.config, epochs=max(1, s.best.epoch))
        own = torch.arange(k)[:, None]  # (k, 1)

        def loss_of(logits: Any, pick: Any) -> Any:
            # logits (k, batch, classes); each head skips its own fold
            ce = torch.nn.functional.cross_entropy(
                logits.flatten(0, 1), y[pick].repeat(k),
                label_smoothing=config.label_smoothing, reduction="none",
            ).view(k, -1)  # fmt: skip
            keep = (fold_of[pick][None, :] != own).float()  # (k, batch)
            return (ce * keep).sum() / keep.sum().clamp(min=1.0)

        fit_head(
            heads, x, y, config, on_step=lambda *_: s.ctx.check(),
            generator=s.generator, loss_of=loss_of,
        )  # fmt: skip
        heads.eval()
        with torch.inference_mode():
            logits = heads(x)  # (k, n, classes)
            mine = logits[fold_of, torch.arange(len(y))]  # (n, classes)
            return torch.softmax(mine, 1).numpy()


def _fold_heads(k: int, dim: int, n_classes: int, config: TrainConfig) -> Any:
    """K independent linear heads as one module: (batch, dim) -> (k, batch,
    classes), initialised like ``nn.Linear``."""
    import torch
    from torch import nn

    class FoldHeads(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            bound = 1.0 / math.sqrt(dim)
            self.dropout = nn.Dropout(config.dropout)
            self.weight = nn.Parameter(
                torch.empty(k, dim, n_classes).uniform_(-bound, bound)
            )
            self.bias = nn.Parameter(
                torch.empty(k, 1, n_classes).uniform_(-bound, bound)
            )

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = self.dropout(x)  # (batch, dim)
            return torch.einsum("bd,kdc->kbc", x, self.weight) + self.bias

    return FoldHeads()


def fit_head(
    head: Any,
    x: Any,
    y: Any,
    config: TrainConfig,
    *,
    on_epoch: Callable[[int, float, float], bool] | None = None,
    on_step: Callable[[int, float, float], Any] | None = None,
    generator: Any = None,
    loss_of: Callable[[Any, Any], Any] | None = None,
) -> str:
    """Train a head on stored features (minibatches, AdamW, warm-up + cosine).

    Args:
        head: the module to train (features (n, dim) -> logits (n, classes)).
        x: (n, dim) float32 features; y: (n,) int64 class indices.
        config: epochs, batch size, learning rate, weight decay, smoothing.
        on_epoch: called with (epoch, train loss, train accuracy); True stops.
        on_step: called with (epoch, loss, fractional epoch); True stops.
        generator: torch random generator for the shuffles.
        loss_of: (logits, batch indices) -> loss, instead of cross-entropy.

    Returns:
        "finished", "early_stopped" or "step_limit".
    """
    import torch

    epochs = config.planned_epochs
    size = config.head_batch_size
    per_epoch = max(1, math.ceil(len(y) / size))
    optimizer = torch.optim.AdamW(
        head.parameters(), lr=config.head_lr, weight_decay=config.weight_decay,
        foreach=True,
    )  # fmt: skip
    warmup = max(1, int(epochs * per_epoch * config.warmup_fraction))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, _warmup_cosine(warmup, epochs * per_epoch)
    )
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    for epoch in range(1, epochs + 1):
        head.train()
        order = torch.randperm(len(y), generator=generator)
        total, correct, seen = 0.0, 0, 0
        for i, start in enumerate(range(0, len(y), size)):
            pick = order[start : start + size]
            logits = head(x[pick])  # (batch, classes)
            loss = loss_of(logits, pick) if loss_of else loss_fn(logits, y[pick])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(pick)
            correct += int((logits.argmax(-1) == y[pick]).sum()) if not loss_of else 0
            seen = start + len(pick)
            done = epoch - 1 + (i + 1) / per_epoch
            halted = bool(on_step and on_step(epoch, float(loss.detach()), done))
            if halted:
                break
        else:
            halted = False
        stop = on_epoch and on_epoch(
            epoch, total / max(1, seen), correct / max(1, seen)
        )
        if halted:
            return "step_limit"
        if stop:
            return "early_stopped"
    return "finished"


def head_predict(head: Any, x: Any, y: Any, config: TrainConfig) -> tuple[Any, float]:
    """Probabilities (n, classes) as numpy and the mean cross-entropy."""
    import torch

    head.eval()
    with torch.inference_mode():
        logits = head(x)
        loss = float(torch.nn.functional.cross_entropy(logits, y)) if len(y) else 0.0
        return torch.softmax(logits, 1).numpy(), loss


def _accuracy(probs: np.ndarray, targets: np.ndarray) -> float:
    return float((probs.argmax(1) == targets).mean()) if len(targets) else 0.0


# fine-tuning on decoded photos


class _Finetuner:
    def __init__(self, session: _Session) -> None:
        import torch

        s = self.s = session
        torch.manual_seed(s.config.seed)
        head = make_head(
            s.backbone.feature_dim, len(s.data.classes), dropout=s.config.dropout
        )
        self.net = build_classifier(s.backbone, head)
        self.prefixes = tuple(_saved_parts(s.config.mode))
        for name, param in self.net.named_parameters():
            param.requires_grad_(name.startswith(self.prefixes))
        self.loss_fn = torch.nn.CrossEntropyLoss(
            label_smoothing=s.config.label_smoothing
        )
        prep = s.backbone.preprocessing
        self.train_tf, self.eval_tf = train_transform(prep), eval_transform(prep)
        self.familiarity: Familiarity | None = None

    def _optimizer(self) -> Any:
        import torch

        c = self.s.config
        head = [p for n, p in self.net.named_parameters() if n.startswith("head.")]
        body = [
            p
            for n, p in self.net.named_parameters()
            if p.requires_grad and not n.startswith("head.")
        ]
        groups = [{"params": head, "lr": c.head_lr}]
        if body:
            groups.append({"params": body, "lr": c.head_lr * c.backbone_lr_ratio})
        # foreach: one fused update per group, twice as fast on the CPU
        return torch.optim.AdamW(groups, weight_decay=c.weight_decay, foreach=True)

    def _train_mode(self) -> None:
        # frozen layers keep their batch-norm statistics
        self.net.eval()
        if self.s.config.mode == FINETUNE_ALL:
            self.net.train()
        else:
            getattr(self.net.trunk, LAST_BLOCK).train()
            self.net.head.train()

    def fit(self) -> str:
        s = self.s
        epochs = s.config.planned_epochs
        per_epoch = max(1, math.ceil(len(s.data.train) / s.config.batch_size))
        self.optimizer = self._optimizer()
        self.schedule = s.scheduler(self.optimizer, epochs * per_epoch)
        for epoch in range(1, epochs + 1):
            started = time.monotonic()
            train_loss, train_acc, stop = self._epoch(epoch, per_epoch)
            train_s = time.monotonic() - started
            val_probs, val_loss, _ = self.predict(s.data.val)
            s.check_loss(val_loss, epoch)
            acc = _accuracy(val_probs, s.data.targets(s.data.val))
            figures = {
                "train_loss": train_loss, "train_acc": train_acc,
                "val_loss": val_loss, "val_acc": acc, "train_s": train_s,
            }  # fmt: skip
            if s.end_epoch(epoch, figures):
                s.save(self._trained_tensors())
            if stop:
                return "step_limit"
            if s.best.exhausted:
                return "early_stopped"
        return "finished"

    def _trained_tensors(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in self.net.state_dict().items()
            if k.startswith(self.prefixes)
        }

    def _epoch(self, epoch: int, per_epoch: int) -> tuple[float, float, bool]:
        import torch

        s = self.s
        self._train_mode()
        order = s.rng.permutation(len(s.data.train))
        photos = [s.data.train[i] for i in order]
        targets = {p.id: s.data.index[p.class_id] for p in photos}
        total, correct, seen, failures = 0.0, 0, 0, {}
        for i, batch in enumerate(self._batches(photos, self.train_tf)):
            failures.update(batch.failures)
            if len(batch.keys) < 2:  # batch norm needs two photos to learn from
                continue
            x = batch.tensor.to(s.backbone.device)
            y = torch.tensor([targets[k] for k in batch.keys], device=x.device)
            logits = self.net(x)  # (batch, classes)
            loss = self.loss_fn(logits, y)
            s.check_loss(loss, epoch)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            self.schedule.step()
            s.step += 1
            total += float(loss.detach()) * len(y)
            correct += int((logits.argmax(1) == y).sum())
            seen += len(y)
            s.step_report(epoch, float(loss.detach()), epoch - 1 + (i + 1) / per_epoch)
            if s.out_of_steps():
                break
        s.drop_unreadable(failures)
        return total / max(1, seen), correct / max(1, seen), s.out_of_steps()

    def _batches(self, photos: Sequence[LabelledPhoto], transform: Any) -> Any:
        s = self.s
        refs = [PhotoRef(p.id, p.path) for p in photos]
        return batches(
            refs, transform, batch_size=s.config.batch_size,
            min_side=s.backbone.preprocessing.resize, workers=s.config.workers,
            context=s.ctx,
        )  # fmt: skip

    def predict(
        self, photos: Sequence[LabelledPhoto]
    ) -> tuple[np.ndarray, float, np.ndarray]:
        """Probabilities (photos, classes) in order, the mean loss, and the
        pooled features (photos, dim) of the run's own backbone. Photos that
        cannot be read are dropped from the run."""
        import torch

        s = self.s
        self.net.eval()
        by_id: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        failures: dict[int, Any] = {}
        with torch.inference_mode():
            for batch in self._batches(photos, self.eval_tf):
                failures.update(batch.failures)
                if batch.keys:
                    features = self.net.features(batch.tensor.to(s.backbone.device))
                    logits = self.net.head(features)  # (batch, classes)
                    probs = torch.softmax(logits.float(), 1).cpu().numpy()
                    rows = zip(probs, features.float().cpu().numpy(), strict=True)
                    by_id.update(zip(batch.keys, rows, strict=True))
        s.drop_unreadable(failures)
        kept = [p for p in photos if p.id in by_id]
        if not kept:
            empty = np.zeros((0, len(s.data.classes)), dtype=np.float32)
            return empty, 0.0, np.zeros((0, s.backbone.feature_dim), np.float32)
        probs = np.stack([by_id[p.id][0] for p in kept])
        features = np.stack([by_id[p.id][1] for p in kept])
        targets = s.data.targets(kept)
        picked = probs[np.arange(len(kept)), targets]
        loss = float(-np.log(np.maximum(picked, 1e-12)).mean())
        if not np.isfinite(probs).all():
            loss = math.nan
        return probs, loss, features

    def results(self) -> dict[str, Any]:
        s = self.s
        self.net.load_state_dict(runs.load_weights(s.run.folder), strict=False)
        s.ctx.report(0, None, FINDING_MISTAKES, force=True)
        # Limit: fine-tuned runs judge training photos with the final model,
        # which has seen them, so fewer mislabelled training photos are found
        # than with the quick mode's out-of-fold heads.
        train_probs, _, train_x = self.predict(s.data.train)
        # the best model again (as it was saved), now with the features too
        val_probs, _, val_x = self.predict(s.data.val)
        # the centroids come from the run's own, fine-tuned backbone
        self.familiarity = s.fit_familiarity(train_x, val_x, s.data.val)
        return s.finish_results(val_probs, train_probs, "model")
