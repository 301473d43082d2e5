"""``pictor self-test``: prove an installation works, end to end.

Imports every heavy dependency, creates a temporary project, runs a tiny
forward pass of each model family with random weights and round-trips an
hnswlib index. Installers run it inside the installed app.
"""

from __future__ import annotations

import importlib
import logging
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HEAVY_MODULES = (
    "numpy",
    "PIL",
    "torch",
    "torchvision",
    "open_clip",
    "hnswlib",
    "safetensors",
    "tokenizers",
    "pillow_heif",
    "charset_normalizer",
    "onnx",
    "onnxruntime",
    "transformers",
)


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    seconds: float
    detail: str = ""


def check_imports() -> str:
    versions = []
    for name in HEAVY_MODULES:
        module = importlib.import_module(name)
        versions.append(f"{name} {getattr(module, '__version__', '?')}")
    return ", ".join(versions)


def check_project() -> str:
    from engine.project import Project

    with tempfile.TemporaryDirectory(prefix="pictor-selftest-") as tmp:
        folder = Path(tmp) / "自检 project"
        with Project.create(folder) as project:
            project.store.set_meta({"self-test": "ok"})
            path = project.path
        with Project.open(path) as project:
            if project.store.get_meta("self-test") != "ok":
                raise RuntimeError("a value written to the project was not read back")
            return f"schema {project.store.version()}"


def check_resnet() -> str:
    import torch
    import torchvision

    model = torchvision.models.resnet18(weights=None).eval()
    model = model.to(memory_format=torch.channels_last)
    with torch.inference_mode():
        out = model(torch.rand(1, 3, 64, 64).to(memory_format=torch.channels_last))
    if out.shape != (1, 1000) or not torch.isfinite(out).all():
        raise RuntimeError(f"unexpected ResNet output {tuple(out.shape)}")
    return "resnet18 forward ok"


def check_clip() -> str:
    import open_clip
    import torch

    model = open_clip.create_model("ViT-B-32", pretrained=None).eval()
    tokenizer = open_clip.get_tokenizer("ViT-B-32")
    with torch.inference_mode():
        image = model.encode_image(torch.rand(1, 3, 224, 224))
        text = model.encode_text(tokenizer(["a photo of a cat"]))
    if image.shape != text.shape or not torch.isfinite(image).all():
        raise RuntimeError("CLIP image and text embeddings differ in shape")
    return f"ViT-B-32 embeddings of {image.shape[-1]} values"


def check_lstm() -> str:
    """The app's own language model: tokenizer, network, checkpoint round trip."""
    import torch

    from engine.text.lstm import LMConfig, build_model, load_checkpoint, save_checkpoint
    from engine.text.tokenizers import encode_texts, train_tokenizer

    texts = ["海边的日落。\nA red bicycle in the snow.\n"]
    tokenizer = train_tokenizer(texts, "char")
    vocab = tokenizer.vocab_size
    config = LMConfig(vocab, embed_size=16, hidden_size=16, layers=2, seq_len=8)
    model = build_model(config).eval()
    ids = torch.from_numpy(encode_texts(tokenizer, texts)[:16]).view(2, 8)
    with torch.inference_mode():
        logits, _ = model(ids)  # (batch, seq, vocab)
    if logits.shape != (2, 8, vocab) or not torch.isfinite(logits).all():
        raise RuntimeError(f"unexpected LSTM output {tuple(logits.shape)}")
    with tempfile.TemporaryDirectory(prefix="pictor-selftest-") as tmp:
        save_checkpoint(Path(tmp), model, tokenizer)
        loaded, loaded_tokenizer = load_checkpoint(tmp)
    with torch.inference_mode():
        again, _ = loaded(ids)
    if not torch.allclose(logits, again):
        raise RuntimeError("a saved language model gave other output when reloaded")
    if loaded_tokenizer.decode(ids[0].tolist()) != tokenizer.decode(ids[0].tolist()):
        raise RuntimeError("a saved tokenizer decoded differently when reloaded")
    return f"language model ({vocab} characters) forward and reload ok"


def check_hnswlib() -> str:
    import hnswlib
    import numpy as np

    rng = np.random.default_rng(0)
    data = rng.standard_normal((200, 32)).astype(np.float32)
    index = hnswlib.Index(space="cosine", dim=32)
    index.init_index(max_elements=200, M=16, ef_construction=100)
    index.add_items(data, np.arange(200))
    with tempfile.TemporaryDirectory(prefix="pictor-selftest-") as tmp:
        path = str(Path(tmp) / "索引.bin")
        index.save_index(path)
        loaded = hnswlib.Index(space="cosine", dim=32)
        loaded.load_index(path, max_elements=200)
    loaded.set_ef(50)
    labels, _ = loaded.knn_query(data[:5], k=1)
    if labels.ravel().tolist() != [0, 1, 2, 3, 4]:
        raise RuntimeError("the reloaded index did not find its own vectors")
    return "save/load round trip ok"


CHECKS: dict[str, Callable[[], str | None]] = {
    "imports": check_imports,
    "project": check_project,
    "resnet": check_resnet,
    "clip": check_clip,
    "lstm": check_lstm,
    "hnswlib": check_hnswlib,
}


def run_checks(
    extra: dict[str, Callable[[], str | None]] | None = None,
) -> list[CheckResult]:
    """Run every check, catching failures; return one result per check."""
    results = []
    for name, check in {**CHECKS, **(extra or {})}.items():
        started = time.perf_counter()
        try:
            detail = check() or ""
            passed = True
        except Exception as exc:  # noqa: BLE001 - a report, not a crash
            log.error("self-test %s failed\n%s", name, traceback.format_exc())
            detail, passed = f"{type(exc).__name__}: {exc}", False
        results.append(CheckResult(name, passed, time.perf_counter() - started, detail))
    return results
