"""Where models run: device choice and CPU threads, applied once per process."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from engine import paths

log = logging.getLogger(__name__)

DEVICE_CHOICES = ("auto", "cpu", "gpu")


@dataclass(frozen=True)
class ComputeSettings:
    """``device`` is auto, cpu or gpu; ``threads`` 0 means all cores but one."""

    device: str = "auto"
    threads: int = 0


def default_threads() -> int:
    """All cores but one, so the window stays responsive while jobs run."""
    return max(1, (os.cpu_count() or 2) - 1)


_applied: ComputeSettings | None = None


def configure(settings: ComputeSettings) -> None:
    """Record the user's choice; jobs apply it when they start (no torch here)."""
    global _applied
    _applied = settings


def apply(settings: ComputeSettings) -> None:
    """Set torch's thread count (before other torch work, where possible)."""
    global _applied
    import torch

    threads = settings.threads or default_threads()
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    _applied = settings
    log.info("compute: device=%s threads=%d", settings.device, threads)


def resolve_device(choice: str = "auto") -> str:
    """Turn a preference into a torch device string."""
    import torch

    if choice == "cpu":
        return "cpu"
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    if choice == "gpu":
        log.warning("no GPU found; using the CPU")
    return "cpu"


def current() -> ComputeSettings:
    """The settings of this process, else those chosen in Preferences."""
    return _applied or shared_settings()


def shared_settings() -> ComputeSettings:
    """Device and threads from the settings the desktop shares with every
    Pictor process (``engine.paths.engine_settings``); defaults if absent."""
    values = paths.engine_settings()
    device = values.get("device")
    threads = values.get("threads")
    defaults = ComputeSettings()
    return ComputeSettings(
        device=device if device in DEVICE_CHOICES else defaults.device,
        threads=threads if isinstance(threads, int) and threads >= 0 else 0,
    )
