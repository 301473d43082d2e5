"""Classifier training runs: their records in the project database and their
folders ``runs/ID/`` (weights.safetensors, config.json, classes.json and,
for runs trained since it exists, familiarity.safetensors).

Every file is written to a temp file in the same folder and renamed over the
old one, so a failed save (a full disk) leaves the previous model usable.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import store
from engine.i18n import QT_TRANSLATE_NOOP, UserError, format_message

if TYPE_CHECKING:
    from engine.project import Project

log = logging.getLogger(__name__)

KIND = "classifier"
RUNNING, FINISHED, CANCELLED, FAILED = "running", "finished", "cancelled", "failed"
WEIGHTS_FILE = "weights.safetensors"
CONFIG_FILE = "config.json"
CLASSES_FILE = "classes.json"
FORMAT = 1

INTERRUPTED = QT_TRANSLATE_NOOP(
    "engine", "Training was interrupted (Pictor closed or crashed)."
)


class NoTrainedModel(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "This project has no trained classifier yet. Train one first."
    )


class RunNotFound(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine", "There is no training run {run} with a saved model in this project."
    )


class CheckpointNotSaved(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The model could not be saved in “{folder}” ({reason}). The model saved "
        "before is kept; free some disk space and train again.",
    )


class RunFilesDamaged(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The saved model in “{folder}” cannot be read ({reason}). Train again or "
        "choose another run.",
    )


@dataclass(frozen=True)
class TrainingRun:
    """One training run as the history shows it.

    ``metrics`` holds one dict per epoch (epoch, train_loss, train_acc,
    val_loss, val_acc, seconds); ``results`` the evaluation of the best
    model (see ``engine.vision.evaluation``); ``message`` an English
    template saying why it stopped early or failed.
    """

    id: int
    folder: Path
    config: Mapping[str, Any]
    status: str
    created: float
    finished: float | None = None
    active: bool = False
    metrics: list[dict[str, Any]] = field(default_factory=list)
    results: Mapping[str, Any] | None = None
    message: str | None = None
    message_args: Mapping[str, Any] = field(default_factory=dict)

    @property
    def has_model(self) -> bool:
        """Whether a model was saved (a cancelled or failed run may have one)."""
        return (self.folder / WEIGHTS_FILE).is_file()

    @property
    def message_text(self) -> str:
        return format_message(self.message, self.message_args) if self.message else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "folder": str(self.folder),
            "config": dict(self.config),
            "status": self.status,
            "created": self.created,
            "finished": self.finished,
            "active": self.active,
            "has_model": self.has_model,
            "metrics": self.metrics,
            "results": dict(self.results) if self.results else None,
            "message": self.message_text or None,
        }


def _run(project: Project, row: Any) -> TrainingRun:
    return TrainingRun(
        id=row["id"],
        folder=project.runs_dir / row["folder"],
        config=json.loads(row["config"]),
        status=row["status"],
        created=row["created"],
        finished=row["finished"],
        active=bool(row["active"]),
        metrics=json.loads(row["metrics"] or "[]"),
        results=json.loads(row["results"]) if row["results"] else None,
        message=row["message"],
        message_args=json.loads(row["message_args"] or "{}"),
    )


def start_run(project: Project, config: Mapping[str, Any]) -> TrainingRun:
    """Record a new running run and create its empty folder.

    Runs of this kind still marked running were interrupted (one heavy job
    runs at a time and one process holds a project): they become failed.
    """
    stamp = time.time()
    with project.store.transaction() as db:
        store.fail_stale_runs(db, KIND, INTERRUPTED, stamp)
        run_id = store.insert_run(
            db,
            {
                "kind": KIND,
                "folder": "",
                "config": json.dumps(config),
                "status": RUNNING,
                "created": stamp,
            },
        )
        folder = _new_folder(project.runs_dir, run_id)
        store.update_run(db, run_id, {"folder": folder.name})
    log.info("training run %d started in %s", run_id, folder)
    return get_run(project, run_id, need_model=False)


def _new_folder(runs_dir: Path, run_id: int) -> Path:
    runs_dir.mkdir(parents=True, exist_ok=True)
    for n in range(100):
        # a restored older database may reuse an id whose folder is still here
        folder = runs_dir / (str(run_id) if n == 0 else f"{run_id}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(runs_dir / str(run_id))


def record_epochs(project: Project, run_id: int, metrics: list[dict[str, Any]]) -> None:
    """Store the per-epoch metrics so far (the history survives a crash)."""
    with project.store.transaction() as db:
        store.update_run(db, run_id, {"metrics": json.dumps(metrics)})


def record_results(project: Project, run_id: int, results: Mapping[str, Any]) -> None:
    """Store the evaluation of the run's best model."""
    with project.store.transaction() as db:
        store.update_run(db, run_id, {"results": json.dumps(results)})


