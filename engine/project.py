"""A Pictor project: a ``NAME.pictor/`` folder holding its database and caches.

Photos stay where the user keeps them; the project stores references and
what it learned. One process holds a project at a time, enforced by an OS
file lock that the system releases when a process dies, so a lock left by a
crash is taken over safely.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

from engine import __version__
from engine.i18n import QT_TRANSLATE_NOOP, UserError
from engine.store import DatabaseReadOnly, Store

log = logging.getLogger(__name__)

SUFFIX = ".pictor"
DB_NAME = "project.db"
LOCK_NAME = ".lock"
SUBFOLDERS = ("thumbs", "index", "runs")


class ProjectError(UserError):
    template = QT_TRANSLATE_NOOP("engine", "The project cannot be opened.")


class NotAProject(ProjectError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "“{path}” is not a Pictor project. Choose a folder whose name ends "
        "in .pictor, or create a new project.",
    )


class ProjectExists(ProjectError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "“{path}” already exists. Choose another name or open the existing project.",
    )


class ProjectLocked(ProjectError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "The project “{name}” is already open in another Pictor window "
        "(process {pid} on {host}). Close it there first.",
    )


class ProjectReadOnly(ProjectError):
    template = QT_TRANSLATE_NOOP(
        "engine",
        "Pictor cannot write to the project folder “{path}”. Check that it "
        "is not read-only and that you have permission to change it.",
    )


def project_path(path: str | os.PathLike[str]) -> Path:
    """Normalise a user-given path to the project folder (adds ``.pictor``)."""
    p = Path(path).expanduser()
    if p.name == DB_NAME:
        p = p.parent
    if p.suffix != SUFFIX:
        p = p.with_name(p.name + SUFFIX)
    return p.absolute()


def is_project(path: str | os.PathLike[str]) -> bool:
    p = Path(path)
    return p.is_dir() and (p / DB_NAME).is_file()


class Project:
    """An open project. Use :meth:`create` or :meth:`open`, then :meth:`close`."""

    def __init__(self, path: Path, store: Store, lock: _ProjectLock) -> None:
        self.path = path
        self.store = store
        self._lock = lock

    # lifecycle

    @classmethod
    def create(
        cls, path: str | os.PathLike[str], *, name: str | None = None
    ) -> Project:
        """Create ``path`` (``.pictor`` is added if missing) and open it.

        Raises:
            ProjectExists: the folder exists and is not empty.
            ProjectReadOnly: the parent folder cannot be written.
        """
        folder = project_path(path)
        if folder.exists() and any(folder.iterdir()):
            raise ProjectExists(path=str(folder))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for sub in SUBFOLDERS:
                (folder / sub).mkdir(exist_ok=True)
        except PermissionError as exc:
            raise ProjectReadOnly(path=str(folder.parent)) from exc
        project = cls._open_folder(folder)
        project.store.set_meta(
            {
                "name": name or folder.stem,
                "created": str(time.time()),
                "created_by": __version__,
            }
        )
        log.info("created project %s", folder)
        return project

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Project:
        """Open an existing project.

        Raises:
            NotAProject: no project database at ``path``.
            ProjectLocked: another process holds it.
            ProjectReadOnly: the folder cannot be written.
            SchemaTooNew, DatabaseDamaged: the database cannot be used.
        """
        folder = Path(path).expanduser().absolute()
        if folder.name == DB_NAME:
            folder = folder.parent
        if not is_project(folder):
            alt = project_path(folder)
            if not is_project(alt):
                raise NotAProject(path=str(path))
            folder = alt
        project = cls._open_folder(folder)
        for sub in SUBFOLDERS:
            (folder / sub).mkdir(exist_ok=True)
        log.info("opened project %s", folder)
        return project

    @classmethod
    def _open_folder(cls, folder: Path) -> Project:
        lock = _ProjectLock(folder)
        lock.acquire()
        store = Store(folder / DB_NAME)
        try:
            store.open()
        except DatabaseReadOnly as exc:
            store.close()
            lock.release()
            raise ProjectReadOnly(path=str(folder)) from exc
        except BaseException:
            store.close()
            lock.release()
            raise
        return cls(folder, store, lock)

    def close(self) -> None:
        self.store.close()
        self._lock.release()
        log.info("closed project %s", self.path)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # places

    @property
    def name(self) -> str:
        return self.store.get_meta("name") or self.path.stem

    @property
    def thumbs_dir(self) -> Path:
        return self.path / "thumbs"

    @property
    def index_dir(self) -> Path:
        return self.path / "index"

    @property
    def runs_dir(self) -> Path:
        return self.path / "runs"


class _ProjectLock:
    """An exclusive OS lock on ``.lock`` in the project folder.

    The file records who holds it, for the message a second process shows.
    The OS drops the lock when the holder dies, so a stale file is harmless.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError as exc:
            raise ProjectReadOnly(path=str(self.folder)) from exc
        except OSError as exc:
            if exc.errno == 30:  # EROFS
                raise ProjectReadOnly(path=str(self.folder)) from exc
            raise
        if not _try_lock(fd):
            holder = _read_holder(fd)
            os.close(fd)
            raise ProjectLocked(
                name=self.folder.stem,
                pid=holder.get("pid", "?"),
                host=holder.get("host", "?"),
            )
        previous = _read_holder(fd)
        if previous.get("pid"):
            log.warning(
                "taking over the lock of %s left by process %s on %s",
                self.folder,
                previous.get("pid"),
                previous.get("host"),
            )
        self._fd = fd
        self._write_holder()

    def _write_holder(self) -> None:
        assert self._fd is not None
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": time.time(),
            "version": __version__,
        }
        data = json.dumps(record).encode()
        try:
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, data)
        except OSError:
            log.debug("could not record the lock holder", exc_info=True)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        _unlock(fd)
        os.close(fd)


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
        return json.loads(raw.decode()) if raw else {}
    except (OSError, ValueError):
        return {}


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
