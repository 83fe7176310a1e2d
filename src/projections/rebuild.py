"""Rebuilding a read model from zero (`adjudication rebuild`): the log replayed
into fresh tables beside the live ones, then swapped in at once, while the
servers and workers run."""

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import structlog

from adjudication.adapters.notary import Verification, notarised_and_verified
from projections.batches import ViewsRunner, readers_of
from projections.log import ClaimsLog
from projections.registry import is_sqlite, projection_env
from projections.views import PostgresView, SQLiteView, current_generation, pointer_of

log = structlog.get_logger("projections.rebuild")


class BrokenChain(Exception):
    """The log no longer matches the notary's chain: a rebuild would write the
    tampered history into the read model."""

    def __init__(self, verification: Verification) -> None:
        assert verification.broken is not None
        self.verification = verification
        broken = verification.broken
        super().__init__(
            f"the claims log's digest chain is broken at position "
            f"{broken.position} ({broken.reason}: {broken.description})"
        )


def check_chain(settings: Mapping[str, str], over_broken_chain: bool) -> None:
    """Notarise the log up to its end and verify the chain: BrokenChain when it
    is broken, unless told to rebuild over it (then logged as an error)."""
    app = ClaimsLog(env={**settings, "CREATE_TABLE": "n"})
    try:
        verification = notarised_and_verified(app)
    finally:
        app.close()
    if verification.broken is None:
        return
    if not over_broken_chain:
        raise BrokenChain(verification)
    log.error(
        "rebuilding_over_broken_chain",
        position=verification.broken.position,
        reason=verification.broken.reason,
    )


@dataclass
class Rebuilt:
    """A view replayed from zero into fresh tables, not yet swapped in."""

    name: str
    view: SQLiteView | PostgresView
    digest: str
    live_file: str | None  # on SQLite, the generation readers use now


def build(
    name: str,
    env: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
    over_broken_chain: bool = False,
) -> Rebuilt:
    """Replay the view from zero into fresh tables, beside the live ones; not
    over a broken chain unless told to (see `check_chain`)."""
    return build_all([name], env, progress, over_broken_chain)[0]


def build_all(
    names: Sequence[str],
    env: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
    over_broken_chain: bool = False,
) -> list[Rebuilt]:
    """Replay the views from zero into fresh tables, beside the live ones, in
    one pass over the log (`ViewsRunner`), after one check of the chain."""
    settings = projection_env(env)
    check_chain(settings, over_broken_chain)
    fresh = dict(settings)
    building = {name: f"{name}_rebuild" for name in names}
    live_files: dict[str, str | None] = dict.fromkeys(names)
    if is_sqlite(settings):
        for name in names:
            live = current_generation(settings[f"{name.upper()}_SQLITE_DBNAME"])
            pointer = pointer_of(live)
            new = pointer.with_name(f"{pointer.stem}.g{time.time_ns()}.sqlite3")
            fresh[f"{building[name].upper()}_SQLITE_DBNAME"] = str(new)
            live_files[name] = live
    runner = ViewsRunner(names, fresh, building)
    with runner:
        total = runner.app.recorder.max_notification_id() or 0
        done = 0
        while done < total:
            runner.wait(min(done + 1000, total), timeout=600)
            done = min(done + 1000, total)
            progress(done, total)
        views = runner.view.views
        digests = {name: views[name].content_hash() for name in names}
    for reader in readers_of(runner):
        reader.close()
    return [
        Rebuilt(name, views[name], digests[name], live_files[name]) for name in names
    ]


def swap_in(rebuilt: Rebuilt) -> None:
    """Make the rebuilt tables the view's, at once. Readers move to them at
    their next statement; a worker that had gone further than the rebuild
    starts again from the rebuilt position (see `runner.Workers`)."""
    view = rebuilt.view
    if isinstance(view, SQLiteView) and rebuilt.live_file is not None:
        building = view.datastore.pool.db_name
        view.datastore.close()
        _point_to(pointer_of(building), Path(building), Path(rebuilt.live_file))
    elif isinstance(view, PostgresView):
        _swap_postgres_tables(view, rebuilt.name)
        view.datastore.close()


def rebuild(
    name: str,
    env: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
    over_broken_chain: bool = False,
) -> str:
    """Replay the view from zero into fresh tables, then swap them in at once.
    Readers see the old tables until the swap. Returns the new content hash."""
    return rebuild_all([name], env, progress, over_broken_chain)[name]


def rebuild_all(
    names: Sequence[str],
    env: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
    over_broken_chain: bool = False,
) -> dict[str, str]:
    """`rebuild` of several views in one pass; their new content hashes."""
    rebuilt = build_all(names, env, progress, over_broken_chain)
    for each in rebuilt:
        swap_in(each)
    return {each.name: each.digest for each in rebuilt}


def _point_to(pointer: Path, building: Path, previous: Path) -> None:
    """Make `building` the current generation, atomically; remove generations
    older than the previous one (which readers may still have open)."""
    written = pointer.with_suffix(".current-new")
    written.write_text(building.name + "\n", encoding="utf-8")
    os.replace(written, pointer)
    keep = {building.name, previous.name}
    for old in pointer.parent.glob(f"{pointer.stem}.*sqlite3*"):
        if not any(old.name.startswith(name) for name in keep):
            old.unlink(missing_ok=True)


def _swap_postgres_tables(view: PostgresView, name: str) -> None:
    """Rename the rebuilt tables over the live ones in one transaction."""
    schema = view.datastore.schema or "public"
    tables = [*view.TABLES, "tracking"]
    with view.datastore.transaction(commit=True) as curs:
        for table in tables:
            live, built = f"{name}_{table}", f"{name}_rebuild_{table}"
            curs.execute(f'DROP TABLE IF EXISTS "{schema}"."{live}"')
            curs.execute(f'ALTER TABLE "{schema}"."{built}" RENAME TO "{live}"')
            # the primary key's index keeps its name: free it for the next rebuild
            curs.execute(
                f'ALTER INDEX "{schema}"."{built}_pkey" RENAME TO "{live}_pkey"'
            )
