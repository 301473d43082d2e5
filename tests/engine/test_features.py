"""Stored backbone features: computed once per photo content, reused after
relabelling, kept when cancelled, bad photos reported."""

from __future__ import annotations

import pytest
import torch

from engine import labels, library
from engine.jobs import Cancelled, CancelToken, JobContext
from engine.vision import training
from engine.vision.backbones import load_backbone
from engine.vision.features import FeaturePhoto, ensure_features
from tests.engine import classifier_fixtures as cf

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def weights_file(tmp_path_factory):
    return cf.random_weights_file(tmp_path_factory.mktemp("weights"))


@pytest.fixture
def colours(tmp_path, weights_file):
    cf.install_random_resnet18(weights_file)
    project, ids = cf.make_project(tmp_path)
    yield project, ids
    project.close()


def feature_photos(project):
    photos = library.get_photos(project, library.photo_ids(project))
    return [FeaturePhoto(p.id, p.path, p.content_hash) for p in photos]


def test_relabel_and_retrain_recomputes_no_features(colours):
    project, ids = colours
    first = training.train(project, cf.tiny_config(epochs=2))
    blue = labels.require_class(project, "blue").id
    labels.label_photos(project, ids["red"][3:6], blue)

    second = training.train(project, cf.tiny_config(epochs=2))

    assert (first.features_computed, first.features_reused) == (16, 0)
    assert (second.features_computed, second.features_reused) == (0, 16)


def test_features_are_pooled_vectors_keyed_by_content_and_weights(colours):
    project, _ = colours
    backbone = load_backbone("resnet18", image_size=32)
    photos = feature_photos(project)

    found = ensure_features(project, photos, backbone, workers=1)
    again = ensure_features(project, photos, backbone, workers=1)

    assert found.computed == 16
    assert again.computed == 0
    assert again.reused == 16
    vector = found.vectors[photos[0].id]
    assert vector.shape == (512,)
    assert vector.dtype.str == "<f4"
    assert (again.vectors[photos[0].id] == vector).all()
    keys = project.store.query("SELECT DISTINCT backbone FROM features")
    assert [row[0] for row in keys] == [f"{backbone.key}@32"]
    assert backbone.key.startswith("resnet18:")


def test_unreadable_photos_are_left_out_and_marked(colours):
    project, ids = colours
    backbone = load_backbone("resnet18", image_size=32)
    broken = library.get_photo(project, ids["red"][0])
    with open(broken.path, "wb") as out:
        out.write(b"not a jpeg")

    found = ensure_features(project, feature_photos(project), backbone, workers=1)

    assert set(found.failures) == {broken.id}
    assert broken.id not in found.vectors
    assert len(found.vectors) == 15
    assert library.get_photo(project, broken.id).status == "damaged"


def test_cancel_keeps_the_batches_already_stored(colours):
    project, _ = colours
    backbone = load_backbone("resnet18", image_size=32)
    token = CancelToken()

    def on_progress(progress):
        if progress.done >= 8:
            token.cancel()

    ctx = JobContext(token, on_progress, min_interval=0)
    with pytest.raises(Cancelled):
        ensure_features(
            project, feature_photos(project), backbone, context=ctx, batch_size=8
        )

    again = ensure_features(project, feature_photos(project), backbone, workers=1)
    assert again.reused == 8
    assert again.computed == 8
