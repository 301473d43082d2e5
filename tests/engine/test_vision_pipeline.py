"""Batched decoding for the models: order, failures, cancellation."""

from __future__ import annotations

import pytest
from PIL import Image

from engine import media
from engine.jobs import Cancelled, CancelToken, JobContext
from engine.vision.pipeline import PhotoRef, batches


def to_tensor(image):
    import numpy as np
    import torch

    small = np.asarray(image.resize((8, 8)), dtype=np.float32)  # (8, 8, 3)
    return torch.from_numpy(small).permute(2, 0, 1).contiguous()


def make_photos(folder, n):
    refs = []
    for i in range(n):
        path = folder / f"照片 {i}.jpg"
        Image.new("RGB", (40, 30), (i * 10 % 256, 0, 0)).save(path)
        refs.append(PhotoRef(i, str(path)))
    return refs


def test_batches_keep_order_and_shape(tmp_path):
    refs = make_photos(tmp_path, 10)
    got = list(batches(refs, to_tensor, batch_size=4, workers=2))
    assert [b.keys for b in got] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert tuple(got[0].tensor.shape) == (4, 3, 8, 8)
    assert got[1].tensor[1, 0, 0, 0].item() == pytest.approx(50, abs=3)


def test_broken_and_vanished_photos_are_reported_and_the_rest_go_on(tmp_path):
    refs = make_photos(tmp_path, 5)
    (tmp_path / "broken.jpg").write_bytes(b"not a photo at all")
    refs.insert(2, PhotoRef(100, str(tmp_path / "broken.jpg")))
    refs.insert(4, PhotoRef(101, str(tmp_path / "gone.jpg")))
    got = list(batches(refs, to_tensor, batch_size=3))
    keys = [k for b in got for k in b.keys]
    failures = {k: e for b in got for k, e in b.failures.items()}
    assert keys == [0, 1, 2, 3, 4]
    assert set(failures) == {100, 101}
    assert isinstance(failures[100], media.MediaError)
    assert isinstance(failures[101], media.MediaError)


def test_cancel_stops_between_photos(tmp_path):
    refs = make_photos(tmp_path, 12)
    token = CancelToken()
    seen = []

    def consume():
        for batch in batches(refs, to_tensor, batch_size=4, context=JobContext(token)):
            seen.append(batch.keys)
            token.cancel()

    with pytest.raises(Cancelled):
        consume()
    assert seen == [[0, 1, 2, 3]]
