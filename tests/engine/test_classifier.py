"""Training a classifier: a dry run of every mode, learning, the data check,
bad input, cancelling, a full disk, the run history and prediction."""

from __future__ import annotations

import errno
import json
import math
import os

import pytest
import torch

from engine import labels, library
from engine.cli import main
from engine.jobs import Cancelled, CancelToken, JobContext
from engine.vision import checks, classifier, runs, training
from engine.vision.checks import DataNotReady
from engine.weights import ModelMissing
from tests.engine import classifier_fixtures as cf

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def weights_file(tmp_path_factory):
    return cf.random_weights_file(tmp_path_factory.mktemp("weights"))


@pytest.fixture
def installed(weights_file):
    cf.install_random_resnet18(weights_file)


@pytest.fixture
def colours(tmp_path, installed):
    project, ids = cf.make_project(tmp_path)
    yield project, ids
    project.close()


def cancel_when(condition):
    """A context that cancels itself once ``condition(progress)`` holds."""
    token = CancelToken()

    def on_progress(progress):
        if condition(progress):
            token.cancel()

    return JobContext(token, on_progress, min_interval=0)


@pytest.mark.parametrize("mode", training.MODES)
def test_one_step_of_every_mode_saves_a_model_that_predicts(colours, mode):
    project, ids = colours

    result = training.train(project, cf.tiny_config(mode=mode, max_steps=1))

    assert result.stopped == "step_limit"
    run = result.run
    assert run.status == runs.FINISHED
    assert run.active
    assert run.has_model
    assert json.loads((run.folder / runs.CLASSES_FILE).read_text())[0]["name"]
    assert run.metrics[0]["epoch"] == 1
    assert {"train_loss", "val_loss", "val_acc"} <= set(run.metrics[0])
    loaded = classifier.load_classifier(project)
    guess = classifier.classify_photo(
        loaded, library.get_photo(project, ids["red"][0]).path
    )
    assert guess.best.name in {"red", "blue"}
    assert sum(g.probability for g in guess.top) == pytest.approx(1.0, abs=1e-5)


def test_finetune_last_keeps_the_frozen_layers_unchanged(colours):
    project, _ = colours
    result = training.train(project, cf.tiny_config(mode="finetune-last", max_steps=2))

    saved = runs.load_weights(result.run.folder)

    assert saved
    assert all(k.startswith(("trunk.layer4.", "head.")) for k in saved)


def test_resnet18_from_random_weights_learns_red_from_blue(tmp_path, installed):
    project, _ = cf.make_project(tmp_path, per_class=12, val_per_class=5)
    config = cf.tiny_config(mode="finetune-all", epochs=3, backbone_lr_ratio=1.0)

    with project:
        result = training.train(project, config)

    assert result.accuracy >= 0.9
    assert (
        result.run.results["confusion"][0][0] + result.run.results["confusion"][1][1]
        >= 9
    )


def test_progress_reports_steps_epochs_and_eta(colours):
    project, _ = colours
    seen = []
    ctx = JobContext(on_progress=seen.append, min_interval=0)

    training.train(project, cf.tiny_config(mode="finetune-all", epochs=2), context=ctx)

    steps = [p for p in seen if "step" in p.metrics]
    epochs = [p for p in seen if "val_acc" in p.metrics]
    assert steps
    assert all(math.isfinite(p.metrics["train_loss"]) for p in steps)
    assert [p.metrics["epoch"] for p in epochs] == [1, 2]
    assert epochs[0].metrics["eta_s"] > 0
    assert epochs[-1].metrics["eta_s"] == 0


# the data check


def test_one_class_only_is_refused_before_anything_is_recorded(tmp_path, installed):
    project, ids = cf.make_project(tmp_path)
    with project:
        labels.unlabel_photos(project, ids["blue"])

        with pytest.raises(DataNotReady) as caught:
            training.train(project, cf.tiny_config())

        assert "at least two classes" in str(caught.value)
        assert runs.list_runs(project) == []


