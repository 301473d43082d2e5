"""Classes and labelling: every operation commits, reverts and re-applies;
the split is stable as photos are added and respects pinned photos."""

from __future__ import annotations

import pytest

from engine import labels, library
from engine.project import Project
from tests.engine import imaging


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "labels") as opened:
        yield opened


@pytest.fixture
def photos(project, tmp_path):
    """Ids of 12 imported photos."""
    for i in range(12):
        imaging.distinct_jpeg(tmp_path / "in" / f"p{i:02}.jpg", i)
    return library.import_paths(project, [tmp_path / "in"], workers=1).added


def states(project, ids):
    return [
        (s.class_id, s.source, s.skipped) for s in labels.photo_states(project, ids)
    ]


def counts(project):
    return dict(library.library_counts(project).per_class)


# classes


def test_add_class_gives_the_next_free_hotkey_and_colour(project):
    ants = labels.add_class(project, "ants").label_class
    bees = labels.add_class(project, "bees", hotkey=None).label_class
    wasps = labels.add_class(project, "wasps", colour="#123abc").label_class

    assert [c.name for c in labels.list_classes(project)] == ["ants", "bees", "wasps"]
    assert (ants.hotkey, bees.hotkey, wasps.hotkey) == (1, None, 2)
    assert ants.colour != bees.colour
    assert wasps.colour == "#123ABC"
    assert labels.class_for_hotkey(project, 2) == wasps


@pytest.mark.parametrize("other", ["ANTS", " ants ", "Ａｎｔｓ"])
def test_class_names_are_unique_whatever_the_case(project, other):
    labels.add_class(project, "Ants")

    with pytest.raises(labels.ClassExists, match="“Ants” already exists"):
        labels.add_class(project, other)


def test_bad_class_input_is_refused_with_a_reason(project):
    with pytest.raises(labels.ClassNameEmpty):
        labels.add_class(project, "   ")
    with pytest.raises(labels.BadColour):
        labels.add_class(project, "x", colour="red")
    with pytest.raises(labels.BadHotkey):
        labels.add_class(project, "x", hotkey=0)
    assert labels.list_classes(project) == []


def test_add_class_undo_and_redo(project):
    record = labels.add_class(project, "ants")

    record.revert(project)
    assert labels.list_classes(project) == []
    record.apply(project)
    record.apply(project)  # redo twice does no harm
    assert labels.list_classes(project) == [record.label_class]


def test_rename_allows_a_change_of_case_and_undoes(project):
    ants = labels.add_class(project, "ants").label_class
    labels.add_class(project, "bees")

    record = labels.rename_class(project, ants.id, "Ants")
    assert labels.get_class(project, ants.id).name == "Ants"
    with pytest.raises(labels.ClassExists):
        labels.rename_class(project, ants.id, "BEES")

    record.revert(project)
    assert labels.get_class(project, ants.id).name == "ants"
    record.apply(project)
    assert labels.find_class(project, "ANTS").name == "Ants"
    assert record.text_args == {"old": "ants", "name": "Ants"}


def test_hotkey_moves_from_its_holder_and_back(project):
    ants = labels.add_class(project, "ants").label_class  # 1
    bees = labels.add_class(project, "bees").label_class  # 2

    record = labels.set_hotkey(project, bees.id, 1)
    assert (
        labels.get_class(project, ants.id).hotkey,
        labels.get_class(project, bees.id).hotkey,
    ) == (None, 1)

    record.revert(project)
    assert labels.get_class(project, ants.id).hotkey == 1
    assert labels.get_class(project, bees.id).hotkey == 2


def test_recolour_and_reorder_undo(project):
    names = ["a", "b", "c"]
    ids = [labels.add_class(project, n).label_class.id for n in names]

    recolour = labels.recolour_class(project, ids[0], "#000000")
    move = labels.move_class(project, ids[2], 0)
    assert [c.name for c in labels.list_classes(project)] == ["c", "a", "b"]

    move.revert(project)
    recolour.revert(project)
    assert [c.name for c in labels.list_classes(project)] == names
    assert labels.get_class(project, ids[0]).colour == labels.PALETTE[0]


# labelling


def test_label_unlabel_and_skip_undo_and_redo(project, photos):
    ants = labels.add_class(project, "ants").label_class
    first, second = photos[:3], photos[3:5]

    labelled = labels.label_photos(project, first, ants.id)
    skipped = labels.skip_photos(project, [first[0], *second])
    unlabelled = labels.unlabel_photos(project, first[1:2])

    assert states(project, first + second) == [
        (None, None, True), (None, None, False), (ants.id, "manual", False),
        (None, None, True), (None, None, True),
    ]  # fmt: skip
    for record in (unlabelled, skipped, labelled):
        record.revert(project)
    assert states(project, first + second) == [(None, None, False)] * 5
    for record in (labelled, skipped, unlabelled):
        record.apply(project)
    assert states(project, first)[2] == (ants.id, "manual", False)
    assert library.library_counts(project).skipped == 3


