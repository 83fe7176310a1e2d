"""Spool files: an uploaded roster, with its residents' ID numbers and names,
written down while it is read. Each process spools in a private folder of its
own (0700) under the spool root, each file readable by its owner only (0600)
and removed when its request ends, however it ends; the folder goes when the
process exits, and what a process that crashed left is removed by the next one
that opens the same root.

A process holds a lock (`flock`) on its folder's lock file while it lives: a
folder whose lock nobody holds is a crashed process's."""

import contextlib
import fcntl
import os
import secrets
import shutil
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path

SPOOL_DIR = "ADJUDICATION_SPOOL_DIR"
LOCK = ".lock"


def spool_root(env: Mapping[str, str], store_file: str | None) -> Path:
    """`ADJUDICATION_SPOOL_DIR`, else `spool/` beside the embedded store's file
    (`store_file`), else for a store in memory (':memory:') the user's folder
    in the system's temporary one, else (PostgreSQL) `var/spool`."""
    if env.get(SPOOL_DIR):
        return Path(env[SPOOL_DIR])
    if store_file == ":memory:" or (store_file or "").startswith("file:"):
        return Path(tempfile.gettempdir()) / f"adjudication-spool-{os.getuid()}"
    if store_file:
        return Path(store_file).parent / "spool"
    return Path("var/spool")


class Spool:
    def __init__(self, root: Path) -> None:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if root.stat().st_uid != os.getuid():
            raise PermissionError(f"the spool folder {root} is another user's")
        os.chmod(root, 0o700)
        self.root = root
        _sweep(root)
        name = secrets.token_hex(8)
        # Locked before it has its name: a sweeper never takes a new lock file
        # for a dead process's.
        fd, locking = tempfile.mkstemp(dir=root, prefix=".new-")
        fcntl.flock(fd, fcntl.LOCK_EX)
        lock = root / f"{name}{LOCK}"
        os.replace(locking, lock)
        self.path = root / name
        self.path.mkdir(mode=0o700)
        self._finalizer = weakref.finalize(self, _remove, self.path, lock, fd)

    @contextlib.contextmanager
    def file(self, suffix: str) -> Iterator[Path]:
        """A new empty file (0600), removed when the block ends."""
        fd, name = tempfile.mkstemp(suffix=suffix, dir=self.path)
        os.close(fd)
        try:
            yield Path(name)
        finally:
            Path(name).unlink(missing_ok=True)

    def close(self) -> None:
        self._finalizer()


def _remove(folder: Path, lock: Path, fd: int) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    lock.unlink(missing_ok=True)
    os.close(fd)


def _sweep(root: Path) -> None:
    """Remove what processes that are gone left: folders whose lock nobody
    holds or that have none (a live process names its lock first and removes
    it last), and lock files nobody holds."""
    for left in root.iterdir():
        if left.name.endswith(LOCK) or left.name.startswith(".new-"):
            _remove_if_free(left, root / left.name.removesuffix(LOCK))
        elif left.is_dir() and not (root / f"{left.name}{LOCK}").exists():
            shutil.rmtree(left, ignore_errors=True)


def _remove_if_free(lock: Path, folder: Path) -> None:
    try:
        held = lock.open("rb")
    except FileNotFoundError:
        return  # its process or another sweeper removed it meanwhile
    with held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        shutil.rmtree(folder, ignore_errors=True)
        lock.unlink(missing_ok=True)