def test_a_class_with_one_photo_is_an_error_naming_its_photo(tmp_path, installed):
    project, ids = cf.make_project(tmp_path)
    with project:
        labels.unlabel_photos(project, ids["blue"][1:])

        problems = checks.check_data(project)
        with pytest.raises(DataNotReady, match="“blue” has 1 usable"):
            training.train(project, cf.tiny_config())

    error = problems[0]
    assert error.severity == checks.ERROR
    assert error.photo_ids == (ids["blue"][0],)


def test_small_classes_imbalance_and_missing_validation_are_warned(tmp_path, installed):
    project, ids = cf.make_project(tmp_path, per_class=12, val_per_class=2)
    with project:
        labels.unlabel_photos(project, ids["blue"][6:])
        labels.pin_split(project, ids["red"][:2], "train")
        problems = {p.template: p for p in checks.check_data(project)}

    assert checks.CLASS_SMALL in problems  # blue: 6 photos
    assert checks.CLASS_NOT_VALIDATED in problems  # red: none in validation
    assert set(problems[checks.CLASS_NOT_VALIDATED].photo_ids) == set(ids["red"])
    assert all(p.severity == checks.WARNING for p in problems.values())


def test_imbalance_over_five_to_one(tmp_path, installed):
    project, ids = cf.make_project(tmp_path, per_class=30, val_per_class=3)
    with project:
        labels.unlabel_photos(project, ids["blue"][5:])
        problems = {p.template: p for p in checks.check_data(project)}

    imbalance = problems[checks.IMBALANCE]
    assert imbalance.params["largest"] == "red"
    assert imbalance.params["ratio"] == "6"
    assert set(imbalance.photo_ids) == set(ids["blue"][:5])


def test_deleted_and_damaged_photos_are_reported_and_training_goes_on(colours):
    project, ids = colours
    gone = library.get_photo(project, ids["red"][3])
    broken = library.get_photo(project, ids["blue"][4])
    os.remove(gone.path)
    with open(broken.path, "wb") as out:
        out.write(b"\xff\xd8\xff garbage")

    result = training.train(project, cf.tiny_config(epochs=2))

    reported = {
        i for p in result.problems if p.template == checks.UNUSABLE for i in p.photo_ids
    }
    assert {gone.id, broken.id} <= reported
    assert library.get_photo(project, gone.id).status == "missing"
    assert library.get_photo(project, broken.id).status == "damaged"
    assert result.run.status == runs.FINISHED


def test_same_picture_in_training_and_validation_is_found(colours, tmp_path):
    from PIL import Image

    project, _ = colours
    source = tmp_path / "photos" / "red" / "00.jpg"
    twin = tmp_path / "twin" / "twin.png"
    twin.parent.mkdir()
    Image.open(source).save(twin)  # same pixels, other bytes
    added = library.import_paths(project, [twin], workers=1).added
    original = library.find_photo(project, source)
    labels.label_photos(project, added, labels.require_class(project, "red").id)
    labels.pin_split(project, added, "train")
    labels.pin_split(project, [original.id], "val")

    result = training.train(project, cf.tiny_config(max_steps=1))

    same = [p for p in result.problems if p.template == checks.SAME_IN_BOTH]
    assert same
    assert {original.id, added[0]} <= set(same[0].photo_ids)


