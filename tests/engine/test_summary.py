"""What a project holds and what to do next, as the Overview and
``pictor info`` show it."""

from __future__ import annotations

import json

import pytest

from engine import labels, library, summary
from engine.cli import main
from engine.project import Project
from engine.vision import runs
from tests.engine import imaging


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "counted") as opened:
        yield opened


def photos(folder, count, start=0):
    for i in range(start, start + count):
        imaging.distinct_jpeg(folder / f"{i:03}.jpg", i)


def test_an_empty_project_asks_for_photos(project):
    counted = summary.summarise(project)

    assert (counted.photos, counted.classes, counted.indexed) == (0, 0, 0)
    assert counted.active_run is None
    assert counted.next_step() == (summary.NEXT_ADD_PHOTOS, {})


def test_counts_photos_and_asks_for_labels_until_two_classes_are_ready(
    project, tmp_path
):
    photos(tmp_path / "in" / "ants", 3)
    photos(tmp_path / "in" / "bees", 6, start=10)
    photos(tmp_path / "in", 2, start=20)  # beside the class folders
    library.import_paths(project, [tmp_path / "in"], classes_from_folders=True)

    counted = summary.summarise(project)

    assert (counted.photos, counted.labelled, counted.unlabeled) == (11, 9, 2)
    assert (counted.classes, counted.ready_classes) == (2, 1)
    assert counted.next_step() == (summary.NEXT_LABEL, {"needed": 5})

    ants = labels.require_class(project, "ants")
    unlabelled = library.photo_ids(project, library.PhotoFilter(library.Show.UNLABELED))
    labels.label_photos(project, unlabelled, ants.id)

    assert summary.summarise(project).next_step() == (summary.NEXT_TRAIN, {})


def test_an_active_classifier_is_reported_with_its_accuracy(project, tmp_path):
    photos(tmp_path / "in" / "ants", 5)
    photos(tmp_path / "in" / "bees", 5, start=10)
    library.import_paths(project, [tmp_path / "in"], classes_from_folders=True)
    run = runs.start_run(project, {"backbone": "resnet18", "mode": "quick"})
    runs.save_weights(run.folder, {})
    runs.record_results(project, run.id, {"accuracy": 0.875})
    runs.finish_run(project, run.id, status="finished")
    runs.set_active_run(project, run.id)

    counted = summary.summarise(project)

    assert (counted.classifier_runs, counted.active_run) == (1, run.id)
    assert counted.active_accuracy == pytest.approx(0.875)
    assert counted.next_step() == (summary.NEXT_EXPLORE, {})


def test_pictor_info_prints_the_contents(project, tmp_path, capsys):
    photos(tmp_path / "in", 3)
    library.import_paths(project, [tmp_path / "in"])
    path = project.path
    project.close()

    assert main(["info", str(path), "--json"]) == 0
    contents = json.loads(capsys.readouterr().out)["contents"]
    assert (contents["photos"], contents["unlabeled"]) == (3, 3)

    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "photos: 3" in out
    assert "sort the photos into classes" in out
