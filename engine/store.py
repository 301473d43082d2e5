"""The project database: SQLite schema, migrations and queries.

This is the only module that writes SQL. Each thread gets its own
connection (SQLite in WAL mode lets readers work beside one writer); writes
go through :meth:`Store.transaction`, which holds ``BEGIN IMMEDIATE`` so a
write never fails half-way for lack of a lock.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.i18n import QT_TRANSLATE_NOOP, UserError

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]


def _migration_1_base(db: sqlite3.Connection) -> None:
    """Project metadata: a key/value table."""
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")


def _migration_2_photo_library(db: sqlite3.Connection) -> None:
    """Photos, classes, labels, the skip mark and the train/validation split."""
    for statement in _PHOTO_LIBRARY_SCHEMA:
        db.execute(statement)


_PHOTO_LIBRARY_SCHEMA = (
    # split_key: a stable number in [0, 1) from the content hash and the
    # project's split seed; a photo is in validation when it is below the
    # validation ratio, unless split_pinned says otherwise.
    """CREATE TABLE images (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        mtime REAL NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        date_taken REAL,
        added REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'ok'
            CHECK (status IN ('ok', 'missing', 'damaged')),
        reason TEXT,
        reason_args TEXT,
        skipped INTEGER NOT NULL DEFAULT 0,
        split_key REAL NOT NULL,
        split_pinned TEXT CHECK (split_pinned IN ('train', 'val'))
    ) STRICT""",
    "CREATE INDEX images_hash ON images(content_hash)",
    "CREATE INDEX images_name ON images(name COLLATE NOCASE, id)",
    "CREATE INDEX images_taken ON images(coalesce(date_taken, mtime), id)",
    "CREATE INDEX images_added ON images(added, id)",
    "CREATE INDEX images_status ON images(status) WHERE status != 'ok'",
    "CREATE INDEX images_skipped ON images(id) WHERE skipped = 1",
    """CREATE TABLE classes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        colour TEXT NOT NULL,
        hotkey INTEGER UNIQUE CHECK (hotkey BETWEEN 1 AND 9),
        position INTEGER NOT NULL
    ) STRICT""",
    """CREATE TABLE labels (
        image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
        class_id INTEGER NOT NULL REFERENCES classes(id),
        source TEXT NOT NULL CHECK (source IN ('manual', 'folder', 'suggestion')),
        time REAL NOT NULL
    ) STRICT""",
    "CREATE INDEX labels_class ON labels(class_id, image_id)",
)


def _migration_photo_search(db: sqlite3.Connection) -> None:
    """Photo search: indexed files, their vectors per model, the saved indexes."""
    for statement in _PHOTO_SEARCH_SCHEMA:
        db.execute(statement)


_PHOTO_SEARCH_SCHEMA = (
    # Extra folders whose photos are searched besides the library's.
    "CREATE TABLE search_roots (path TEXT PRIMARY KEY, added REAL NOT NULL) STRICT",
    # One row per file version: a file whose content changes gets a new id,
    # so the ids in a saved index always name the vector they were built from.
    """CREATE TABLE search_files (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL UNIQUE,
        size_bytes INTEGER NOT NULL,
        mtime REAL NOT NULL,
        content_hash TEXT NOT NULL,
        date_taken REAL,
        status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'damaged')),
        reason TEXT,
        reason_args TEXT
    ) STRICT""",
    "CREATE INDEX search_files_hash ON search_files(content_hash)",
    # Vectors by content, so a moved or copied file reuses its vector.
    """CREATE TABLE embeddings (
        content_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (content_hash, model)
    ) STRICT, WITHOUT ROWID""",
    # generation grows with every change to the files or vectors of a model;
    # the saved index is current when its generation matches.
    """CREATE TABLE search_indexes (
        model TEXT PRIMARY KEY,
        generation INTEGER NOT NULL DEFAULT 0,
        manifest TEXT,
        manifest_generation INTEGER
    ) STRICT""",
)


def _migration_classifier(db: sqlite3.Connection) -> None:
    """Backbone features per photo content, and classifier training runs."""
    for statement in _CLASSIFIER_SCHEMA:
        db.execute(statement)


_CLASSIFIER_SCHEMA = (
    # One pooled feature vector (float32, little-endian) per photo content
    # and backbone; the backbone key includes its weights' checksum, so
    # importing other weights never mixes features.
    """CREATE TABLE features (
        content_hash TEXT NOT NULL,
        backbone TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (content_hash, backbone)
    ) STRICT""",
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        folder TEXT NOT NULL,
        config TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('running', 'finished', 'cancelled', 'failed')),
        message TEXT,
        message_args TEXT,
        metrics TEXT NOT NULL DEFAULT '[]',
        results TEXT,
        created REAL NOT NULL,
        finished REAL,
        active INTEGER NOT NULL DEFAULT 0
    ) STRICT""",
    "CREATE UNIQUE INDEX runs_active ON runs(kind) WHERE active = 1",
)