def test_same_picture_is_found_before_training_from_stored_features(colours, tmp_path):
    from PIL import Image

    project, ids = colours
    training.train(project, cf.tiny_config(max_steps=1))  # stores the features
    red = labels.require_class(project, "red").id
    source = library.get_photo(project, ids["red"][0])  # in validation
    twin = tmp_path / "twin" / "twin.png"
    twin.parent.mkdir()
    Image.open(source.path).save(twin)
    added = library.import_paths(project, [twin], workers=1).added
    labels.label_photos(project, added, red)
    labels.pin_split(project, added, "train")
    before = checks.check_data(project)
    training.train(project, cf.tiny_config(max_steps=1))  # the twin's features
    labels.pin_split(project, added, "val")
    labels.pin_split(project, [source.id], "train")

    found = training.check_before_training(project, cf.tiny_config(mode="finetune-all"))

    assert not [p for p in before if p.template == checks.SAME_IN_BOTH]
    same = [p for p in found if p.template == checks.SAME_IN_BOTH]
    assert len(same) == 1
    assert set(same[0].photo_ids) == {source.id, added[0]}
    assert same[0].severity == checks.WARNING


def test_the_command_line_prints_the_problems_training_found(colours, capsys):
    project, ids = colours
    gone = library.get_photo(project, ids["red"][3])
    os.remove(gone.path)
    path = str(project.path)
    project.close()

    assert main(["train", path, "--epochs", "2"]) == 0

    text = capsys.readouterr().out
    assert "warning: 1 labelled photos were deleted or damaged" in text
    assert "validation accuracy" in text


def test_missing_weights_say_so_and_record_nothing(tmp_path):
    project, _ = cf.make_project(tmp_path)
    with project:
        with pytest.raises(ModelMissing, match="47 MB"):
            training.train(project, cf.tiny_config())
        assert runs.list_runs(project) == []


# stopping


def test_nan_loss_stops_with_a_message_and_marks_the_run_failed(colours):
    project, _ = colours

    with pytest.raises(training.TrainingDiverged, match="loss became nan"):
        training.train(project, cf.tiny_config(lr=math.inf, epochs=3))

    run = runs.list_runs(project)[0]
    assert run.status == runs.FAILED
    assert "loss became nan" in run.message_text


def test_training_stops_early_when_validation_stops_improving(colours):
    project, _ = colours
    # nothing can change when nothing is learnt: validation is flat from epoch 1
    config = cf.tiny_config(epochs=20, lr=0.0, patience=2)

    result = training.train(project, config)

    assert result.stopped == "early_stopped"
    assert result.best_epoch == 1
    run = result.run
    assert [m["epoch"] for m in run.metrics] == [1, 2, 3]
    assert run.status == runs.FINISHED
    assert "Stopped after epoch 3" in run.message_text
    assert "from epoch 1, is kept" in run.message_text
    assert run.has_model


def test_cancel_during_feature_extraction_keeps_the_features_done(colours):
    from engine.vision.features import COMPUTING

    project, _ = colours
    ctx = cancel_when(lambda p: p.message == COMPUTING and p.done >= 8)

    with pytest.raises(Cancelled):
        training.train(project, cf.tiny_config(), context=ctx)

    run = runs.list_runs(project)[0]
    assert run.status == runs.CANCELLED
    assert not run.has_model
    kept = project.store.query("SELECT count(*) FROM features")[0][0]
    assert 8 <= kept < 16


def test_cancel_during_an_epoch_keeps_the_best_model(colours):
    project, ids = colours
    ctx = cancel_when(lambda p: p.metrics.get("epoch") == 2 and "step" in p.metrics)

    with pytest.raises(Cancelled):
        training.train(
            project, cf.tiny_config(mode="finetune-all", epochs=5), context=ctx
        )

    run = runs.list_runs(project)[0]
    assert run.status == runs.CANCELLED
    assert run.has_model
    assert [m["epoch"] for m in run.metrics] == [1]
    loaded = classifier.load_classifier(project, run.id)
    assert classifier.classify_photo(
        loaded, library.get_photo(project, ids["red"][0]).path
    )


