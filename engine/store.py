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


# Ordered: index i upgrades a database from version i to i + 1. Append only;
# never edit a migration that has shipped.
MIGRATIONS: list[Migration] = [
    _migration_1_base,
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
