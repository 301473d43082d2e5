"""Import, queries, missing files, relinking, removal, export and the CLI:
bad input never stops an import, and the report names each bad file."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from engine import labels, library
from engine.cli import main
from engine.jobs import Cancelled, CancelToken, JobContext
from engine.library import PhotoFilter, Show, SortKey
from engine.project import Project
from tests.engine import imaging

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "library") as opened:
        yield opened


def good_photos(folder: Path, count: int, *, start: int = 0) -> list[Path]:
    return [
        imaging.distinct_jpeg(folder / f"good{i:03}.jpg", i)
        for i in range(start, start + count)
    ]


def reasons(report) -> dict[str, str]:
    return {Path(issue.path).name: issue.message for issue in report.problems}


def added_names(project) -> set[str]:
    return {p.name for p in library.get_photos(project, library.photo_ids(project))}


# bad input


def test_bad_files_are_reported_and_the_good_ones_imported(project, tmp_path):
    folder = tmp_path / "drop"
    good = good_photos(folder, 5)
    imaging.truncated_jpeg(folder / "truncated.jpg")
    imaging.empty_file(folder / "zero.jpg")
    imaging.text_as_jpeg(folder / "notes.jpg")
    imaging.bomb_png(folder / "bomb.png")
    imaging.cmyk_jpeg(folder / "cmyk.jpg")
    imaging.png16(folder / "deep.png")
    imaging.palette_png_transparent(folder / "palette.png")
    imaging.animated_gif(folder / "anim.gif")
    (folder / "readme.txt").write_text("ignored: not a photo name")

    report = library.import_paths(project, [folder])

    assert reasons(report) == {
        "truncated.jpg": "The file is truncated or damaged",
        "zero.jpg": "The file is empty",
        "notes.jpg": "The file is not a photo",
        "bomb.png": "The image is too large to open safely (10000000000 pixels)",
    }
    expected = {p.name for p in good} | {
        "cmyk.jpg",
        "deep.png",
        "palette.png",
        "anim.gif",
    }
    assert added_names(project) == expected
    assert report.ignored == 1
    issue = next(i for i in report.problems if i.path.endswith("bomb.png"))
    assert issue.reason == "The image is too large to open safely ({pixels} pixels)"
    assert issue.params == {"pixels": 10_000_000_000}


def test_symlink_loops_and_dangling_links_are_reported(project, tmp_path):
    folder = tmp_path / "linked"
    good_photos(folder / "inner", 2)
    os.symlink(folder, folder / "inner" / "back-to-top")
    os.symlink("self.jpg", folder / "self.jpg")
    os.symlink("nowhere.jpg", folder / "dangling.jpg")

    report = library.import_paths(project, [folder])

    assert reasons(report) == {
        "back-to-top": "The link leads round in a circle",
        "self.jpg": "The link leads round in a circle",
        "dangling.jpg": "The link points to a file that does not exist",
    }
    assert len(report.added) == 2


def test_unicode_emoji_spaces_and_very_long_paths(project, tmp_path):
    deep = tmp_path.joinpath(*[f"folder {i} 文件夹 📁" + "x" * 40 for i in range(5)])
    names = ["海边的日落.jpg", "🐝 on a 🌻.jpg", "two  spaces .jpg"]
    for i, name in enumerate(names):
        imaging.distinct_jpeg(deep / name, i)
    assert len(str(deep / names[0])) > 255

    report = library.import_paths(
        project, [tmp_path.joinpath("folder 0 文件夹 📁" + "x" * 40)]
    )

    assert report.problems == []
    assert added_names(project) == set(names)
    assert all(
        Path(p.path).is_file() for p in library.get_photos(project, report.added)
    )


def test_a_file_deleted_during_the_import(project, tmp_path):
    folder = tmp_path / "vanishing"
    good = good_photos(folder, 6)
    victim = good[-1]

    def on_progress(progress):
        if progress.total and victim.exists():
            victim.unlink()

    report = library.import_paths(
        project, [folder], context=JobContext(on_progress=on_progress)
    )

    assert reasons(report) == {victim.name: "The file disappeared"}
    assert added_names(project) == {p.name for p in good[:-1]}


_AS_NOBODY = """
import json, os, sys
from PIL import Image
Image.init()
from engine import library
from engine.project import Project
uid, gid = int(sys.argv[1]), int(sys.argv[2])
os.setgid(gid)
os.setuid(uid)
with Project.open(sys.argv[3]) as project:
    report = library.import_paths(project, [sys.argv[4]])