def test_disk_full_while_saving_keeps_the_previous_model(colours, monkeypatch):
    import safetensors.torch

    project, ids = colours
    real_save = safetensors.torch.save_file
    calls = []

    def save_then_fill_the_disk(tensors, filename, *args, **kwargs):
        calls.append(filename)
        if len(calls) == 1:
            return real_save(tensors, filename, *args, **kwargs)
        with open(filename, "wb") as out:
            out.write(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safetensors.torch, "save_file", save_then_fill_the_disk)
    original_update = training._Best.update
    monkeypatch.setattr(
        training._Best, "update", lambda self, *a: original_update(self, *a) or True
    )

    with pytest.raises(runs.CheckpointNotSaved, match="No space left"):
        training.train(project, cf.tiny_config(epochs=3))

    run = runs.list_runs(project)[0]
    assert run.status == runs.FAILED
    assert len(calls) == 2
    assert sorted(p.name for p in run.folder.iterdir()) == [
        runs.CLASSES_FILE, runs.CONFIG_FILE, runs.WEIGHTS_FILE,
    ]  # fmt: skip
    loaded = classifier.load_classifier(project, run.id)
    assert classifier.classify_photo(
        loaded, library.get_photo(project, ids["blue"][0]).path
    )


# results, history, prediction


def test_results_relabel_and_history(colours):
    project, ids = colours
    first = training.train(project, cf.tiny_config(epochs=3))
    labels.label_photos(
        project, ids["red"][2:4], labels.require_class(project, "blue").id
    )

    second = training.train(project, cf.tiny_config(epochs=3))

    results = second.run.results
    assert results["mislabelled_method"] == "out-of-fold"
    assert sum(map(sum, results["confusion"])) == 4  # validation photos
    cells = [i for row in results["confusion_photos"] for cell in row for i in cell]
    assert sorted(cells) == sorted(ids["red"][:2] + ids["blue"][:2])
    assert {c["name"] for c in results["per_class"]} == {"red", "blue"}
    history = runs.list_runs(project)
    assert [r.id for r in history] == [second.run_id, first.run_id]
    assert history[0].active
    assert not history[1].active
    runs.set_active_run(project, first.run_id)
    assert classifier.load_classifier(project).run_id == first.run_id


def test_mislabelled_photos_are_listed_most_confident_first(colours):
    project, ids = colours
    blue = labels.require_class(project, "blue").id
    wrong = ids["red"][2:4]
    labels.label_photos(project, wrong, blue)
    config = cf.tiny_config(epochs=20, lr=1e-2, mislabel_confidence=0.5, patience=20)

    result = training.train(project, config)

    found = result.run.results["mislabelled"]
    red = labels.require_class(project, "red").id
    planted = [row for row in found if row["photo_id"] in wrong]
    assert {row["photo_id"] for row in planted} == set(wrong)
    assert all((r["label"], r["predicted"], r["split"]) == (blue, red, "train")
               for r in planted)  # fmt: skip
    confidences = [row["confidence"] for row in found]
    assert confidences == sorted(confidences, reverse=True)
    assert all(row["label"] != row["predicted"] for row in found)
    assert {row["split"] for row in found} <= {"train", "val"}


def test_predict_folder_writes_csv_copies_and_reports_bad_files(colours, tmp_path):
    project, _ = colours
    training.train(project, cf.tiny_config(max_steps=1))
    folder = tmp_path / "new"
    cf.coloured_photo(folder / "a.jpg", "red", 77)
    cf.coloured_photo(folder / "sub" / "b.jpg", "blue", 78)
    (folder / "c.jpg").write_bytes(b"not a photo")
    model = classifier.load_classifier(project)

    report = classifier.predict_paths(
        model, [folder], csv_path=tmp_path / "out.csv", copy_to=tmp_path / "sorted",
        threshold=0.0,
    )  # fmt: skip

    assert [p.path for p in report.predictions] == [
        str(folder / "a.jpg"), str(folder / "sub" / "b.jpg"),
    ]  # fmt: skip
    assert [p for p, _ in report.problems] == [str(folder / "c.jpg")]
    rows = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "path,class,confidence"
    assert len(rows) == 3
    assert report.copied == 2
    assert len(list((tmp_path / "sorted").rglob("*.jpg"))) == 2


