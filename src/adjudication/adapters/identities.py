"""The ids of the aggregates kept per person (the insured of a scheme year,
their benefit ledger, accident and invoice registers): a keyed HMAC of the ID
number, so that an id in the log does not give the ID number away (an ID
number has too few possible values to stay hidden behind a bare hash).

The key is the read models' HMAC key (`keys.HMAC_KEY`), which is never
rotated. A store written before ids were keyed holds its people under the
unkeyed ids of then: they are still found there, and only new people get
keyed ids (the log is append-only: an aggregate cannot be renamed).
"""

import base64
import hashlib
import hmac
from collections.abc import Mapping
from uuid import NAMESPACE_URL, UUID, uuid5

from adjudication.adapters.keys import HMAC_KEY

# The unkeyed ids' namespaces, as stores written before keyed ids hold them.
_UNKEYED = {
    kind: uuid5(NAMESPACE_URL, f"urn:adjudication:{kind}")
    for kind in ("insured", "coverage", "accident-register", "invoice-register")
}


class PersonIds:
    def __init__(self, settings: Mapping[str, str]) -> None:
        self._key = base64.b64decode(settings[HMAC_KEY])

    def insured(self, scheme_id: str, id_number: str) -> tuple[UUID, UUID]:
        return self._ids("insured", f"{scheme_id}/{id_number}")

    def coverage(self, scheme_id: str, id_number: str) -> tuple[UUID, UUID]:
        return self._ids("coverage", f"{scheme_id}/{id_number}")

    def accident_register(self, id_number: str) -> tuple[UUID, UUID]:
        return self._ids("accident-register", id_number)

    def invoice_register(self, id_number: str) -> tuple[UUID, UUID]:
        return self._ids("invoice-register", id_number)

    def _ids(self, kind: str, name: str) -> tuple[UUID, UUID]:
        """The keyed id a new aggregate gets, then the unkeyed id an older
        store may hold it under."""
        digest = hmac.new(self._key, f"{kind}/{name}".encode(), hashlib.sha256)
        return UUID(bytes=digest.digest()[:16]), uuid5(_UNKEYED[kind], name)