def test_labelling_clears_the_skip_mark(project, photos):
    ants = labels.add_class(project, "ants").label_class
    labels.skip_photos(project, photos[:2])

    record = labels.label_photos(project, photos[:2], ants.id, source="suggestion")

    assert states(project, photos[:2]) == [(ants.id, "suggestion", False)] * 2
    record.revert(project)
    assert states(project, photos[:2]) == [(None, None, True)] * 2


def test_clear_skip_mark_keeps_everything_else(project, photos):
    labels.skip_photos(project, photos[:1])

    record = labels.skip_photos(project, photos[:1], skipped=False)

    assert states(project, photos[:1]) == [(None, None, False)]
    assert record.text == "Clear the skip mark"


def test_labelling_many_photos_is_one_transaction(project, photos):
    ants = labels.add_class(project, "ants").label_class
    statements = []
    project.store.connection().set_trace_callback(statements.append)

    labels.label_photos(project, photos, ants.id)

    project.store.connection().set_trace_callback(None)
    assert [s for s in statements if s.startswith(("BEGIN", "COMMIT"))] == [
        "BEGIN IMMEDIATE", "COMMIT"
    ]  # fmt: skip
    assert counts(project) == {ants.id: len(photos)}


def test_unknown_class_or_source_is_refused(project, photos):
    with pytest.raises(labels.ClassNotFound):
        labels.label_photos(project, photos, 999)
    ants = labels.add_class(project, "ants").label_class
    with pytest.raises(ValueError, match="source"):
        labels.label_photos(project, photos, ants.id, source="guess")


# merge and delete


def test_merge_moves_photos_and_undo_restores_both_classes(project, photos):
    ants = labels.add_class(project, "ants").label_class
    bees = labels.add_class(project, "bees").label_class
    labels.label_photos(project, photos[:4], ants.id, source="folder")
    labels.label_photos(project, photos[4:6], bees.id)

    record = labels.merge_classes(project, ants.id, bees.id)
    assert counts(project) == {bees.id: 6}
    assert [c.name for c in labels.list_classes(project)] == ["bees"]

    record.revert(project)
    assert counts(project) == {ants.id: 4, bees.id: 2}
    assert labels.list_classes(project) == [ants, bees]
    assert states(project, photos[:1]) == [(ants.id, "folder", False)]
    record.apply(project)
    assert counts(project) == {bees.id: 6}
    with pytest.raises(labels.SameClass):
        labels.merge_classes(project, bees.id, bees.id)


def test_delete_says_how_many_photos_it_unlabels_and_undo_relabels(project, photos):
    ants = labels.add_class(project, "ants").label_class
    labels.label_photos(project, photos[:5], ants.id)

    assert labels.delete_class_impact(project, ants.id) == 5
    record = labels.delete_class(project, ants.id)
    assert record.unlabelled == 5
    assert (
        library.count_photos(project, library.PhotoFilter(library.Show.UNLABELED)) == 12
    )

    record.revert(project)
    assert labels.list_classes(project) == [ants]
    assert counts(project) == {ants.id: 5}
    record.apply(project)
    assert labels.list_classes(project) == []


def test_out_of_order_undo_does_not_break_the_database(project, photos):
    ants = labels.add_class(project, "ants")
    labelled = labels.label_photos(project, photos[:2], ants.label_class.id)

    ants.revert(project)  # the class goes first, with its labels
    labelled.apply(project)  # labels for a class that is gone are passed over

    assert counts(project) == {}


# split


def test_split_key_is_about_the_ratio_and_fixed_by_content():
    keys = [labels.split_key(f"{i:032x}", 0) for i in range(4000)]

    share = sum(k < 0.2 for k in keys) / len(keys)
    assert 0.17 < share < 0.23
    assert labels.split_key("abc", 0) == labels.split_key("abc", 0)
    assert labels.split_key("abc", 0) != labels.split_key("abc", 1)