def finish_run(
    project: Project,
    run_id: int,
    status: str,
    *,
    message: str | None = None,
    message_args: Mapping[str, Any] | None = None,
) -> None:
    """Mark a run finished, cancelled or failed (with the reason)."""
    with project.store.transaction() as db:
        store.update_run(
            db,
            run_id,
            {
                "status": status,
                "finished": time.time(),
                "message": message,
                "message_args": json.dumps(dict(message_args or {}), default=str),
            },
        )
    log.info("training run %d %s", run_id, status)


def list_runs(project: Project) -> list[TrainingRun]:
    """Every classifier run, newest first."""
    return [_run(project, r) for r in store.run_rows(project.store.connection(), KIND)]


def get_run(
    project: Project, run_id: int | None = None, *, need_model: bool = True
) -> TrainingRun:
    """A run by id; by default the active run, else the newest with a model.

    Raises:
        NoTrainedModel: no run has a saved model.
        RunNotFound: no run ``run_id`` (with a model, if ``need_model``).
    """
    if run_id is None:
        usable = [r for r in list_runs(project) if r.has_model]
        if not usable:
            raise NoTrainedModel()
        return next((r for r in usable if r.active), usable[0])
    row = store.run_row(project.store.connection(), int(run_id))
    if row is None or row["kind"] != KIND:
        raise RunNotFound(run=run_id)
    run = _run(project, row)
    if need_model and not run.has_model:
        raise RunNotFound(run=run_id)
    return run


def set_active_run(project: Project, run_id: int | None) -> None:
    """Make a run the one prediction and suggestions use (None: the newest).

    Raises:
        RunNotFound: no such run with a saved model.
    """
    if run_id is not None:
        get_run(project, run_id)
    with project.store.transaction() as db:
        store.set_active_run(db, KIND, run_id)


# files


def write_json(path: Path, data: Any) -> None:
    """Write JSON through a temp file in the same folder and ``os.replace``."""
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2))


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text through a temp file in the same folder and ``os.replace``."""
    _write_atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def save_weights(folder: Path, tensors: Mapping[str, Any]) -> None:
    """Write the trained tensors as safetensors, atomically.

    Raises:
        CheckpointNotSaved: the disk is full or not writable; the previous
        weights file is untouched.
    """
    from safetensors.torch import save_file

    clean = {k: v.detach().cpu().contiguous() for k, v in tensors.items()}
    try:
        _write_atomic(folder / WEIGHTS_FILE, lambda tmp: save_file(clean, tmp))
    except OSError as exc:
        log.exception("could not save the model in %s", folder)
        raise CheckpointNotSaved(
            folder=str(folder), reason=exc.strerror or str(exc)
        ) from exc


def write_tensors(path: Path, arrays: Mapping[str, Any]) -> None:
    """Write numpy arrays as a safetensors file, atomically (OSError on a full
    or read-only disk, the old file untouched)."""
    from safetensors.numpy import save_file

    clean = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    _write_atomic(path, lambda tmp: save_file(clean, tmp))


def load_weights(folder: Path) -> dict[str, Any]:
    """The tensors of a run's weights file.

    Raises:
        RunFilesDamaged: missing or unreadable.
    """
    from safetensors.torch import load_file

    try:
        return load_file(str(folder / WEIGHTS_FILE), device="cpu")
    except Exception as exc:  # noqa: BLE001 - any parse failure means damaged
        raise RunFilesDamaged(folder=str(folder), reason=str(exc)[:200]) from exc


def read_json(folder: Path, name: str) -> Any:
    """A JSON file of a run folder.

    Raises:
        RunFilesDamaged: missing or not JSON.
    """
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RunFilesDamaged(folder=str(folder), reason=str(exc)[:200]) from exc


def _write_atomic(path: Path, write: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    os.close(handle)
    try:
        write(tmp)
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