# Ordered: index i upgrades a database from version i to i + 1. Append only;
# never edit a migration that has shipped.
MIGRATIONS: list[Migration] = [
    _migration_1_base,
    _migration_2_photo_library,
    _migration_classifier,
    _migration_photo_search,
]


def schema_version() -> int:
    """The schema version this Pictor writes."""
    return len(MIGRATIONS)


class StoreError(UserError):
    template = QT_TRANSLATE_NOOP("engine", "The project database cannot be used.")


class SchemaTooNew(StoreError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "This project was saved by a newer version of Pictor (format {found}, "
        "this version reads up to {supported}). Update Pictor to open it; "
        "the project was not changed.",
    )


class DatabaseDamaged(StoreError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The project database “{path}” is damaged ({detail}). Restore it from "
        "a backup; Pictor did not change it.",
    )


class DatabaseReadOnly(StoreError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Pictor cannot write to “{path}”. Check that the folder is not "
        "read-only and that you have permission to change it.",
    )


class Store:
    """The SQLite database of one project."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    # connections

    def open(self) -> None:
        """Check, upgrade and prepare the database; raise a StoreError if unusable."""
        try:
            self._open()
        except sqlite3.OperationalError as exc:
            if _is_write_refusal(exc):
                raise DatabaseReadOnly(path=str(self.path)) from exc
            raise DatabaseDamaged(path=str(self.path), detail=str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(path=str(self.path), detail=str(exc)) from exc

    def _open(self) -> None:
        db = self.connection()
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found > schema_version():
            raise SchemaTooNew(found=found, supported=schema_version())
        self._quick_check(db)
        self._enable_wal(db)
        self.migrate()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        db = getattr(self._local, "db", None)
        if db is not None:
            return db
        if self._closed:
            raise StoreError()
        db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = FULL")
        self._local.db = db
        with self._lock:
            self._connections.append(db)
        return db

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
            self._closed = True
        for db in connections:
            try:
                db.close()
            except sqlite3.ProgrammingError:
                # Limit: a connection made in another thread that is still
                # running cannot be closed from here; SQLite closes it at exit.
                log.debug("connection owned by another thread left open")
        self._local = threading.local()

    def _quick_check(self, db: sqlite3.Connection) -> None:
        try:
            rows = db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(path=str(self.path), detail=str(exc)) from exc
        result = [row[0] for row in rows]
        if result != ["ok"]:
            raise DatabaseDamaged(path=str(self.path), detail="; ".join(result[:3]))

    def _enable_wal(self, db: sqlite3.Connection) -> None:
        try:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise DatabaseReadOnly(path=str(self.path)) from exc
        if str(mode).lower() != "wal":
            log.warning("journal mode is %s, not WAL, for %s", mode, self.path)

    # transactions and migrations

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed on success, rolled back on error."""
        db = self.connection()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_write_refusal(exc):
                raise DatabaseReadOnly(path=str(self.path)) from exc
            raise
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            db.execute("ROLLBACK")
            if _is_write_refusal(exc):
                raise DatabaseReadOnly(path=str(self.path)) from exc
            raise

    def version(self) -> int:
        return self.connection().execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Apply pending migrations, each in its own transaction."""
        while (current := self.version()) < schema_version():
            step = MIGRATIONS[current]
            log.info(
                "migrating %s to schema %d (%s)", self.path, current + 1, step.__name__
            )
            with self.transaction() as db:
                if db.execute("PRAGMA user_version").fetchone()[0] != current:
                    continue  # another connection migrated meanwhile
                step(db)
                db.execute(f"PRAGMA user_version = {current + 1}")

    # queries

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.connection().execute(sql, params).fetchall()

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = (
            self.connection()
            .execute("SELECT value FROM meta WHERE key = ?", (key,))
            .fetchone()
        )
        return row[0] if row else default

    def set_meta(self, values: dict[str, str]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )

    def all_meta(self) -> dict[str, str]:
        rows = self.connection().execute("SELECT key, value FROM meta").fetchall()
        return {row[0]: row[1] for row in rows}


def _is_write_refusal(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("readonly", "read-only", "unable to open"))


def now() -> float:
    """Timestamps stored in the project are Unix seconds."""
    return time.time()


# ---------------------------------------------------------------------------
# Photo library, classes and labels (used by engine.library and engine.labels)
# ---------------------------------------------------------------------------
# Lists of ids travel as one JSON parameter (json_each), so a statement works
# for any number of photos without SQLite's variable limit.

_PHOTO_COLUMNS = (
    "i.id, i.path, i.name, i.content_hash, i.size_bytes, i.mtime, "
    "i.width, i.height, i.date_taken, i.added, i.status, i.reason, "
    "i.reason_args, i.skipped, i.split_key, i.split_pinned, "
    "l.class_id, l.source AS label_source"
)
_IMAGE_FIELDS = (
    "path",
    "name",
    "content_hash",
    "size_bytes",
    "mtime",
    "width",
    "height",
    "date_taken",
    "added",
    "status",
    "reason",
    "reason_args",
    "skipped",
    "split_key",
    "split_pinned",
)
# A class with at least this many usable labelled photos and none of them in
# validation gets its photo with the smallest split key (not pinned) put in
# validation; engine.labels.SplitSettings says when that moves a photo.
MIN_CLASS_FOR_VAL = 5
_USABLE_CLASS_PHOTOS = (
    "labels {l} JOIN images {i} ON {i}.id = {l}.image_id "
    "WHERE {l}.class_id = c.id AND {i}.status = 'ok' AND {i}.skipped = 0"
)
# One photo id per class that would otherwise have no validation photo (none
# with a ratio of 0). The checks stop early: a class of any size usually
# shows a validation photo within its first few rows.
_KEPT_FOR_VAL = (
    "SELECT (SELECT fi.id FROM "
    + _USABLE_CLASS_PHOTOS.format(l="fl", i="fi")
    + " AND fi.split_pinned IS NULL ORDER BY fi.split_key, fi.id LIMIT 1) "
    "FROM classes c WHERE :ratio > 0 AND NOT EXISTS (SELECT 1 FROM "
    + _USABLE_CLASS_PHOTOS.format(l="vl", i="vi")
    + " AND coalesce(vi.split_pinned, "
    "CASE WHEN vi.split_key < :ratio THEN 'val' ELSE 'train' END) = 'val') "
    "AND (SELECT count(*) FROM (SELECT 1 FROM "
    + _USABLE_CLASS_PHOTOS.format(l="nl", i="ni")
    + f" LIMIT {MIN_CLASS_FOR_VAL})) = {MIN_CLASS_FOR_VAL}"
)
# the set of photo ``i`` (labels joined as ``l``): pinned, else by its key
_SPLIT_OF = (
    "coalesce(i.split_pinned, CASE WHEN i.split_key < :ratio THEN 'val' "
    f"WHEN l.class_id IS NOT NULL AND i.id IN ({_KEPT_FOR_VAL}) THEN 'val' "
    "ELSE 'train' END)"
)
_PHOTO_FILTERS = {
    "all": "1",
    "unlabeled": "i.status = 'ok' AND i.skipped = 0 AND l.image_id IS NULL",
    "class": "l.class_id = :class_id",
    "damaged": "i.status = 'damaged'",
    "missing": "i.status = 'missing'",
    "skipped": "i.skipped = 1",
}
# Limit: names sort by characters, so "IMG_10" comes before "IMG_9".
_PHOTO_ORDERS = {
    "name": "i.name COLLATE NOCASE {d}, i.id {d}",
    "taken": "coalesce(i.date_taken, i.mtime) {d}, i.id {d}",
    "added": "i.added {d}, i.id {d}",
}


def _json_ids(ids: Any) -> str:
    import json

    return json.dumps([int(i) for i in ids])


def put_meta(db: sqlite3.Connection, values: dict[str, str]) -> None:
    """Set project metadata inside the caller's transaction."""
    db.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )


