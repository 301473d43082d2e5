"""The LSTM language model: configuration, size presets, the network and its
checkpoint folder (weights, config and tokenizer side by side).

The network follows the classic word-level LSTM language model (Zaremba et
al., 2014, "Recurrent Neural Network Regularization") with optional weight
tying between the input embedding and the output layer (Press & Wolf, 2017;
Inan et al., 2017).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.i18n import QT_TRANSLATE_NOOP, UserError

# the sizes live in engine.text.config; other modules import them from here too
from engine.text.config import DEFAULT_PRESET as DEFAULT_PRESET
from engine.text.config import PRESETS as PRESETS
from engine.text.config import LMConfig as LMConfig
from engine.text.config import Preset as Preset
from engine.text.config import parameter_count as parameter_count
from engine.text.config import preset_config as preset_config
from engine.text.tokenizers import TextTokenizer, load_tokenizer, write_atomic

if TYPE_CHECKING:
    from engine.text.network import LSTMLanguageModel

log = logging.getLogger(__name__)

WEIGHTS_FILE = "weights.safetensors"
CONFIG_FILE = "config.json"
METRICS_FILE = "metrics.json"
RUN_PREFIX = "lm-"
FORMAT = 1


class ModelFileError(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The language model in “{path}” cannot be loaded ({reason}). Train it "
        "again or choose another run.",
    )


class NoModelRun(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The project has no trained language model yet. Train one first with "
        "your text.",
    )


class RunNotFound(UserError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The project has no language model called “{run}”. Choose one of: {runs}.",
    )


def build_model(config: LMConfig) -> LSTMLanguageModel:
    """A freshly initialised network for ``config`` (imports torch)."""
    from engine.text.network import LSTMLanguageModel

    return LSTMLanguageModel(config)


def compute_device() -> str:
    """The torch device the user's compute settings pick ("cpu", "cuda"...)."""
    from engine import compute

    return compute.resolve_device(compute.current().device)


# checkpoints


def save_checkpoint(
    folder: Path,
    model: LSTMLanguageModel,
    tokenizer: TextTokenizer,
    *,
    extra: dict[str, Any] | None = None,
) -> None:
    """Write weights, config and tokenizer into ``folder`` (each atomically).

    Args:
        folder: the run folder.
        model: the network.
        tokenizer: the tokenizer it was trained with.
        extra: more entries for config.json (files, preset, step...).
    """
    from safetensors.torch import save_model

    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{WEIGHTS_FILE}.tmp"
    save_model(_on_cpu(model), str(tmp))
    os.replace(tmp, folder / WEIGHTS_FILE)
    tokenizer.save(folder)
    config = {
        "format": FORMAT,
        "kind": "lm",
        "model": asdict(model.config),
        "tokenizer": tokenizer.kind,
        "saved": time.time(),
        **(extra or {}),
    }
    write_atomic(folder / CONFIG_FILE, json.dumps(config, ensure_ascii=False, indent=2))


def _on_cpu(model: LSTMLanguageModel) -> LSTMLanguageModel:
    """``model`` itself on the CPU, else a CPU copy, so a checkpoint never
    holds GPU tensors (it loads the same on any machine)."""
    if model.embedding.weight.device.type == "cpu":
        return model
    copy = build_model(model.config)
    copy.load_state_dict(model.state_dict())
    return copy


def load_checkpoint(
    folder: str | os.PathLike[str], *, device: str = "cpu"
) -> tuple[LSTMLanguageModel, TextTokenizer]:
    """Rebuild the network and tokenizer saved in ``folder``, in eval mode.

    Args:
        folder: the run folder.
        device: where the network goes (see :func:`compute_device`).

    Raises:
        ModelFileError: a file is missing, damaged or does not fit.
    """
    from safetensors.torch import load_model

    folder = Path(folder)
    config = read_run_config(folder)
    tokenizer = load_tokenizer(folder)
    lm_config = LMConfig.from_dict(config["model"])
    if lm_config.vocab_size != tokenizer.vocab_size:
        raise ModelFileError(path=str(folder), reason="vocabulary size mismatch")
    model = build_model(lm_config)
    try:
        load_model(model, str(folder / WEIGHTS_FILE), strict=True)
    except (OSError, RuntimeError, ValueError) as exc:
        raise ModelFileError(path=str(folder), reason=str(exc)[:200]) from exc
    model.to(device).eval()
    return model, tokenizer


def read_run_config(folder: Path) -> dict[str, Any]:
    try:
        config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
        if config.get("kind") != "lm" or "model" not in config:
            raise ValueError("not a language-model run")
    except (OSError, ValueError) as exc:
        raise ModelFileError(path=str(folder), reason=str(exc)[:200]) from exc
    return config


# run folders


def new_run_dir(runs_dir: Path) -> Path:
    """Create and return an empty, uniquely named run folder."""
    runs_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        path = runs_dir / f"{RUN_PREFIX}{stamp}{'' if n == 0 else f'-{n}'}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(runs_dir)


def remove_if_untrained(run_dir: Path) -> bool:
    """Delete a run folder that holds no model (training failed or was
    cancelled before the first checkpoint); True when it was removed."""
    if not run_dir.is_dir() or (run_dir / WEIGHTS_FILE).is_file():
        return False
    if not run_dir.name.startswith(RUN_PREFIX):
        return False
    shutil.rmtree(run_dir, ignore_errors=True)
    log.info("removed %s: it holds no trained model", run_dir.name)
    return not run_dir.exists()


def list_runs(runs_dir: Path) -> list[Path]:
    """Language-model run folders that hold a model, oldest first."""
    if not runs_dir.is_dir():
        return []
    runs = [
        p
        for p in runs_dir.iterdir()
        if p.name.startswith(RUN_PREFIX) and (p / WEIGHTS_FILE).is_file()
    ]
    return sorted(runs, key=lambda p: p.name)


def find_run(runs_dir: Path, run_id: str | None = None) -> Path:
    """The run called ``run_id``, or the newest one.

    Raises:
        NoModelRun: nothing trained yet.
        RunNotFound: no run with that id.
    """
    runs = list_runs(runs_dir)
    if run_id is None:
        if not runs:
            raise NoModelRun()
        return runs[-1]
    for run in runs:
        if run.name == run_id:
            return run
    raise RunNotFound(run=run_id, runs=", ".join(r.name for r in runs) or "-")


def read_metrics(folder: Path) -> dict[str, Any]:
    """The run's metrics.json (empty when it has none yet)."""
    try:
        return json.loads((folder / METRICS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_metrics(folder: Path, metrics: dict[str, Any]) -> None:
    write_atomic(
        folder / METRICS_FILE, json.dumps(metrics, ensure_ascii=False, indent=2)
    )