print(json.dumps(report.as_dict()))
"""


def test_unreadable_file_is_reported(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to run the import as another user")
    # root reads any file: the child loads Python as root, then becomes nobody
    import pwd

    nobody = pwd.getpwnam("nobody")
    shared = Path(tempfile.mkdtemp(prefix="pictor-perm-"))
    try:
        folder = shared / "photos"
        good = good_photos(folder, 2)
        secret = imaging.distinct_jpeg(folder / "secret.jpg", 50)
        with Project.create(shared / "p"):
            pass
        for path in [*shared.rglob("*"), shared]:
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        os.chown(secret, 0, 0)
        os.chmod(secret, 0o000)
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _AS_NOBODY,
                str(nobody.pw_uid),
                str(nobody.pw_gid),
                str(shared / "p.pictor"),
                str(folder),
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
            env={**os.environ, "PICTOR_HOME": str(shared / "home")},
        )
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert [(Path(p["path"]).name, p["message"]) for p in result["problems"]] == [
            ("secret.jpg", "Permission denied")
        ]
        assert len(result["added"]) == len(good)
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_cancel_keeps_the_project_consistent(project, tmp_path):
    folder = tmp_path / "many"
    good_photos(folder, 30)
    token = CancelToken()
    seen = []

    def on_progress(progress):
        seen.append(progress.done)
        if progress.total and progress.done >= 10:
            token.cancel()

    with pytest.raises(Cancelled):
        library.import_paths(
            project,
            [folder],
            workers=1,
            context=JobContext(token, on_progress, min_interval=0),
        )

    kept = library.count_photos(project)
    assert 10 <= kept < 30
    again = library.import_paths(project, [folder])
    assert len(again.added) == 30 - kept
    assert len(again.duplicates) == kept


# duplicates and classes from folders


def test_duplicates_within_the_import_and_against_the_library(project, tmp_path):
    first = good_photos(tmp_path / "a", 3)
    copy = tmp_path / "b" / "copy of good000.jpg"
    copy.parent.mkdir()
    shutil.copy(first[0], copy)

    report = library.import_paths(project, [tmp_path / "a", tmp_path / "b"])
    again = library.import_paths(project, [tmp_path / "b"])

    assert len(report.added) == 3
    assert [i.message for i in report.duplicates] == [
        f"The same photo as “{first[0]}” earlier in this import"
    ]
    assert [i.message for i in again.duplicates] == [
        f"Already in the library as “{first[0]}”"
    ]
    assert library.count_photos(project) == 3


def test_a_missing_photo_found_elsewhere_is_relinked_not_duplicated(project, tmp_path):
    [photo] = good_photos(tmp_path / "old", 1)
    [photo_id] = library.import_paths(project, [photo]).added
    moved = tmp_path / "new" / photo.name
    moved.parent.mkdir()
    photo.rename(moved)

    report = library.import_paths(project, [moved])

    assert report.relinked == [photo_id]
    assert library.get_photo(project, photo_id).path == str(moved)


def test_import_folder_as_classes(project, tmp_path):
    root = tmp_path / "hymenoptera"
    good_photos(root / "train" / "ants", 3)
    good_photos(root / "train" / "bees", 2, start=10)
    good_photos(root / "val" / "ants", 1, start=20)
    good_photos(root, 1, start=30)  # beside the class folders: no class

    report = library.import_paths(project, [root], classes_from_folders=True)

    assert sorted(report.classes_created) == ["ants", "bees"]
    by_class = library.library_counts(project).per_class
    ants, bees = (
        labels.require_class(project, "ants"),
        labels.require_class(project, "bees"),
    )
    assert (by_class[ants.id], by_class[bees.id]) == (4, 2)
    photos = library.get_photos(project, report.added)
    assert {p.label_source for p in photos if p.class_id} == {"folder"}
    val = [p for p in photos if "/val/" in p.path]
    assert [(p.split, p.split_pinned) for p in val] == [("val", "val")]
    assert library.count_photos(project, PhotoFilter(Show.UNLABELED)) == 1


def test_importing_single_class_folders_names_the_classes(project, tmp_path):
    good_photos(tmp_path / "cats", 2)
    good_photos(tmp_path / "dogs", 2, start=5)

    library.import_paths(
        project, [tmp_path / "cats", tmp_path / "dogs"], classes_from_folders=True
    )

    assert [c.name for c in labels.list_classes(project)] == ["cats", "dogs"]
    assert library.count_photos(project, PhotoFilter(Show.UNLABELED)) == 0


# queries for the grid


def test_sorting_filters_paging_and_counts(project, tmp_path):
    folder = tmp_path / "q"
    imaging.jpeg(folder / "b.jpg", colour=(1, 2, 3), taken="2020:01:01 00:00:00")
    imaging.jpeg(folder / "A.jpg", colour=(4, 5, 6), taken="2022:01:01 00:00:00")
    imaging.jpeg(folder / "c.jpg", colour=(7, 8, 9), taken="2021:01:01 00:00:00")
    imaging.jpeg(folder / "d.jpg", colour=(9, 9, 9))
    ids = library.import_paths(project, [folder]).added
    by_name = {p.name: p.id for p in library.get_photos(project, ids)}
    ants = labels.add_class(project, "ants").label_class
    labels.label_photos(project, [by_name["c.jpg"]], ants.id)
    labels.skip_photos(project, [by_name["d.jpg"]])

    def names(**kwargs):
        found = library.photo_ids(
            project, kwargs.pop("filter", PhotoFilter()), **kwargs
        )
        return [p.name for p in library.get_photos(project, found)]

    assert names() == ["A.jpg", "b.jpg", "c.jpg", "d.jpg"]
    assert names(descending=True, limit=2) == ["d.jpg", "c.jpg"]
    assert names(offset=1, limit=2) == ["b.jpg", "c.jpg"]
    assert names(sort=SortKey.DATE_TAKEN)[:3] == ["b.jpg", "c.jpg", "A.jpg"]
    assert names(filter=PhotoFilter(Show.UNLABELED)) == ["A.jpg", "b.jpg"]
    assert names(filter=PhotoFilter.of_class(ants.id)) == ["c.jpg"]
    assert names(filter=PhotoFilter(Show.SKIPPED)) == ["d.jpg"]
    assert names(filter=PhotoFilter(text="a")) == ["A.jpg"]
    assert names(filter=PhotoFilter(text="%")) == []
    counts = library.library_counts(project)
    assert (counts.all, counts.unlabeled, counts.labelled, counts.skipped) == (
        4,
        2,
        1,
        1,
    )
    assert counts.per_class == {ants.id: 1}


def test_date_added_sort_follows_import_order(project, tmp_path):
    first = library.import_paths(project, good_photos(tmp_path / "1", 1, start=9)).added
    second = library.import_paths(
        project, good_photos(tmp_path / "2", 1, start=1)
    ).added

    assert library.photo_ids(project, sort=SortKey.DATE_ADDED) == first + second
    assert library.photo_ids(project, sort=SortKey.NAME) == second + first


# missing, damaged, relinking, removal


def test_check_finds_missing_changed_and_back(project, tmp_path):
    photos = good_photos(tmp_path / "c", 3)
    ids = library.import_paths(project, [tmp_path / "c"]).added
    hidden = photos[0].rename(tmp_path / "elsewhere.jpg")
    imaging.distinct_jpeg(photos[1], 77)  # edited in place
    photos[2].write_bytes(b"broken")

    report = library.check_files(project)

    assert report.missing == [ids[0]]
    assert report.changed == [ids[1]]
    assert report.damaged == [ids[2]]
    missing = library.get_photo(project, ids[0])
    assert (missing.status, missing.reason_message) == (
        "missing",
        "The file disappeared",
    )
    assert (
        library.get_photo(project, ids[2]).reason_message == "The file is not a photo"
    )
    assert library.photo_ids(project, PhotoFilter(Show.MISSING)) == [ids[0]]
    hidden.rename(photos[0])
    assert library.check_files(project).back == [ids[0]]
    assert library.count_photos(project) == 3  # nothing deleted


def test_quick_check_only_stats_the_files(project, tmp_path):
    photos = good_photos(tmp_path / "q", 3)
    ids = library.import_paths(project, [tmp_path / "q"]).added
    before = library.get_photo(project, ids[1])
    photos[0].unlink()
    imaging.distinct_jpeg(photos[1], 78)  # edited in place: not read again
    photos[2].write_bytes(b"broken")  # found by a full check only

    report = library.check_files(project, reread=False)

    assert (report.missing, report.changed, report.damaged) == ([ids[0]], [], [])
    assert library.get_photo(project, ids[1]) == before
    assert library.photo_ids(project, PhotoFilter(Show.MISSING)) == [ids[0]]
    assert library.check_files(project).damaged == [ids[2]]


def test_thumbnail_job_marks_damaged_and_gone_photos(project, tmp_path):
    photos = good_photos(tmp_path / "t", 3)
    ids = library.import_paths(project, [tmp_path / "t"]).added
    photos[0].write_bytes(photos[0].read_bytes()[:200])
    photos[1].unlink()

    batch = library.thumbnail_job(project, ids, size=32).run(JobContext())

    assert list(batch.made) == [ids[2]]
    assert library.get_photo(project, ids[0]).status == "damaged"
    assert library.get_photo(project, ids[1]).status == "missing"
    assert library.thumbnail_cache(project, 32).cached(
        library.get_photo(project, ids[2])
    )


def test_relink_a_moved_folder_at_once(project, tmp_path):
    old = tmp_path / "Pictures"
    good_photos(old / "2023", 3)
    ids = library.import_paths(project, [old]).added
    new = tmp_path / "Moved Pictures"
    old.rename(new)
    imaging.distinct_jpeg(new / "2023" / "good001.jpg", 99)  # replaced meanwhile
    library.check_files(project)

    report = library.relink_folder(project, old, new)

    assert sorted(report.relinked) == [ids[0], ids[2]]
    assert [i.message for i in report.refused] == [
        f"“{new / '2023' / 'good001.jpg'}” is a different photo, so it was not linked"
    ]
    assert library.get_photo(project, ids[0]).status == "ok"
    assert library.get_photo(project, ids[0]).path.startswith(str(new))
    assert library.get_photo(project, ids[1]).status == "missing"


def test_relink_from_a_common_ancestor_leaves_photos_that_are_there(project, tmp_path):
    home, disk = tmp_path / "home", tmp_path / "disk"
    good_photos(home / "Pictures" / "2023", 3)
    staying = good_photos(home / "Pictures" / "2024", 2, start=10)
    ids = library.import_paths(project, [home]).added
    (disk / "Pictures").mkdir(parents=True)
    (home / "Pictures" / "2023").rename(disk / "Pictures" / "2023")
    (disk / "Pictures" / "2023" / "good002.jpg").unlink()  # lost on the way
    shutil.copytree(home / "Pictures" / "2024", disk / "Pictures" / "2024")  # backup
    library.check_files(project)
    old, new = library.relink_prefixes(
        str(home / "Pictures" / "2023" / "good000.jpg"),
        str(disk / "Pictures" / "2023" / "good000.jpg"),
    )
    assert (old, new) == (str(home), str(disk))

    report = library.relink_folder(project, old, new)

    assert sorted(report.relinked) == ids[:2]
    assert report.not_found == [ids[2]]
    assert report.refused == []
    by_id = {p.id: p for p in library.get_photos(project, ids)}
    assert [by_id[i].path for i in ids[3:]] == [str(p) for p in staying]
    assert [by_id[i].status for i in ids] == ["ok", "ok", "missing", "ok", "ok"]


def test_relink_prefixes_from_one_located_photo():
    old, new = library.relink_prefixes(
        "/home/a/Pictures/2023/x.jpg", "/mnt/disk/Pictures/2023/x.jpg"
    )
    assert (old, new) == ("/home/a", "/mnt/disk")


def test_relink_one_photo_checks_its_content(project, tmp_path):
    [photo, other] = good_photos(tmp_path / "r", 2)
    photo_id = library.import_paths(project, [photo]).added[0]
    moved = photo.rename(tmp_path / "moved.jpg")

    with pytest.raises(library.ContentDiffers):
        library.relink_photo(project, photo_id, other)
    library.relink_photo(project, photo_id, moved)

    assert library.get_photo(project, photo_id).path == str(moved)


def test_remove_photos_and_undo_with_labels(project, tmp_path):
    photos = good_photos(tmp_path / "rm", 3)
    ids = library.import_paths(project, [tmp_path / "rm"]).added
    ants = labels.add_class(project, "ants").label_class
    labels.label_photos(project, ids[:2], ants.id)
    before = library.get_photos(project, ids)

    record = library.remove_photos(project, ids[:2])
    assert library.photo_ids(project) == ids[2:]
    assert all(p.is_file() for p in photos)  # files stay on disk

    record.revert(project)
    assert library.get_photos(project, ids) == before
    record.apply(project)
    assert library.count_photos(project) == 1


# export


def labelled_project(project, tmp_path):
    library.import_paths(project, [tmp_path / "e"], classes_from_folders=True)
    return project


def test_export_class_folders_with_split_and_name_collisions(project, tmp_path):
    imaging.distinct_jpeg(tmp_path / "e" / "a:b" / "one" / "x.jpg", 1)
    imaging.distinct_jpeg(tmp_path / "e" / "a:b" / "two" / "X.jpg", 2)
    good_photos(tmp_path / "e" / "bees", 10, start=10)
    labelled_project(project, tmp_path)
    target = tmp_path / "out"

    report = library.export_folders(project, target)

    files = sorted(str(p.relative_to(target)) for p in target.rglob("*.jpg"))
    assert report.exported == len(files) == 12
    a_b = sorted(Path(f).name for f in files if Path(f).parent.name == "a_b")
    assert a_b == ["X (2).jpg", "x.jpg"] or a_b == ["X.jpg", "x (2).jpg"]
    assert {Path(f).parts[0] for f in files} <= {"train", "val"}
    with pytest.raises(library.ExportTargetNotEmpty):
        library.export_folders(project, target)


def test_export_csv(project, tmp_path):
    good_photos(tmp_path / "e" / "ants", 3)
    labelled_project(project, tmp_path)

    report = library.export_csv(project, tmp_path / "csv")

    with open(report.destination, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert report.destination.endswith("labels.csv")
    assert [(Path(r["path"]).name, r["label"]) for r in rows] == [
        ("good000.jpg", "ants"),
        ("good001.jpg", "ants"),
        ("good002.jpg", "ants"),
    ]
    assert {r["split"] for r in rows} <= {"train", "val"}


def test_nothing_to_export_says_so(project, tmp_path):
    with pytest.raises(library.NothingToExport):
        library.export_folders(project, tmp_path / "out")


# command line


def run_cli(capsys, *args) -> dict:
    code = main([*map(str, args), "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def test_cli_import_classes_label_export(tmp_path, capsys):
    project = tmp_path / "cli.pictor"
    good_photos(tmp_path / "in" / "ants", 2)
    good_photos(tmp_path / "in" / "bees", 2, start=5)
    imaging.empty_file(tmp_path / "in" / "bees" / "empty.jpg")
    assert main(["init", str(project)]) == 0
    capsys.readouterr()

    imported = run_cli(
        capsys, "import", project, tmp_path / "in", "--classes-from-folders"
    )
    assert len(imported["added"]) == 4
    assert [p["message"] for p in imported["problems"]] == ["The file is empty"]

    listed = run_cli(capsys, "classes", project)
    assert [(c["name"], c["photos"]) for c in listed["classes"]] == [
        ("ants", 2),
        ("bees", 2),
    ]
    run_cli(capsys, "classes", project, "add", "wasps")
    run_cli(capsys, "classes", project, "rename", "wasps", "Wasps")
    labelled = run_cli(
        capsys,
        "label",
        project,
        "--class",
        "wasps",
        tmp_path / "in" / "ants" / "good000.jpg",
        str(imported["added"][1]),
    )
    assert len(labelled["photos"]) == 2
    merged = run_cli(capsys, "classes", project, "merge", "bees", "Wasps")
    assert [(c["name"], c["photos"]) for c in merged["classes"]] == [
        ("ants", 0),
        ("Wasps", 4),
    ]
    deleted = run_cli(capsys, "classes", project, "delete", "ants")
    assert [c["name"] for c in deleted["classes"]] == ["Wasps"]

    exported = run_cli(capsys, "export", project, "--to", tmp_path / "out")
    assert exported["exported"] == 4
    as_csv = run_cli(
        capsys, "export", project, "--to", tmp_path / "csv", "--format", "csv"
    )
    assert as_csv["destination"].endswith("labels.csv")


def test_cli_errors_are_one_sentence(tmp_path, capsys):
    project = tmp_path / "e.pictor"
    main(["init", str(project)])
    capsys.readouterr()

    assert main(["label", str(project), "--class", "nope", "1"]) == 1
    assert "There is no class named “nope”." in capsys.readouterr().err
    assert main(["classes", str(project), "add", "ants"]) == 0
    assert main(["classes", str(project), "add", "ANTS", "--json"]) == 1
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == {
        "error": "A class named “ants” already exists."
    }


def test_real_ants_and_bees_import_as_classes_with_their_split(project, shared_data):
    root = shared_data / "photos" / "ants-bees"

    report = library.import_paths(project, [root], classes_from_folders=True)

    assert report.problems == []
    assert sorted(report.classes_created) == ["ants", "bees"]
    counts = library.library_counts(project)
    ants, bees = (
        labels.require_class(project, "ants"),
        labels.require_class(project, "bees"),
    )
    assert (counts.per_class[ants.id], counts.per_class[bees.id]) == (194, 204)
    assert library.count_photos(project, PhotoFilter(split="val")) == 153