def insert_image(db: sqlite3.Connection, fields: dict[str, Any]) -> int:
    """Add one photo row (``id`` may be given to restore a removed photo)."""
    names = [n for n in ("id", *_IMAGE_FIELDS) if n in fields]
    sql = (
        f"INSERT INTO images({', '.join(names)}) "
        f"VALUES ({', '.join(':' + n for n in names)})"
    )
    return int(db.execute(sql, fields).lastrowid)


def insert_images(db: sqlite3.Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Add many photo rows (all with the same fields); returns ids by path."""
    if not rows:
        return {}
    names = [n for n in _IMAGE_FIELDS if n in rows[0]]
    db.executemany(
        f"INSERT INTO images({', '.join(names)}) "
        f"VALUES ({', '.join(':' + n for n in names)})",
        rows,
    )
    found = images_by_path(db, [row["path"] for row in rows])
    return {path: row["id"] for path, row in found.items()}


def images_by_hash(db: sqlite3.Connection, hashes: Any) -> dict[str, sqlite3.Row]:
    """The first photo with each content hash, by hash."""
    import json

    rows = db.execute(
        "SELECT id, path, status, content_hash FROM images WHERE content_hash IN "
        "(SELECT value FROM json_each(?)) ORDER BY id DESC",
        (json.dumps(list(hashes)),),
    ).fetchall()
    return {row["content_hash"]: row for row in rows}


def images_by_path(db: sqlite3.Connection, paths: Any) -> dict[str, sqlite3.Row]:
    """Photos whose path is one of ``paths``, by path."""
    import json

    rows = db.execute(
        "SELECT id, path, status, content_hash FROM images WHERE path IN "
        "(SELECT value FROM json_each(?))",
        (json.dumps(list(paths)),),
    ).fetchall()
    return {row["path"]: row for row in rows}


def update_image_file(
    db: sqlite3.Connection, image_id: int, fields: dict[str, Any]
) -> None:
    """Change a photo's file facts (path, hash, size...) and mark it ok."""
    names = [n for n in _IMAGE_FIELDS if n in fields]
    assignments = ", ".join(f"{n} = :{n}" for n in names)
    db.execute(
        f"UPDATE images SET {assignments}, status = 'ok', reason = NULL, "
        "reason_args = NULL WHERE id = :image_id",
        {**fields, "image_id": image_id},
    )


def set_image_status(db: sqlite3.Connection, items: Any) -> None:
    """Set (id, status, reason template or None, reason args JSON or None)."""
    db.executemany(
        "UPDATE images SET status = ?, reason = ?, reason_args = ? WHERE id = ?",
        [(status, reason, args, image_id) for image_id, status, reason, args in items],
    )


def image_files(db: sqlite3.Connection, prefix: str | None = None) -> list[sqlite3.Row]:
    """Every photo's file facts, or those whose path starts with ``prefix``."""
    sql = "SELECT id, path, content_hash, size_bytes, mtime, status FROM images"
    if prefix is None:
        return db.execute(sql + " ORDER BY id").fetchall()
    return db.execute(
        sql + " WHERE substr(path, 1, length(?)) = ? ORDER BY id", (prefix, prefix)
    ).fetchall()


def photo_rows(
    db: sqlite3.Connection, ids: Any, *, ratio: float = 0.2
) -> list[sqlite3.Row]:
    """Photos with their label and set, in the order of ``ids`` (unknown ids
    left out)."""
    return db.execute(
        f"SELECT {_PHOTO_COLUMNS}, {_SPLIT_OF} AS split FROM json_each(:ids) AS j "
        "JOIN images i ON i.id = j.value LEFT JOIN labels l ON l.image_id = i.id "
        "ORDER BY j.key",
        {"ids": _json_ids(ids), "ratio": ratio},
    ).fetchall()


def _photo_where(kind: str, text: str | None, split: str | None) -> str:
    clauses = [_PHOTO_FILTERS[kind]]
    if text:
        clauses.append("i.name LIKE :text ESCAPE '\\'")
    if split:
        clauses.append(f"{_SPLIT_OF} = :split")
    return " AND ".join(clauses)


def _photo_params(
    class_id: int | None, text: str | None, split: str | None, ratio: float
) -> dict[str, Any]:
    pattern = None
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
    return {"class_id": class_id, "text": pattern, "split": split, "ratio": ratio}


def photo_ids(
    db: sqlite3.Connection,
    kind: str,
    *,
    class_id: int | None = None,
    text: str | None = None,
    split: str | None = None,
    ratio: float = 0.2,
    order: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[int]:
    """Ids of the photos a filter shows, sorted (see engine.library.photo_ids)."""
    direction = "DESC" if descending else "ASC"
    sql = (
        "SELECT i.id FROM images i LEFT JOIN labels l ON l.image_id = i.id "
        f"WHERE {_photo_where(kind, text, split)} "
        f"ORDER BY {_PHOTO_ORDERS[order].format(d=direction)} "
        "LIMIT :limit OFFSET :offset"
    )
    params = _photo_params(class_id, text, split, ratio)
    params.update(limit=-1 if limit is None else limit, offset=offset)
    return [row[0] for row in db.execute(sql, params)]


def count_photos(
    db: sqlite3.Connection,
    kind: str,
    *,
    class_id: int | None = None,
    text: str | None = None,
    split: str | None = None,
    ratio: float = 0.2,
) -> int:
    """How many photos a filter shows."""
    sql = (
        "SELECT count(*) FROM images i LEFT JOIN labels l ON l.image_id = i.id "
        f"WHERE {_photo_where(kind, text, split)}"
    )
    return int(
        db.execute(sql, _photo_params(class_id, text, split, ratio)).fetchone()[0]
    )


def library_counts(db: sqlite3.Connection) -> tuple[sqlite3.Row, dict[int, int]]:
    """Totals per filter, and labelled photos per class id."""
    totals = db.execute(
        "SELECT count(*) AS all_photos, "
        "coalesce(sum(i.status = 'ok' AND i.skipped = 0 AND l.image_id IS NULL), 0)"
        " AS unlabeled, "
        "coalesce(sum(i.status = 'damaged'), 0) AS damaged, "
        "coalesce(sum(i.status = 'missing'), 0) AS missing, "
        "coalesce(sum(i.skipped = 1), 0) AS skipped, "
        "coalesce(sum(l.image_id IS NOT NULL), 0) AS labelled "
        "FROM images i LEFT JOIN labels l ON l.image_id = i.id"
    ).fetchone()
    per_class = db.execute(
        "SELECT class_id, count(*) FROM labels GROUP BY class_id"
    ).fetchall()
    return totals, {row[0]: row[1] for row in per_class}


def image_snapshot(db: sqlite3.Connection, ids: Any) -> list[dict[str, Any]]:
    """Whole photo rows, to put back exactly after a removal is undone."""
    rows = db.execute(
        f"SELECT id, {', '.join(_IMAGE_FIELDS)} FROM images "
        "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (_json_ids(ids),),
    ).fetchall()
    return [dict(row) for row in rows]


def delete_images(db: sqlite3.Connection, ids: Any) -> None:
    """Remove photos (and their labels) from the project; files are untouched."""
    db.execute(
        "DELETE FROM images WHERE id IN (SELECT value FROM json_each(?))",
        (_json_ids(ids),),
    )


# labels


def photo_states(db: sqlite3.Connection, ids: Any) -> list[sqlite3.Row]:
    """(id, class_id, source, time, skipped) of each existing photo in ``ids``."""
    return db.execute(
        "SELECT i.id, l.class_id, l.source, l.time, i.skipped "
        "FROM json_each(?) AS j JOIN images i ON i.id = j.value "
        "LEFT JOIN labels l ON l.image_id = i.id ORDER BY j.key",
        (_json_ids(ids),),
    ).fetchall()


def class_photo_states(db: sqlite3.Connection, class_id: int) -> list[sqlite3.Row]:
    """The same states for every photo labelled with ``class_id``."""
    return db.execute(
        "SELECT i.id, l.class_id, l.source, l.time, i.skipped "
        "FROM labels l JOIN images i ON i.id = l.image_id "
        "WHERE l.class_id = ? ORDER BY i.id",
        (class_id,),
    ).fetchall()


def write_photo_states(db: sqlite3.Connection, states: Any) -> None:
    """Set label and skip mark of photos from (id, class_id, source, time, skipped).

    A class_id of None removes the label. Photos or classes that no longer
    exist are passed over, so an out-of-order undo cannot break the database.
    """
    states = list(states)
    db.executemany(
        "DELETE FROM labels WHERE image_id = ?",
        [(s[0],) for s in states if s[1] is None],
    )
    db.executemany(
        "INSERT INTO labels(image_id, class_id, source, time) "
        "SELECT :id, :class_id, :source, :time "
        "WHERE EXISTS (SELECT 1 FROM images WHERE id = :id) "
        "AND EXISTS (SELECT 1 FROM classes WHERE id = :class_id) "
        "ON CONFLICT(image_id) DO UPDATE SET class_id = excluded.class_id, "
        "source = excluded.source, time = excluded.time",
        [
            {"id": s[0], "class_id": s[1], "source": s[2], "time": s[3]}
            for s in states
            if s[1] is not None
        ],
    )
    db.executemany(
        "UPDATE images SET skipped = ? WHERE id = ? AND skipped != ?",
        [(int(s[4]), s[0], int(s[4])) for s in states],
    )


def move_labels(db: sqlite3.Connection, from_class: int, to_class: int) -> None:
    """Relabel every photo of one class with another."""
    db.execute(
        "UPDATE labels SET class_id = ? WHERE class_id = ?", (to_class, from_class)
    )


# classes


def class_rows(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """All classes in display order."""
    return db.execute(
        "SELECT id, name, colour, hotkey, position FROM classes ORDER BY position, id"
    ).fetchall()


def class_by_key(db: sqlite3.Connection, name_key: str) -> sqlite3.Row | None:
    return db.execute(
        "SELECT id, name, colour, hotkey, position FROM classes WHERE name_key = ?",
        (name_key,),
    ).fetchone()


def insert_class(db: sqlite3.Connection, fields: dict[str, Any]) -> int:
    """Add a class from id (optional), name, name_key, colour, hotkey, position."""
    names = [
        n
        for n in ("id", "name", "name_key", "colour", "hotkey", "position")
        if n in fields
    ]
    sql = (
        f"INSERT INTO classes({', '.join(names)}) "
        f"VALUES ({', '.join(':' + n for n in names)})"
    )
    return int(db.execute(sql, fields).lastrowid)


def write_classes(db: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Overwrite classes from whole rows; hotkeys may move between them."""
    # hotkeys are unique at every statement: clear them all first
    db.executemany(
        "UPDATE classes SET hotkey = NULL WHERE id = ?", [(r["id"],) for r in rows]
    )
    db.executemany(
        "UPDATE classes SET name = :name, name_key = :name_key, colour = :colour, "
        "hotkey = :hotkey, position = :position WHERE id = :id",
        rows,
    )


def delete_class(db: sqlite3.Connection, class_id: int) -> None:
    """Remove a class and every label that uses it."""
    db.execute("DELETE FROM labels WHERE class_id = ?", (class_id,))
    db.execute("DELETE FROM classes WHERE id = ?", (class_id,))


def next_class_position(db: sqlite3.Connection) -> int:
    return int(
        db.execute("SELECT coalesce(max(position), -1) + 1 FROM classes").fetchone()[0]
    )


# train/validation split


def split_pins(db: sqlite3.Connection, ids: Any) -> list[sqlite3.Row]:
    """(id, split_pinned) of each existing photo in ``ids``."""
    return db.execute(
        "SELECT i.id, i.split_pinned FROM json_each(?) AS j "
        "JOIN images i ON i.id = j.value ORDER BY j.key",
        (_json_ids(ids),),
    ).fetchall()


def set_split_pins(db: sqlite3.Connection, items: Any) -> None:
    """Pin photos to 'train' or 'val' (None unpins) from (id, pinned) pairs."""
    db.executemany(
        "UPDATE images SET split_pinned = ? WHERE id = ?",
        [(pinned, image_id) for image_id, pinned in items],
    )


def image_hashes(db: sqlite3.Connection) -> list[sqlite3.Row]:
    return db.execute("SELECT id, content_hash FROM images").fetchall()


def set_split_keys(db: sqlite3.Connection, items: Any) -> None:
    """Store (id, split_key) pairs."""
    db.executemany(
        "UPDATE images SET split_key = ? WHERE id = ?",
        [(key, image_id) for image_id, key in items],
    )


def dataset_rows(db: sqlite3.Connection, ratio: float) -> list[sqlite3.Row]:
    """Usable labelled photos: (id, path, name, content_hash, class_id, split)."""
    return db.execute(
        f"SELECT i.id, i.path, i.name, i.content_hash, l.class_id, "
        f"{_SPLIT_OF} AS split FROM images i JOIN labels l ON l.image_id = i.id "
        "WHERE i.status = 'ok' AND i.skipped = 0 ORDER BY l.class_id, i.id",
        {"ratio": ratio},
    ).fetchall()


def split_counts(db: sqlite3.Connection, ratio: float) -> list[sqlite3.Row]:
    """(class_id, split, count) over usable labelled photos."""
    return db.execute(
        f"SELECT l.class_id, {_SPLIT_OF} AS split, count(*) AS n "
        "FROM images i JOIN labels l ON l.image_id = i.id "
        "WHERE i.status = 'ok' AND i.skipped = 0 GROUP BY 1, 2",
        {"ratio": ratio},
    ).fetchall()


# ---------------------------------------------------------------------------
# Classifier: backbone features and training runs (used by engine.vision)
# ---------------------------------------------------------------------------


def labelled_rows(db: sqlite3.Connection, ratio: float) -> list[sqlite3.Row]:
    """Every labelled photo, usable or not: (id, path, content_hash,
    class_id, status, skipped, split)."""
    return db.execute(
        f"SELECT i.id, i.path, i.content_hash, l.class_id, i.status, i.skipped, "
        f"{_SPLIT_OF} AS split FROM images i JOIN labels l ON l.image_id = i.id "
        "ORDER BY l.class_id, i.id",
        {"ratio": ratio},
    ).fetchall()


def get_features(
    db: sqlite3.Connection, backbone: str, hashes: Any
) -> dict[str, bytes]:
    """Stored feature vectors of ``backbone`` by content hash (known ones only)."""
    import json

    rows = db.execute(
        "SELECT content_hash, vector FROM features WHERE backbone = ? AND "
        "content_hash IN (SELECT value FROM json_each(?))",
        (backbone, json.dumps(list(hashes))),
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def put_features(
    db: sqlite3.Connection, backbone: str, items: list[tuple[str, bytes]]
) -> None:
    """Store (content_hash, vector bytes) pairs for ``backbone``."""
    db.executemany(
        "INSERT OR REPLACE INTO features(content_hash, backbone, vector) "
        "VALUES (?, ?, ?)",
        [(digest, backbone, blob) for digest, blob in items],
    )


def count_features(db: sqlite3.Connection, backbone: str) -> int:
    return int(
        db.execute(
            "SELECT count(*) FROM features WHERE backbone = ?", (backbone,)
        ).fetchone()[0]
    )


_RUN_FIELDS = (
    "kind", "folder", "config", "status", "message", "message_args", "metrics",
    "results", "created", "finished",
)  # fmt: skip


def insert_run(db: sqlite3.Connection, fields: dict[str, Any]) -> int:
    """Add a run row; returns its id."""
    names = [n for n in _RUN_FIELDS if n in fields]
    sql = (
        f"INSERT INTO runs({', '.join(names)}) "
        f"VALUES ({', '.join(':' + n for n in names)})"
    )
    return int(db.execute(sql, fields).lastrowid)


def update_run(db: sqlite3.Connection, run_id: int, fields: dict[str, Any]) -> None:
    """Change some fields of a run."""
    names = [n for n in _RUN_FIELDS if n in fields]
    if names:
        db.execute(
            f"UPDATE runs SET {', '.join(f'{n} = :{n}' for n in names)} "
            "WHERE id = :run_id",
            {**fields, "run_id": run_id},
        )


def run_rows(db: sqlite3.Connection, kind: str) -> list[sqlite3.Row]:
    """Runs of one kind, newest first."""
    return db.execute(
        "SELECT * FROM runs WHERE kind = ? ORDER BY id DESC", (kind,)
    ).fetchall()


def run_row(db: sqlite3.Connection, run_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()


def set_active_run(db: sqlite3.Connection, kind: str, run_id: int | None) -> None:
    """Make ``run_id`` the one active run of its kind (None: no active run)."""
    db.execute("UPDATE runs SET active = 0 WHERE kind = ? AND active = 1", (kind,))
    if run_id is not None:
        db.execute(
            "UPDATE runs SET active = 1 WHERE id = ? AND kind = ?", (run_id, kind)
        )


def fail_stale_runs(
    db: sqlite3.Connection, kind: str, message: str, stamp: float
) -> None:
    """Runs still marked running when a new one starts were interrupted."""
    db.execute(
        "UPDATE runs SET status = 'failed', message = ?, finished = ? "
        "WHERE kind = ? AND status = 'running'",
        (message, stamp, kind),
    )


# ---------------------------------------------------------------------------
# Photo search: indexed files, vectors per model, saved indexes
# (used by engine.vision.indexing, engine.vision.search, engine.vision.duplicates)
# ---------------------------------------------------------------------------

_SEARCH_FILE_FIELDS = (
    "path",
    "size_bytes",
    "mtime",
    "content_hash",
    "date_taken",
    "status",
    "reason",
    "reason_args",
)


def search_roots(db: sqlite3.Connection) -> list[str]:
    """Extra folders whose photos are searched, in the order they were added."""
    rows = db.execute("SELECT path FROM search_roots ORDER BY added, path")
    return [row[0] for row in rows]


def add_search_roots(db: sqlite3.Connection, paths: Any, added: float) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO search_roots(path, added) VALUES (?, ?)",
        [(path, added) for path in paths],
    )


def remove_search_roots(db: sqlite3.Connection, paths: Any) -> None:
    db.executemany("DELETE FROM search_roots WHERE path = ?", [(p,) for p in paths])


def library_file_facts(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """(path, size_bytes, mtime, content_hash, date_taken) of library photos."""
    return db.execute(
        "SELECT path, size_bytes, mtime, content_hash, date_taken FROM images "
        "WHERE status != 'missing' ORDER BY id"
    ).fetchall()


def search_files(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every indexed file: (id, path, size_bytes, mtime, content_hash, status)."""
    return db.execute(
        "SELECT id, path, size_bytes, mtime, content_hash, status FROM search_files"
    ).fetchall()


def bump_search_generation(db: sqlite3.Connection) -> None:
    """Mark every model's saved index as behind the database."""
    db.execute("UPDATE search_indexes SET generation = generation + 1")


def ensure_search_model(db: sqlite3.Connection, model: str) -> None:
    db.execute("INSERT OR IGNORE INTO search_indexes(model) VALUES (?)", (model,))


def insert_search_files(db: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Add file rows (path, size_bytes, mtime, content_hash, date_taken)."""
    if not rows:
        return
    names = [n for n in _SEARCH_FILE_FIELDS if n in rows[0]]
    db.executemany(
        f"INSERT INTO search_files({', '.join(names)}) "
        f"VALUES ({', '.join(':' + n for n in names)})",
        rows,
    )
    bump_search_generation(db)


def update_search_file_stats(db: sqlite3.Connection, items: Any) -> None:
    """Store a new (size_bytes, mtime) for files whose content did not change."""
    db.executemany(
        "UPDATE search_files SET size_bytes = ?, mtime = ? WHERE id = ?",
        [(size, mtime, file_id) for file_id, size, mtime in items],
    )


def delete_search_files(db: sqlite3.Connection, ids: Any) -> None:
    db.execute(
        "DELETE FROM search_files WHERE id IN (SELECT value FROM json_each(?))",
        (_json_ids(ids),),
    )
    bump_search_generation(db)


def mark_search_files_damaged(db: sqlite3.Connection, items: Any) -> None:
    """Set (reason template, reason args JSON) on files that cannot be decoded."""
    db.executemany(
        "UPDATE search_files SET status = 'damaged', reason = ?, reason_args = ? "
        "WHERE id = ?",
        [(reason, args, file_id) for file_id, reason, args in items],
    )


def files_to_embed(db: sqlite3.Connection, model: str) -> list[sqlite3.Row]:
    """One usable file per content that has no vector for ``model`` yet:
    (id, path, content_hash), in id order."""
    return db.execute(
        "SELECT min(f.id) AS id, f.path, f.content_hash FROM search_files f "
        "WHERE f.status = 'ok' AND NOT EXISTS (SELECT 1 FROM embeddings e "
        "WHERE e.content_hash = f.content_hash AND e.model = ?) "
        "GROUP BY f.content_hash ORDER BY 1",
        (model,),
    ).fetchall()


def embedded_hashes(db: sqlite3.Connection, model: str) -> set[str]:
    """Content hashes that have a vector for ``model``."""
    rows = db.execute("SELECT content_hash FROM embeddings WHERE model = ?", (model,))
    return {row[0] for row in rows}


def put_embeddings(db: sqlite3.Connection, model: str, items: Any) -> None:
    """Store (content_hash, float32 bytes) vectors of ``model``."""
    db.executemany(
        "INSERT INTO embeddings(content_hash, model, vector) VALUES (?, ?, ?) "
        "ON CONFLICT(content_hash, model) DO UPDATE SET vector = excluded.vector",
        [(content_hash, model, blob) for content_hash, blob in items],
    )
    bump_search_generation(db)


def delete_orphan_embeddings(db: sqlite3.Connection) -> int:
    """Drop vectors no indexed file has any more; returns how many."""
    cursor = db.execute(
        "DELETE FROM embeddings WHERE content_hash NOT IN "
        "(SELECT content_hash FROM search_files)"
    )
    return cursor.rowcount


def embedded_file_ids(db: sqlite3.Connection, model: str) -> list[int]:
    """Ids of usable files that have a vector for ``model``."""
    rows = db.execute(
        "SELECT f.id FROM search_files f JOIN embeddings e "
        "ON e.content_hash = f.content_hash AND e.model = ? "
        "WHERE f.status = 'ok' ORDER BY f.id",
        (model,),
    )
    return [row[0] for row in rows]


def file_vectors(db: sqlite3.Connection, model: str, ids: Any) -> list[sqlite3.Row]:
    """(id, vector) of the given files for ``model`` (files without one are
    left out)."""
    return db.execute(
        "SELECT f.id, e.vector FROM json_each(?) AS j "
        "JOIN search_files f ON f.id = j.value JOIN embeddings e "
        "ON e.content_hash = f.content_hash AND e.model = ? ORDER BY j.key",
        (_json_ids(ids), model),
    ).fetchall()


def search_index_state(db: sqlite3.Connection, model: str) -> sqlite3.Row | None:
    """(generation, manifest, manifest_generation) of a model's saved index."""
    return db.execute(
        "SELECT generation, manifest, manifest_generation FROM search_indexes "
        "WHERE model = ?",
        (model,),
    ).fetchone()


def record_search_index(
    db: sqlite3.Connection, model: str, manifest: str | None, generation: int
) -> None:
    """Remember the manifest of the index saved for ``model`` at ``generation``."""
    ensure_search_model(db, model)
    db.execute(
        "UPDATE search_indexes SET manifest = ?, manifest_generation = ? "
        "WHERE model = ?",
        (manifest, generation, model),
    )


def search_file_rows(db: sqlite3.Connection, ids: Any) -> list[sqlite3.Row]:
    """Indexed files by id, in the order given, with the library photo id
    (``image_id``, or None for a file outside the library)."""
    return db.execute(
        "SELECT f.id, f.path, f.size_bytes, f.mtime, f.content_hash, f.date_taken, "
        "f.status, i.id AS image_id FROM json_each(?) AS j "
        "JOIN search_files f ON f.id = j.value "
        "LEFT JOIN images i ON i.path = f.path ORDER BY j.key",
        (_json_ids(ids),),
    ).fetchall()


def search_file_for_path(db: sqlite3.Connection, path: str) -> sqlite3.Row | None:
    return db.execute(
        "SELECT id, path, content_hash, status FROM search_files WHERE path = ?",
        (path,),
    ).fetchone()


def search_candidates(
    db: sqlite3.Connection,
    model: str,
    *,
    folder: str | None = None,
    taken_from: float | None = None,
    taken_to: float | None = None,
    class_id: int | None = None,
    unlabelled: bool = False,
) -> list[int]:
    """Ids of usable files with a vector for ``model`` that pass the filters.

    The date is the date taken, or the file's modification time without one.
    ``unlabelled`` keeps library photos that have no label and are not skipped.
    """
    where = ["f.status = 'ok'"]
    if folder is not None:
        where.append("substr(f.path, 1, length(:folder)) = :folder")
    if taken_from is not None:
        where.append("coalesce(f.date_taken, f.mtime) >= :taken_from")
    if taken_to is not None:
        where.append("coalesce(f.date_taken, f.mtime) <= :taken_to")
    if class_id is not None:
        where.append("l.class_id = :class_id")
    if unlabelled:
        where.append("i.id IS NOT NULL AND i.skipped = 0 AND l.image_id IS NULL")
    sql = (
        "SELECT f.id FROM search_files f JOIN embeddings e "
        "ON e.content_hash = f.content_hash AND e.model = :model "
        "LEFT JOIN images i ON i.path = f.path "
        "LEFT JOIN labels l ON l.image_id = i.id "
        f"WHERE {' AND '.join(where)} ORDER BY f.id"
    )
    params = {
        "model": model,
        "folder": folder,
        "taken_from": taken_from,
        "taken_to": taken_to,
        "class_id": class_id,
    }
    return [row[0] for row in db.execute(sql, params)]


def search_counts(db: sqlite3.Connection, model: str) -> sqlite3.Row:
    """(files, damaged, embedded) for the status line of the Search pane."""
    return db.execute(
        "SELECT count(*) AS files, coalesce(sum(f.status = 'damaged'), 0) AS damaged,"
        " coalesce(sum(e.content_hash IS NOT NULL AND f.status = 'ok'), 0) "
        "AS embedded FROM search_files f LEFT JOIN embeddings e "
        "ON e.content_hash = f.content_hash AND e.model = ?",
        (model,),
    ).fetchone()


def damaged_search_files(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """(path, reason, reason_args) of files that could not be decoded."""
    return db.execute(
        "SELECT path, reason, reason_args FROM search_files "
        "WHERE status = 'damaged' ORDER BY path"
    ).fetchall()