def test_threshold_gives_none_of_these(colours):
    project, ids = colours
    training.train(project, cf.tiny_config(max_steps=1))
    model = classifier.load_classifier(project)
    path = library.get_photo(project, ids["red"][0]).path

    guess = classifier.classify_photo(model, path, threshold=1.01)

    assert guess.none_of_these
    assert guess.to_json()["class"] is None


def test_the_default_threshold_lies_above_chance():
    assert classifier.default_threshold(2) > 0.5
    assert classifier.default_threshold(3) > 1 / 3
    assert classifier.default_threshold(10) > 0.1
    assert classifier.default_threshold(10) < classifier.default_threshold(2)


def new_photos(folder):
    known = [
        cf.coloured_photo(folder / "red.jpg", "red", 77),
        cf.coloured_photo(folder / "blue.jpg", "blue", 78),
    ]
    unlike = [cf.unlike_photo(folder / f"{k}.jpg", k, 3) for k in UNLIKE]
    return known, unlike


UNLIKE = ("green", "noise", "stripes")


def test_photos_unlike_either_class_are_none_of_these_by_default(colours, tmp_path):
    project, _ = colours
    training.train(project, cf.tiny_config())
    model = classifier.load_classifier(project)
    known, unlike = new_photos(tmp_path / "new")

    report = classifier.predict_paths(model, known + unlike)

    by_name = {os.path.basename(p.path)[:-4]: p for p in report.predictions}
    for colour in ("red", "blue"):
        guess = by_name[colour]
        assert guess.best.name == colour
        assert not guess.none_of_these
    for kind in UNLIKE:
        assert by_name[kind].none_of_these, kind
        assert by_name[kind].unlike_training, kind
        assert by_name[kind].to_json()["class"] is None
    assert (model.run_id, model.familiarity.centroids.shape) == (1, (2, 512))
    single = classifier.classify_photo(model, unlike[0], threshold=0.0)
    assert single.none_of_these  # whatever probability the user accepts


@pytest.mark.parametrize("mode", ["finetune-last", "finetune-all"])
def test_fine_tuned_runs_judge_familiarity_with_their_own_backbone(
    colours, tmp_path, mode
):
    project, _ = colours
    training.train(project, cf.tiny_config(mode=mode, epochs=2))
    model = classifier.load_classifier(project)
    known, unlike = new_photos(tmp_path / "new")

    report = classifier.predict_paths(model, known + unlike, threshold=0.0)

    flags = [p.unlike_training for p in report.predictions]
    assert flags == [False, False, True, True, True]
    assert flags == [p.none_of_these for p in report.predictions]


def test_runs_trained_without_centroids_predict_by_probability(colours, tmp_path):
    from engine.vision.familiarity import FILE

    project, ids = colours
    run = training.train(project, cf.tiny_config(max_steps=1)).run
    (run.folder / FILE).unlink()  # as saved before centroids were kept
    model = classifier.load_classifier(project)
    path = library.get_photo(project, ids["red"][0]).path
    _, unlike = new_photos(tmp_path / "new")

    guess = classifier.classify_photo(model, path)
    odd = classifier.classify_photo(model, unlike[0], threshold=0.0)

    assert model.familiarity is None
    assert guess.best.name in {"red", "blue"}
    assert guess.similarity is None
    assert guess.none_of_these == (guess.best.probability < 0.6)
    assert not odd.none_of_these
    assert classifier.classify_photo(model, path, threshold=1.01).none_of_these


