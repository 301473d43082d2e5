"""Creating, opening, locking and upgrading projects."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest

from engine import store as store_module
from engine.project import (
    NotAProject,
    Project,
    ProjectExists,
    ProjectLocked,
    ProjectReadOnly,
    project_path,
)
from engine.store import DatabaseDamaged, SchemaTooNew

REPO = Path(__file__).resolve().parents[2]


def run_python(code: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        **kwargs,
    )


def test_create_makes_a_pictor_folder_and_reopens(tmp_path):
    with Project.create(tmp_path / "Birds") as project:
        assert project.path == tmp_path / "Birds.pictor"
        assert project.name == "Birds"
        assert (project.path / "project.db").is_file()
        assert project.thumbs_dir.is_dir()
        assert project.runs_dir.is_dir()
        project.store.set_meta({"note": "kept"})
    with Project.open(tmp_path / "Birds.pictor") as project:
        assert project.store.get_meta("note") == "kept"
        assert project.store.version() == store_module.schema_version()


def test_project_on_a_path_with_chinese_characters_and_spaces(tmp_path):
    folder = tmp_path / "我的 照片" / "鸟类 数据集"
    with Project.create(folder) as project:
        project.store.set_meta({"名字": "麻雀"})
    with Project.open(project_path(folder)) as project:
        assert project.store.get_meta("名字") == "麻雀"
        assert project.name == "鸟类 数据集"


def test_open_accepts_the_database_file_or_the_name_without_suffix(tmp_path):
    Project.create(tmp_path / "a").close()
    Project.open(tmp_path / "a.pictor" / "project.db").close()
    Project.open(tmp_path / "a").close()


def test_create_refuses_an_existing_non_empty_folder(tmp_path):
    Project.create(tmp_path / "a").close()
    with pytest.raises(ProjectExists) as info:
        Project.create(tmp_path / "a")
    assert "already exists" in str(info.value)


def test_a_path_that_is_not_a_project(tmp_path):
    (tmp_path / "holiday").mkdir()
    (tmp_path / "holiday" / "photo.jpg").write_bytes(b"x")
    with pytest.raises(NotAProject) as info:
        Project.open(tmp_path / "holiday")
    assert "holiday" in str(info.value)
    with pytest.raises(NotAProject):
        Project.open(tmp_path / "does-not-exist")


def test_second_open_in_this_process_is_refused(tmp_path):
    with (
        Project.create(tmp_path / "a") as project,
        pytest.raises(ProjectLocked) as info,
    ):
        Project.open(project.path)
    assert str(os.getpid()) in str(info.value)
    assert "already open" in str(info.value)


def test_second_process_gets_a_clear_message(tmp_path):
    with Project.create(tmp_path / "a") as project:
        result = run_python(f"""
            from engine.project import Project, ProjectLocked
            try:
                Project.open({str(project.path)!r})
            except ProjectLocked as exc:
                print("LOCKED:", exc)
        """)
    assert "LOCKED:" in result.stdout, result.stderr
    assert f"process {os.getpid()}" in result.stdout


def test_stale_lock_of_a_killed_process_is_taken_over(tmp_path):
    path = tmp_path / "a.pictor"
    Project.create(path).close()
    result = run_python(f"""
        import os, signal
        from engine.project import Project
        Project.open({str(path)!r})
        print(os.getpid(), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    dead_pid = result.stdout.strip()
    assert dead_pid
    assert dead_pid in (path / ".lock").read_text()
    with Project.open(path) as project:
        assert str(os.getpid()) in (project.path / ".lock").read_text()


def test_kill_during_a_write_transaction_keeps_committed_data(tmp_path):
    path = tmp_path / "a.pictor"
    Project.create(path).close()
    result = run_python(f"""
        import os, signal
        from engine.project import Project
        project = Project.open({str(path)!r})
        project.store.set_meta({{"committed": "yes"}})
        with project.store.transaction() as db:
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [(f"k{{i}}", "v" * 500) for i in range(20000)])
            print("writing", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    assert result.returncode == -9
    assert "writing" in result.stdout
    with Project.open(path) as project:
        assert project.store.query("PRAGMA quick_check")[0][0] == "ok"
        assert project.store.get_meta("committed") == "yes"
        assert project.store.get_meta("k1") is None


def test_project_from_a_newer_pictor_is_refused_and_not_changed(tmp_path):
    path = tmp_path / "a.pictor"
    Project.create(path).close()
    db_file = path / "project.db"
    with sqlite3.connect(db_file) as db:
        db.execute(f"PRAGMA user_version = {store_module.schema_version() + 5}")
    db.close()
    before = db_file.read_bytes()
    with pytest.raises(SchemaTooNew) as info:
        Project.open(path)
    assert "newer version of Pictor" in str(info.value)
    assert db_file.read_bytes() == before
    with pytest.raises(SchemaTooNew):
        Project.open(path)


def test_damaged_database_is_reported_not_overwritten(tmp_path):
    path = tmp_path / "a.pictor"
    Project.create(path).close()
    db_file = path / "project.db"
    data = bytearray(db_file.read_bytes())
    data[100:4096] = os.urandom(4096 - 100)
    db_file.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged) as info:
        Project.open(path)
    assert "damaged" in str(info.value)
    assert db_file.read_bytes() == bytes(data)


def test_migrations_run_in_order_each_in_a_transaction(tmp_path, monkeypatch):
    path = tmp_path / "a.pictor"
    Project.create(path).close()

    def add_table(db):
        db.execute("CREATE TABLE later (x INTEGER)")

    def broken(db):
        db.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("migration bug")

    base = list(store_module.MIGRATIONS)
    monkeypatch.setattr(store_module, "MIGRATIONS", [*base, add_table, broken])
    with pytest.raises(RuntimeError):
        Project.open(path)
    with sqlite3.connect(path / "project.db") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        version = db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    assert "later" in tables
    assert "half_done" not in tables
    assert version == len(base) + 1


def test_wal_mode_is_on(tmp_path):
    with Project.create(tmp_path / "a") as project:
        mode = project.store.query("PRAGMA journal_mode")[0][0]
    assert mode == "wal"


@contextmanager
def read_only(folder: Path):
    """Make ``folder`` and its files unwritable, even for root (chattr +i)."""
    items = [*sorted(folder.rglob("*"), reverse=True), folder]
    if os.geteuid() == 0:
        # root ignores permission bits; the immutable attribute binds root too
        done = subprocess.run(
            ["chattr", "+i", *map(str, items)], capture_output=True, check=False
        )
        if done.returncode != 0:
            pytest.skip("cannot make a folder read-only for root here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, items)], check=False)
        return
    for item in items:
        os.chmod(item, 0o555 if item.is_dir() else 0o444)
    try:
        yield
    finally:
        for item in items:
            os.chmod(item, 0o755 if item.is_dir() else 0o644)


def test_read_only_project_folder_gets_a_clear_message(tmp_path):
    path = tmp_path / "a.pictor"
    Project.create(path).close()
    with read_only(path), pytest.raises(ProjectReadOnly) as info:
        Project.open(path)
    assert "cannot write" in str(info.value)
    assert str(path) in str(info.value)


def test_creating_inside_a_read_only_folder_is_refused(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    with read_only(parent), pytest.raises(ProjectReadOnly):
        Project.create(parent / "new")
