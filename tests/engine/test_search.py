"""Photo search with a small embedder whose vectors follow the photo's colour,
so the right answers are known: indexing, queries, filters, faults."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from engine import labels, library
from engine.jobs import Cancelled, CancelToken, JobContext
from engine.project import Project
from engine.vectors import IndexInvalid
from engine.vision import indexing
from engine.vision.duplicates import find_duplicates
from engine.vision.embed import (
    EmptyQuery,
    NeedsMultilingualIndex,
    NeedsMultilingualModel,
)
from engine.vision.indexing import SearchIndex, index_photos
from engine.vision.search import (
    SearchFilter,
    filter_folders,
    judge_match,
    search,
    similar_photos,
    suggest_labels,
    top_folders,
)

torch.set_num_threads(1)

RED, GREEN, BLUE = (230, 20, 20), (20, 200, 30), (20, 30, 220)
WORDS = {"red": RED, "green": GREEN, "blue": BLUE}


class ColourEmbedder:
    """Vectors from a photo's mean colour (centred), plus a faint texture
    signal; words name colours. Same colour: same direction."""

    name = "colour-test"
    dim = 8
    multilingual = False
    min_side = None
    logit_scale = 100.0

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.images_seen = 0

    def preprocess(self, image):
        small = np.asarray(image.resize((4, 4)), dtype=np.float32)  # (4, 4, 3)
        return torch.from_numpy(small.reshape(-1, 3).T.copy())  # (3, 16)

    def encode_images(self, batch):
        time.sleep(self.delay)
        self.images_seen += len(batch)
        pixels = batch.numpy()  # (n, 3, 16)
        mean = pixels.mean(axis=2)  # (n, 3)
        texture = pixels[:, :, :5].std(axis=1) / 255  # (n, 5)
        return _unit(np.concatenate([(mean - 128) / 128, 0.05 * texture], axis=1))

    def encode_texts(self, texts):
        rows = []
        for text in texts:
            vector = np.zeros(self.dim, np.float32)
            for word in text.lower().split():
                if word in WORDS:
                    vector[:3] += (np.asarray(WORDS[word]) - 128) / 128
            if not vector.any():  # an unknown word: some other direction
                seed = sum(ord(c) for c in text)
                vector = np.random.default_rng(seed).standard_normal(self.dim)
            rows.append(vector)
        return _unit(np.asarray(rows, dtype=np.float32))


def _unit(rows):
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def pretend_installed(name: str) -> Path:
    """A model folder that says ``name`` is installed (nothing loads it)."""
    from engine.weights import get_spec
    from engine.weights.installed import WEIGHTS_NAME, user_dir, write_sidecar

    spec = get_spec(name)
    folder = user_dir() / spec.name
    folder.mkdir(parents=True)
    for filename in [WEIGHTS_NAME, *(f.filename for f in spec.extra_files)]:
        (folder / filename).parent.mkdir(parents=True, exist_ok=True)
        (folder / filename).write_bytes(b"")
    write_sidecar(folder, {"weights": {"verified": True}})
    return folder


def photo(path: Path, colour, *, seed: int = 0, size=(24, 16)) -> Path:
    """A photo of one colour with a few seeded specks (unique content)."""
    rng = np.random.default_rng(seed)
    pixels = np.empty((size[1], size[0], 3), np.uint8)
    pixels[:] = colour
    for _ in range(3):
        y, x = rng.integers(0, size[1]), rng.integers(0, size[0])
        pixels[y, x] = rng.integers(0, 256, 3)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path, quality=95)
    return path


def make_folder(folder: Path, per_colour: int = 3) -> dict[str, list[Path]]:
    made: dict[str, list[Path]] = {}
    for n, (word, colour) in enumerate(WORDS.items()):
        made[word] = [
            photo(folder / f"{word}-{i}.jpg", colour, seed=10 * n + i)
            for i in range(per_colour)
        ]
    return made


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p") as opened:
        yield opened
    indexing.forget_open_indexes()


@pytest.fixture
def embedder():
    return ColourEmbedder()


def names(result):
    return [Path(h.path).name for h in result.hits]


# indexing and text queries


def test_index_a_folder_then_find_photos_by_colour_words(project, embedder, tmp_path):
    made = make_folder(tmp_path / "photos")
    report = index_photos(project, [tmp_path / "photos"], embedder=embedder)
    assert (report.found, report.encoded, report.removed) == (9, 9, 0)

    result = search(project, "red", k=3, embedder=embedder)
    assert {Path(h.path) for h in result.hits} == set(made["red"])
    assert result.hits[0].score == pytest.approx(1.0, abs=0.05)
    assert result.hits[0].photo_id is None  # not in the library

    everything = search(project, "blue", k=500, embedder=embedder)
    assert len(everything.hits) == 9
    assert {n.split("-")[0] for n in names(everything)[:3]} == {"blue"}


def test_library_photos_are_searched_without_adding_a_folder(
    project, embedder, tmp_path
):
    made = make_folder(tmp_path / "lib")
    library.import_paths(project, [tmp_path / "lib"])
    report = index_photos(project, embedder=embedder)
    assert report.encoded == 9
    hits = search(project, "green", k=3, embedder=embedder).hits
    assert {Path(h.path) for h in hits} == set(made["green"])
    assert all(h.photo_id is not None for h in hits)


def test_reindex_processes_only_touched_and_changed_files(project, embedder, tmp_path):
    made = make_folder(tmp_path / "photos", per_colour=5)
    index_photos(project, [tmp_path / "photos"], embedder=embedder)
    touched = made["red"][0]
    os.utime(touched, (time.time() + 10, time.time() + 10))
    again = index_photos(project, embedder=embedder)
    assert (again.checked, again.encoded) == (1, 0)

    photo(made["blue"][1], GREEN, seed=99)  # same path, new content
    again = index_photos(project, embedder=embedder)
    assert (again.checked, again.encoded) == (1, 1)
    top = search(project, "green", k=6, embedder=embedder).hits
    assert made["blue"][1] in {Path(h.path) for h in top}


def test_moved_files_reuse_their_vectors(project, embedder, tmp_path):
    made = make_folder(tmp_path / "photos")
    index_photos(project, [tmp_path / "photos"], embedder=embedder)
    moved = tmp_path / "photos" / "sub" / "moved red.jpg"
    moved.parent.mkdir()
    shutil.move(made["red"][0], moved)
    seen = embedder.images_seen
    report = index_photos(project, embedder=embedder)
    assert (report.encoded, report.reused, report.removed) == (0, 1, 1)
    assert embedder.images_seen == seen
    hits = search(project, "red", k=3, embedder=embedder).hits
    assert moved in {Path(h.path) for h in hits}


def test_photos_under_chinese_paths(project, embedder, tmp_path):
    folder = tmp_path / "照片" / "海边的日落"
    made = make_folder(folder, per_colour=2)
    index_photos(project, [folder], embedder=embedder)
    hits = search(project, "blue", k=2, embedder=embedder).hits
    assert {Path(h.path) for h in hits} == set(made["blue"])
    # the index reloads from disk under the same folder
    indexing.forget_open_indexes()
    assert search(project, "blue", k=2, embedder=embedder).hits[0].path == hits[0].path


def test_damaged_files_are_listed_on_every_run_and_the_rest_indexed(
    project, embedder, tmp_path
):
    make_folder(tmp_path / "photos", per_colour=2)
    (tmp_path / "photos" / "broken.jpg").write_bytes(b"not a photo")
    data = photo(tmp_path / "whole.jpg", RED, seed=5).read_bytes()
    (tmp_path / "photos" / "cut.jpg").write_bytes(data[: len(data) // 2])
    report = index_photos(project, [tmp_path / "photos"], embedder=embedder)
    assert report.encoded == 6
    assert [Path(p.path).name for p in report.problems] == ["broken.jpg", "cut.jpg"]
    assert all(p.message and p.reason for p in report.problems)

    # not read again, yet still listed
    again = index_photos(project, embedder=embedder)
    assert (again.checked, again.encoded) == (0, 0)
    assert again.problems == report.problems
    assert indexing.index_problems(project) == report.problems

    photo(tmp_path / "photos" / "broken.jpg", BLUE, seed=6)  # repaired
    fixed = index_photos(project, embedder=embedder)
    assert [Path(p.path).name for p in fixed.problems] == ["cut.jpg"]
    assert fixed.encoded == 1


def test_unreadable_files_are_named_with_the_reason_until_they_can_be_read(
    project, embedder, tmp_path, monkeypatch
):
    from engine import media

    make_folder(tmp_path / "photos", per_colour=1)
    locked = str(tmp_path / "photos" / "green-0.jpg")
    real_hash = media.hash_file

    def refuse_locked(path):
        if os.fspath(path) == locked:
            raise media.PermissionDenied().with_path(path)
        return real_hash(path)

    monkeypatch.setattr(media, "hash_file", refuse_locked)
    report = index_photos(project, [tmp_path / "photos"], embedder=embedder)
    assert [(p.path, p.message) for p in report.problems] == [
        (locked, "Permission denied")
    ]
    assert report.encoded == 2
    assert indexing.index_problems(project) == report.problems
    assert report.as_dict()["problems"][0]["message"] == "Permission denied"

    monkeypatch.setattr(media, "hash_file", real_hash)
    again = index_photos(project, embedder=embedder)
    assert (again.encoded, again.problems) == (1, [])


def test_the_command_line_names_every_file_that_cannot_be_searched(
    tmp_path, monkeypatch, capsys
):
    from engine import cli

    monkeypatch.setattr(indexing, "get_embedder", lambda *a, **k: ColourEmbedder())
    make_folder(tmp_path / "photos", per_colour=1)
    (tmp_path / "photos" / "broken.jpg").write_bytes(b"not a photo")
    Project.create(tmp_path / "p.pictor").close()
    argv = ["index", str(tmp_path / "p.pictor"), str(tmp_path / "photos")]

    for _ in range(2):  # the second run reads nothing and still names it
        assert cli.main(argv) == 0
        out = capsys.readouterr().out
        assert "Cannot be searched (1):" in out
        assert f"{tmp_path / 'photos' / 'broken.jpg'}: The file " in out
    indexing.forget_open_indexes()


def test_the_search_model_loads_on_the_device_the_user_chose(project, monkeypatch):
    from engine import compute
    from engine.vision import embed

    asked = []

    class Stop(Exception):
        pass

    def fake_load(name, *, device):
        asked.append((name, device))
        raise Stop

    monkeypatch.setattr(embed, "load_model", fake_load)
    monkeypatch.setattr(compute, "resolve_device", lambda c: f"resolved-{c}")
    monkeypatch.setattr(compute, "_applied", compute.ComputeSettings(device="gpu"))
    with pytest.raises(Stop):
        embed.get_embedder("clip-vit-b32")
    with pytest.raises(Stop):
        index_photos(project, model="clip-vit-b32")  # the model loads first
    assert asked == [("clip-vit-b32", "resolved-gpu")] * 2


# queries: refusals, photos, filters


def test_blank_query_and_chinese_query_with_an_english_model(
    project, embedder, tmp_path
):
    make_folder(tmp_path / "photos", per_colour=1)
    index_photos(project, [tmp_path / "photos"], embedder=embedder)
    with pytest.raises(EmptyQuery):
        search(project, "   \t ", embedder=embedder)
    with pytest.raises(NeedsMultilingualModel) as caught:
        search(project, "海边的日落", embedder=embedder)
    message = str(caught.value)
    assert "Multilingual" in message
    assert "English" in message
    assert message.endswith(".")
    assert ". " not in message  # one sentence
    assert caught.value.params["name"] == "clip-vit-b32-multilingual"


def test_chinese_query_with_the_multilingual_model_installed_asks_to_reindex(
    project, embedder, tmp_path
):
    from engine.weights import MULTILINGUAL_SEARCH, model_status

    make_folder(tmp_path / "photos", per_colour=1)
    index_photos(project, [tmp_path / "photos"], embedder=embedder)
    pretend_installed(MULTILINGUAL_SEARCH)
    assert model_status(MULTILINGUAL_SEARCH).installed

    with pytest.raises(NeedsMultilingualIndex) as caught:
        search(project, "海边的日落", embedder=embedder)
    message = str(caught.value)
    assert "install" not in message
    assert "indexed with “colour-test”" in message
    assert "Multilingual CLIP" in message
    assert message.endswith("index your photos again.")
    assert caught.value.params["name"] == MULTILINGUAL_SEARCH


def test_photo_query_by_id_and_path_and_combined_with_words(
    project, embedder, tmp_path
):
    made = make_folder(tmp_path / "lib")
    library.import_paths(project, [tmp_path / "lib"])
    index_photos(project, embedder=embedder)
    red = library.find_photo(project, made["red"][0])

    by_id = search(project, photo=red.id, k=2, embedder=embedder)
    assert {Path(h.path) for h in by_id.hits} == set(made["red"][1:])
    assert red.id not in {h.photo_id for h in by_id.hits}

    dropped = photo(tmp_path / "dropped.jpg", GREEN, seed=77)
    by_path = search(project, photo=dropped, k=3, embedder=embedder)
    assert {Path(h.path) for h in by_path.hits} == set(made["green"])

    # a red photo plus "blue": purple-ish, closer to red and blue than green
    mixed = search(project, "blue", photo=red.id, k=5, embedder=embedder)
    assert {n.split("-")[0] for n in names(mixed)} == {"red", "blue"}
    # green minus red: the red photos sink to the bottom
    minus = search(project, "green", exclude="red", k=9, embedder=embedder)
    assert {n.split("-")[0] for n in names(minus)[-3:]} == {"red"}


def test_filters_by_folder_date_and_label(project, embedder, tmp_path):
    made = make_folder(tmp_path / "lib")
    other = make_folder(tmp_path / "other", per_colour=1)
    library.import_paths(project, [tmp_path / "lib"])
    index_photos(project, [tmp_path / "other"], embedder=embedder)

    in_other = search(
        project, "red", k=9, embedder=embedder,
        filters=SearchFilter(folder=str(tmp_path / "other")),
    )  # fmt: skip
    assert {Path(h.path) for h in in_other.hits} == {p[0] for p in other.values()}

    old = made["green"][0]
    os.utime(old, (1_000_000_000, 1_000_000_000))
    index_photos(project, embedder=embedder)
    dated = search(
        project, "red", k=9, embedder=embedder,
        filters=SearchFilter(taken_to=1_000_000_001),
    )  # fmt: skip
    assert [Path(h.path) for h in dated.hits] == [old]

    cls = labels.add_class(project, "favourite").label_class
    blue = library.find_photo(project, made["blue"][2])
    labels.label_photos(project, [blue.id], cls.id)
    labelled = search(
        project, "red", k=9, embedder=embedder,
        filters=SearchFilter(class_id=cls.id),
    )  # fmt: skip
    assert [h.photo_id for h in labelled.hits] == [blue.id]


def test_the_folder_filter_offers_the_library_folders_and_the_searched_ones(
    project, embedder, tmp_path
):
    lib = tmp_path / "lib"
    places = [
        lib / "2023" / "spring",
        lib / "2023" / "summer" / "beach",
        lib / "2024",
        tmp_path / "camera",
    ]
    for n, folder in enumerate(places):  # distinct photos: no duplicates
        for word, colour in WORDS.items():
            photo(folder / f"{word}.jpg", colour, seed=100 * n + len(word))
    library.import_paths(project, [lib / "2023", lib / "2024"])
    index_photos(project, [tmp_path / "camera"], embedder=embedder)
    assert filter_folders(project) == [
        str(lib / "2023" / "spring"),
        str(lib / "2023" / "summer" / "beach"),
        str(lib / "2024"),
        str(tmp_path / "camera"),
    ]
    assert filter_folders(project, limit=2) == [
        str(lib / "2023"),
        str(lib / "2024"),
        str(tmp_path / "camera"),
    ]
    assert filter_folders(project, limit=1)[0] == str(lib)

    in_2023 = search(
        project, "red", k=9, embedder=embedder,
        filters=SearchFilter(folder=filter_folders(project, limit=2)[0]),
    )  # fmt: skip
    assert len(in_2023.hits) == 6
    assert all(h.path.startswith(str(lib / "2023")) for h in in_2023.hits)


def test_top_folders_stay_few_and_cover_every_folder():
    folders = [
        f"/photos/{year}/{month:02}" for year in (2021, 2022) for month in range(1, 13)
    ]
    folders += ["/photos/2021", "/home/ann/phone/DCIM"]
    assert top_folders(folders, limit=30) == [
        "/home/ann/phone/DCIM",
        "/photos/2021",
        *[f"/photos/2022/{month:02}" for month in range(1, 13)],
    ]
    short = top_folders(folders, limit=4)
    assert short == ["/home/ann/phone/DCIM", "/photos/2021", "/photos/2022"]
    assert top_folders(folders, limit=1) == ["/"]


def test_deleted_and_replaced_files_after_indexing(project, embedder, tmp_path):
    made = make_folder(tmp_path / "photos")
    index_photos(project, [tmp_path / "photos"], embedder=embedder)
    made["red"][0].unlink()
    photo(made["red"][1], BLUE, seed=42)
    os.utime(made["red"][1], (time.time() + 5, time.time() + 5))

    result = search(project, "red", k=3, embedder=embedder)
    assert made["red"][0] not in {Path(h.path) for h in result.hits}
    assert result.skipped_missing == 1
    status = {Path(h.path): h.status for h in result.hits}
    assert status[made["red"][1]] == "changed"

    report = index_photos(project, embedder=embedder)
    assert (report.removed, report.encoded) == (1, 1)
    after = search(project, "red", k=1, embedder=embedder)
    assert [Path(h.path) for h in after.hits] == [made["red"][2]]
    assert after.hits[0].status == "ok"


# the saved index


def _reopen(project):
    indexing.forget_open_indexes()
    return SearchIndex.open(project, "colour-test", 8)


def _index_file(project) -> Path:
    return project.index_dir / "photos" / "colour-test.hnsw"


@pytest.mark.parametrize("damage", ["corrupt", "truncated", "deleted"])
def test_damaged_index_file_is_rebuilt_with_a_message(
    project, embedder, tmp_path, damage, caplog
):
    make_folder(tmp_path / "photos")
    index_photos(project, [tmp_path / "photos"], embedder=embedder)
    assert _reopen(project).note is None
    path = _index_file(project)
    data = path.read_bytes()
    if damage == "corrupt":
        path.write_bytes(
            data[:100] + bytes(255 - b for b in data[100:400]) + data[400:]
        )
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:
        path.unlink()
    reopened = _reopen(project)
    assert isinstance(reopened.note, IndexInvalid)
    assert "rebuild" in str(reopened.note)
    assert "rebuilding the search index" in caplog.text
    assert reopened.count == 9
    assert _reopen(project).note is None  # saved again, loads cleanly


def test_index_file_from_another_model_or_size_is_refused(project, tmp_path):
    make_folder(tmp_path / "photos")
    index_photos(project, [tmp_path / "photos"], embedder=ColourEmbedder())

    class Other(ColourEmbedder):
        name = "other-test"

        def encode_images(self, batch):
            return -super().encode_images(batch)

    index_photos(project, embedder=Other())
    theirs = project.index_dir / "photos" / "other-test.hnsw"
    shutil.copyfile(theirs, _index_file(project))  # same shape, other model
    assert isinstance(_reopen(project).note, IndexInvalid)

    indexing.forget_open_indexes()
    wider = SearchIndex.open(project, "colour-test", 16)  # stored as 8
    assert isinstance(wider.note, IndexInvalid)
    assert "8 dimensions" in str(wider.note)
    assert wider.count == 0  # stored vectors of another size are not mixed in


def test_unrecorded_index_file_is_never_loaded(project, embedder, tmp_path):
    make_folder(tmp_path / "photos", per_colour=1)
    (project.index_dir / "photos").mkdir(parents=True, exist_ok=True)
    _index_file(project).write_bytes(b"\0" * 4096)  # left there by someone else
    report = index_photos(project, [tmp_path / "photos"], embedder=embedder)
    assert "not made by this project" in report.index_note
    assert _reopen(project).count == 3


# duplicates, labelling help, the chance rule


def test_duplicate_groups_follow_the_threshold(project, embedder, tmp_path):
    folder = tmp_path / "photos"
    make_folder(folder, per_colour=1)
    shutil.copyfile(folder / "red-0.jpg", folder / "red copy.jpg")
    photo(folder / "reddish.jpg", (215, 35, 30), seed=3)
    index_photos(project, [folder], embedder=embedder)
    pairs = find_duplicates(project, model="colour-test", dim=8)

    strict = pairs.groups(0.9999)
    assert [sorted(Path(f.path).name for f in g.files) for g in strict] == [
        ["red copy.jpg", "red-0.jpg"]
    ]
    loose = pairs.groups(0.98)
    assert sorted(Path(f.path).name for f in loose[0].files) == [
        "red copy.jpg",
        "red-0.jpg",
        "reddish.jpg",
    ]
    assert loose[0].min_score >= 0.98
    assert len(loose) == 1


def test_zero_shot_suggestions_and_similar_unlabelled_photos(
    project, embedder, tmp_path
):
    made = make_folder(tmp_path / "lib")
    library.import_paths(project, [tmp_path / "lib"])
    index_photos(project, embedder=embedder)
    red_class = labels.add_class(project, "red").label_class
    labels.add_class(project, "blue")
    first_red = library.find_photo(project, made["red"][0])
    labels.label_photos(project, [first_red.id], red_class.id)

    suggestions = suggest_labels(project, embedder=embedder)
    by_photo = {s.photo_id: s.class_name for s in suggestions}
    assert first_red.id not in by_photo  # already labelled
    for path in made["red"][1:]:
        assert by_photo[library.find_photo(project, path).id] == "red"
    confidences = [s.confidence for s in suggestions]
    assert confidences == sorted(confidences, reverse=True)
    assert confidences[0] > 0.9

    alike = similar_photos(project, first_red.id, k=2, embedder=embedder)
    assert {h.photo_id for h in alike.hits} == {
        library.find_photo(project, p).id for p in made["red"][1:]
    }


def test_chance_rule_tells_a_real_match_from_noise():
    rng = np.random.default_rng(0)
    collection = rng.standard_normal((5000, 64)).astype(np.float32)
    sample = collection[rng.choice(5000, 2048, replace=False)]
    unit = collection / np.linalg.norm(collection, axis=1, keepdims=True)

    false_alarms = 0
    for seed in range(40):
        query = np.random.default_rng(100 + seed).standard_normal(64)
        query /= np.linalg.norm(query)
        top = np.sort(unit @ query)[::-1][:10]
        false_alarms += not judge_match(query, top, sample, 5000).no_good_match
    assert false_alarms <= 4  # about 5% by design

    planted = unit[17] + 0.3 * rng.standard_normal(64) / 8
    planted /= np.linalg.norm(planted)
    top = np.sort(unit @ planted)[::-1][:10]
    judged = judge_match(planted, top, sample, 5000)
    assert not judged.no_good_match
    assert judged.margin > 10


def test_few_photos_are_never_called_no_match(project, embedder, tmp_path):
    make_folder(tmp_path / "photos", per_colour=1)
    index_photos(project, [tmp_path / "photos"], embedder=embedder)
    result = search(project, "unicorn", k=500, embedder=embedder)
    assert len(result.hits) == 3
    assert not result.no_good_match
    assert result.judgement.margin is None


def test_match_margin_grows_when_photos_of_that_kind_arrive(
    project, embedder, tmp_path
):
    rng = np.random.default_rng(1)
    for i in range(60):  # greens, blues and cyans, never red
        colour = (int(rng.integers(0, 60)), *rng.integers(100, 256, 2).tolist())
        photo(tmp_path / "many" / f"{i}.jpg", colour, seed=i)
    index_photos(project, [tmp_path / "many"], embedder=embedder)
    before = search(project, "red", k=5, embedder=embedder)
    assert len(before.hits) == 5  # the closest are still shown

    for i in range(2):
        photo(tmp_path / "many" / f"red {i}.jpg", RED, seed=100 + i)
    index_photos(project, embedder=embedder)
    after = search(project, "red", k=5, embedder=embedder)
    assert not after.no_good_match
    assert after.judgement.margin > before.judgement.margin


# interruptions


def test_cancel_keeps_committed_batches_and_the_next_run_continues(project, tmp_path):
    make_folder(tmp_path / "photos", per_colour=4)
    token = CancelToken()
    embedder = ColourEmbedder()
    calls = []

    def stop_after_two_batches(progress):
        if progress.message == indexing.ENCODING and progress.done >= 8:
            calls.append(progress.done)
            token.cancel()

    with pytest.raises(Cancelled):
        index_photos(
            project, [tmp_path / "photos"], embedder=embedder, batch_size=4,
            context=JobContext(token, stop_after_two_batches, min_interval=0),
        )  # fmt: skip
    assert embedder.images_seen == 8
    report = index_photos(project, embedder=embedder, batch_size=4)
    assert report.encoded == 4
    assert _reopen(project).count == 12


def test_cancel_stops_a_scan_of_many_files_that_are_not_photos(
    project, embedder, tmp_path, monkeypatch
):
    folder = tmp_path / "documents"
    for n in range(40):
        sub = folder / f"letters {n:02}"
        sub.mkdir(parents=True)
        for i in range(100):
            (sub / f"{i}.txt").write_bytes(b"")
    token = CancelToken()
    listed = []
    real_scandir = os.scandir

    def counting_scandir(path):
        listed.append(path)
        if len(listed) == 3:  # the user presses Cancel while Pictor looks
            token.cancel()
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    with pytest.raises(Cancelled):
        index_photos(project, [folder], embedder=embedder, context=JobContext(token))
    assert len(listed) <= 5  # of 41 folders


_KILL_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from engine.project import Project
from engine.vision.indexing import index_photos
from tests.engine.test_search import ColourEmbedder
with Project.open({project!r}) as project:
    index_photos(project, [{folder!r}], embedder=ColourEmbedder(delay=0.3),
                 batch_size=4)
"""