def test_jobs_use_the_thread_count_from_the_preferences(colours, tmp_path, monkeypatch):
    from engine import compute
    from engine.vision import export

    project, ids = colours
    monkeypatch.setattr(compute, "_applied", None)  # restored afterwards
    compute.configure(compute.ComputeSettings(threads=2))
    photo = library.get_photo(project, ids["red"][0]).path
    labels.unlabel_photos(project, ids["blue"][5:6])  # one to suggest for
    jobs = {
        "train": lambda: training.train_job(project, cf.tiny_config(max_steps=1)),
        "predict": lambda: classifier.predict_job(project, [photo]),
        "suggest": lambda: classifier.suggest_job(project),
        "export": lambda: export.export_job(project, "onnx", tmp_path / "out"),
    }
    seen = {}
    try:
        for name, make in jobs.items():
            torch.set_num_threads(1)
            threads = seen.setdefault(name, [])
            ctx = JobContext(
                on_progress=lambda p, t=threads: t.append(torch.get_num_threads()),
                min_interval=0,
            )
            make().run(ctx)
    finally:
        torch.set_num_threads(1)

    assert {name: set(t) for name, t in seen.items()} == {
        "train": {2}, "predict": {2}, "suggest": {2}, "export": {2},
    }  # fmt: skip


def test_suggestions_for_unlabelled_photos_most_uncertain_first(colours, tmp_path):
    project, _ = colours
    training.train(project, cf.tiny_config(max_steps=1))
    for i in range(3):
        cf.coloured_photo(tmp_path / "unlabelled" / f"{i}.jpg", "red", 500 + i)
    new = library.import_paths(project, [tmp_path / "unlabelled"], workers=1).added

    suggestions = classifier.suggest_labels(project)
    changes = classifier.accept_suggestions(project, suggestions[:1])

    assert sorted(s.photo_id for s in suggestions) == sorted(new)
    margins = [s.margin for s in suggestions]
    assert margins == sorted(margins)
    state = labels.photo_states(project, [suggestions[0].photo_id])[0]
    assert state.source == "suggestion"
    assert state.class_id == suggestions[0].class_id
    changes[0].revert(project)
    assert labels.photo_states(project, [suggestions[0].photo_id])[0].class_id is None


def test_command_line_train_predict_and_runs(colours, tmp_path, capsys):
    project, _ = colours
    path = str(project.path)
    project.close()
    photo = cf.coloured_photo(tmp_path / "try" / "x.jpg", "blue", 99)

    assert main(["train", path, "--epochs", "2", "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert main(["predict", path, str(photo), "--json"]) == 0
    predicted = json.loads(capsys.readouterr().out)
    assert main(["runs", path, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)

    assert trained["run"]["status"] == "finished"
    assert trained["features_computed"] == 16
    assert predicted["predictions"][0]["class"] in {"red", "blue", None}
    assert listed[0]["id"] == trained["run"]["id"]
    assert listed[0]["active"]


def test_command_line_reports_missing_weights(tmp_path, capsys):
    project, _ = cf.make_project(tmp_path)
    path = str(project.path)
    project.close()

    assert main(["train", path]) == 1
    assert "is not installed" in capsys.readouterr().err


def test_estimate_is_measured_once_and_then_remembered(colours):
    from engine.vision import estimate

    project, _ = colours
    config = cf.tiny_config(mode="finetune-all", epochs=2)

    first = estimate.estimate_seconds(project, config)
    again = estimate.estimate_seconds(project, config)

    assert first > 0
    assert again == pytest.approx(first)
    speeds = [k for k in project.store.all_meta() if k.startswith("speed:resnet18")]
    assert len(speeds) == 2  # fine-tuning and plain inference figures


def test_command_line_check_lists_problems_and_the_estimate(
    tmp_path, installed, capsys
):
    project, ids = cf.make_project(tmp_path)
    labels.unlabel_photos(project, ids["blue"][1:])
    path = str(project.path)
    project.close()

    assert main(["train", path, "--check", "--json"]) == 1
    checked = json.loads(capsys.readouterr().out)

    assert checked["problems"][0]["severity"] == "error"
    assert checked["problems"][0]["photo_ids"] == [ids["blue"][0]]
    assert checked["estimate_s"] > 0
