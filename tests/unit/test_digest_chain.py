"""The notary's digest chain as the README gives it, so that an auditor can
recompute it with any SHA-256; and signed checkpoints of it."""

import hashlib
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification

from adjudication.adapters import checkpoints
from adjudication.adapters.notary import (
    EVENT_NOT_NOTARISED,
    GENESIS,
    LINK_ALTERED,
    Link,
    LogTampered,
    MemoryLinkStore,
    chain,
)
from adjudication.claims.application import ClaimsApplication
from adjudication.domain.facts import Invoice
from tests.builders import Journeys


def test_a_link_is_sha256_of_the_previous_link_and_the_events_stored_fields() -> None:
    event = Notification(
        id=14,
        originator_id=UUID("588cfe09-6d1b-5820-a6ed-4efd8fddc518"),
        originator_version=4,
        topic="adjudication.domain.claim:Claim.PaymentRecorded",
        state=b'{"payment":{"amount_fen":78000}}',
    )
    topic, state = event.topic.encode(), event.state
    by_hand = hashlib.sha256(
        bytes(32)  # before the first event
        + (14).to_bytes(8, "big")
        + bytes.fromhex("588cfe096d1b5820a6ed4efd8fddc518")
        + (4).to_bytes(8, "big")
        + len(topic).to_bytes(4, "big")
        + topic
        + len(state).to_bytes(8, "big")
        + state
    ).digest()
    assert chain(GENESIS, event) == by_hand
    # each field counts, and so does the link before
    assert chain(by_hand, event) != by_hand
    moved = Notification(
        id=15,
        originator_id=event.originator_id,
        originator_version=4,
        topic=event.topic,
        state=event.state,
    )
    assert chain(GENESIS, moved) != by_hand


def test_a_checkpoint_verifies_only_as_signed_and_only_with_its_key(
    tmp_path: Path,
) -> None:
    key = checkpoints.new_private_key(tmp_path / "key.pem")
    signed = checkpoints.sign(key, "Adjudication", 15, bytes(range(32)))
    kept = checkpoints.Checkpoint.from_json(signed.to_json())
    kept.check_signature(key.public_key())
    assert checkpoints.load_private_key(tmp_path / "key.pem").public_key() == (
        checkpoints.load_public_key(kept.public_key)
    )
    moved = checkpoints.Checkpoint(**{**vars(kept), "position": 16})
    with pytest.raises(checkpoints.InvalidCheckpoint):
        moved.check_signature(key.public_key())
    other = checkpoints.new_private_key(tmp_path / "other.pem")
    with pytest.raises(checkpoints.InvalidCheckpoint):
        kept.check_signature(other.public_key())
    with pytest.raises(FileExistsError):  # a key is never overwritten
        checkpoints.new_private_key(tmp_path / "key.pem")
    with pytest.raises(checkpoints.InvalidCheckpoint):
        checkpoints.Checkpoint.from_json('{"position": 1}')


def test_on_the_in_memory_store_links_changed_or_missing_are_named(
    app: ClaimsApplication, journeys: Journeys, insured: str
) -> None:
    claim = journeys.assessed(
        insured,
        ["MEDICAL"],
        date(2024, 11, 3),
        invoices=(Invoice("F-1", date(2024, 11, 3), 30000),),
    ).claim
    app.notary.notarise()
    store = app.notary.store
    assert isinstance(store, MemoryLinkStore)
    links = store._links
    third = links[2]
    links[2] = Link(
        third.position, third.originator_id, third.version, bytes(32), third.digest
    )
    broken = app.notary.verify().broken
    assert broken is not None and (broken.position, broken.reason) == (
        third.position,
        LINK_ALTERED,
    )
    links[2] = third
    assert app.notary.verify().intact

    # an event no link covers, below the head: as if inserted there
    missing = next(i for i, link in enumerate(links) if link.originator_id == claim.id)
    removed = links.pop(missing)
    broken = app.notary.verify().broken
    assert broken is not None and (broken.position, broken.reason) == (
        removed.position,
        EVENT_NOT_NOTARISED,
    )
    with pytest.raises(LogTampered) as caught:
        app.notary.check(claim.id)
    assert caught.value.positions == (removed.position,)