@pytest.mark.slow
def test_killed_mid_indexing_keeps_batches_and_continues_without_duplicates(
    tmp_path,
):
    folder = tmp_path / "photos"
    make_folder(folder, per_colour=10)
    project_path = tmp_path / "p.pictor"
    Project.create(project_path).close()
    root = str(Path(__file__).resolve().parents[2])
    script = _KILL_SCRIPT.format(
        root=root, project=str(project_path), folder=str(folder)
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        committed = _wait_for_vectors(project_path / "project.db", at_least=4)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    kept = _vector_count(project_path / "project.db")[1]
    assert 4 <= committed <= kept < 30

    embedder = ColourEmbedder()
    with Project.open(project_path) as project:
        report = index_photos(project, embedder=embedder)
        assert report.encoded == embedder.images_seen == 30 - kept
        files, vectors, distinct = _vector_count(project_path / "project.db")
        assert (files, vectors, distinct) == (30, 30, 30)
        assert SearchIndex.open(project, "colour-test", 8).count == 30
    indexing.forget_open_indexes()


def _vector_count(db_path: Path) -> tuple[int, int, int]:
    db = sqlite3.connect(db_path, timeout=30)
    try:
        files = db.execute("SELECT count(*) FROM search_files").fetchone()[0]
        vectors = db.execute("SELECT count(*) FROM embeddings").fetchone()[0]
        paths = db.execute("SELECT count(DISTINCT path) FROM search_files").fetchone()
        return files, vectors, paths[0]
    finally:
        db.close()


def _wait_for_vectors(db_path: Path, *, at_least: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            count = _vector_count(db_path)[1]
        except sqlite3.OperationalError:
            count = 0  # tables not created yet
        if count >= at_least:
            return count
        time.sleep(0.05)
    raise AssertionError("the indexing process committed nothing in 60 s")
