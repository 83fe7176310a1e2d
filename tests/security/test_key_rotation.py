"""Rotating the key of personal data at rest (issue 10, item 4): nothing is
re-encrypted (the log is append-only); what the old key wrote is read with it,
what is written after is written with the new one."""

import base64
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.cipher import AESCipher as PycryptodomeAESCipher
from eventsourcing.utils import Environment

from adjudication.adapters import keys
from adjudication.claims.application import ClaimsApplication
from adjudication.cli import main
from adjudication.enrolment.in_memory_roster import InMemoryRoster
from tests.builders import Clock, Journeys
from tests.stores import postgres_database, store_env

__all__ = ["postgres_database", "store_env"]


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys.json"
    assert main(["key", "create", "--file", str(path)]) == 0
    return path


@pytest.fixture
def open_app(
    store_env: dict[str, str], roster: InMemoryRoster, clock: Clock
) -> Iterator[Callable[..., ClaimsApplication]]:
    apps: list[ClaimsApplication] = []

    def opened(**settings: str) -> ClaimsApplication:
        env = {
            k: v
            for k, v in store_env.items()
            if k not in (keys.CIPHER_KEY, keys.HMAC_KEY)
        }
        apps.append(ClaimsApplication(roster, clock=clock, env={**env, **settings}))
        return apps[-1]

    yield opened
    for app in apps:
        app.close()


def reported(app: ClaimsApplication, clock: Clock, insured: str, on: date) -> UUID:
    return Journeys(app, clock).report(insured, ["MEDICAL"], on).claim.id


def test_what_the_old_key_wrote_is_read_after_a_rotation_and_new_events_use_the_new_key(
    open_app: Callable[..., ClaimsApplication],
    key_file: Path,
    clock: Clock,
    insured: str,
) -> None:
    before = open_app(**{keys.KEY_FILE: str(key_file)})
    first = reported(before, clock, insured, date(2024, 11, 3))
    old = keys.read_key_file(key_file)

    assert main(["key", "rotate", "--file", str(key_file)]) == 0
    rotated = keys.read_key_file(key_file)
    assert rotated.old_cipher_keys == (old.cipher_key,)
    assert rotated.hmac_key == old.hmac_key
    assert key_file.stat().st_mode & 0o777 == 0o600

    after = open_app(**{keys.KEY_FILE: str(key_file)})
    assert after.get_claim(first).insured_id_number == insured
    second = reported(after, clock, insured, date(2024, 12, 1))

    def knowing_only(key: str) -> ClaimsApplication:
        return open_app(**{keys.CIPHER_KEY: key, keys.HMAC_KEY: old.hmac_key})

    with pytest.raises(ValueError, match="key not configured"):
        knowing_only(rotated.cipher_key).get_claim(first)
    with pytest.raises(ValueError, match="key not configured"):
        knowing_only(old.cipher_key).get_claim(second)


def test_a_read_models_sealed_row_is_opened_after_a_rotation(key_file: Path) -> None:
    old = keys.read_key_file(key_file)
    sealed = keys.Sealer(old.library_env()).seal('{"insured_name": "张建国"}')
    assert "张建国" not in sealed
    rotated = keys.Sealer(old.rotated().library_env())
    assert rotated.unseal(sealed) == '{"insured_name": "张建国"}'
    assert rotated.lookup_key("141029197005170014") == keys.Sealer(
        old.library_env()
    ).lookup_key("141029197005170014")


def test_key_create_prints_a_new_aes_256_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["key", "create"]) == 0
    printed = capsys.readouterr().out.strip()
    assert len(base64.b64decode(printed)) == 32


def test_many_threads_open_what_old_and_new_keys_wrote_at_once(key_file: Path) -> None:
    old = keys.read_key_file(key_file)
    before = keys.KeyRingCipher(Environment(env=old.library_env()))
    ring = keys.KeyRingCipher(Environment(env=old.rotated().library_env()))
    sealed = [before.encrypt(b"old"), ring.encrypt(b"new")] * 500
    with ThreadPoolExecutor(8) as pool:
        opened = list(pool.map(ring.decrypt, sealed))
    assert opened == [b"old", b"new"] * 500


def test_what_the_librarys_pycryptodome_cipher_sealed_is_read_and_reads_back() -> None:
    # Stores written before the cipher moved to the `cryptography` package
    # hold payloads sealed by the library's pycryptodome AES-GCM cipher: the
    # same layout (nonce, tag, ciphertext), read and written alike.
    old, current = keys.new_key(), keys.new_key()
    written_before = PycryptodomeAESCipher(Environment(env={"CIPHER_KEY": old}))
    ring = keys.KeyRingCipher(
        Environment(env={"CIPHER_KEY": current, "CIPHER_OLD_KEYS": old})
    )
    reader_of_now = PycryptodomeAESCipher(Environment(env={"CIPHER_KEY": current}))

    assert ring.decrypt(written_before.encrypt(b"141029 ...")) == b"141029 ..."
    assert reader_of_now.decrypt(ring.encrypt(b"hello")) == b"hello"
    with pytest.raises(ValueError, match="damaged or under a key not configured"):
        ring.decrypt(
            PycryptodomeAESCipher(
                Environment(env={"CIPHER_KEY": keys.new_key()})
            ).encrypt(b"x")
        )