def test_adding_photos_never_moves_existing_ones(project, tmp_path, photos):
    ants = labels.add_class(project, "ants").label_class
    labels.label_photos(project, photos, ants.id)
    before = {item.photo_id: item.split for item in labels.dataset(project)}

    for i in range(100, 130):
        imaging.distinct_jpeg(tmp_path / "more" / f"q{i}.jpg", i)
    more = library.import_paths(project, [tmp_path / "more"], workers=1).added
    labels.label_photos(project, more, ants.id)
    after = {item.photo_id: item.split for item in labels.dataset(project)}

    assert {pid: after[pid] for pid in before} == before
    assert set(after.values()) == {"train", "val"}


def test_pinned_split_wins_and_undoes(project, photos):
    ants = labels.add_class(project, "ants").label_class
    labels.label_photos(project, photos, ants.id)
    auto = {p.id: p.split for p in library.get_photos(project, photos)}
    target = photos[0]
    other = "train" if auto[target] == "val" else "val"

    record = labels.pin_split(project, [target], other)
    labels.set_split_settings(project, labels.SplitSettings(seed=7))

    assert library.get_photo(project, target).split == other
    assert library.get_photo(project, target).split_pinned == other
    assert {i.photo_id: i.split for i in labels.dataset(project)}[target] == other
    labels.set_split_settings(project, labels.SplitSettings(seed=0))
    record.revert(project)
    assert library.get_photo(project, target).split == auto[target]


def test_split_counts_per_class(project, photos):
    ants = labels.add_class(project, "ants").label_class
    labels.label_photos(project, photos, ants.id)
    labels.pin_split(project, photos[:3], "val")
    labels.skip_photos(project, photos[11:])

    count = labels.split_counts(project)[ants.id]

    assert count.train + count.val == 11
    assert count.val >= 3
    assert library.count_photos(project, library.PhotoFilter(split="val")) >= 3


def keyed(project, ids):
    """Photo ids by split key, smallest first, with their keys."""
    seed = labels.get_split_settings(project).seed
    photos = library.get_photos(project, ids)
    return sorted((labels.split_key(p.content_hash, seed), p.id) for p in photos)


@pytest.fixture
def many(project, tmp_path):
    """Ids of 40 imported photos, by split key: (below the ratio, above it)."""
    for i in range(40):
        imaging.distinct_jpeg(tmp_path / "many" / f"m{i:02}.jpg", 200 + i)
    ids = library.import_paths(project, [tmp_path / "many"], workers=1).added
    ratio = labels.get_split_settings(project).val_ratio
    order = keyed(project, ids)
    return [i for k, i in order if k < ratio], [i for k, i in order if k >= ratio]


def val_ids(project):
    return sorted(i.photo_id for i in labels.dataset(project) if i.split == "val")


def test_a_class_without_a_validation_photo_gets_its_smallest_key_one(project, many):
    low, high = many
    ants = labels.add_class(project, "ants").label_class
    bees = labels.add_class(project, "bees").label_class
    labels.label_photos(project, high[:6], ants.id)
    labels.label_photos(project, high[6:10], bees.id)  # too few: none kept

    assert val_ids(project) == [high[0]]
    assert library.get_photo(project, high[0]).split == "val"
    assert labels.split_counts(project)[ants.id] == labels.SplitCount(5, 1)
    assert labels.split_counts(project)[bees.id] == labels.SplitCount(4, 0)
    ants_val = library.PhotoFilter(library.Show.CLASS, ants.id, split="val")
    assert library.photo_ids(project, ants_val) == [high[0]]


def test_pins_win_over_the_photo_kept_for_validation(project, many):
    low, high = many
    ants = labels.add_class(project, "ants").label_class
    labels.label_photos(project, high[:6], ants.id)

    labels.pin_split(project, [high[0]], "train")
    assert val_ids(project) == [high[1]]
    labels.pin_split(project, [high[4]], "val")
    assert val_ids(project) == [high[4]]
    labels.pin_split(project, high[:6], "train")
    assert val_ids(project) == []


def test_the_kept_photo_moves_only_as_documented(project, many):
    low, high = many
    ants = labels.add_class(project, "ants").label_class
    labels.label_photos(project, high[1:6], ants.id)
    assert val_ids(project) == [high[1]]

    # photos with larger keys join: nothing moves
    labels.label_photos(project, high[6:20], ants.id)
    assert val_ids(project) == [high[1]]
    # a smaller key joins: it is kept instead
    labels.label_photos(project, [high[0]], ants.id)
    assert val_ids(project) == [high[0]]
    # skipped, it is no longer usable: the next smallest is kept
    labels.skip_photos(project, [high[0]])
    assert val_ids(project) == [high[1]]
    # a key below the ratio joins: the class has a validation photo by the
    # ratio, so the kept one goes back to training
    labels.label_photos(project, [low[0]], ants.id)
    assert val_ids(project) == [low[0]]
