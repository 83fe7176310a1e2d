"""Opaque page tokens (AIP-158): where the last page ended, bound to the
listing's filters so a token cannot be replayed against other filters."""

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import TypeVar

from google.protobuf.message import Message

from adjudication.api.limits import MAX_COUNT as MAX_POSITION
from adjudication.domain.errors import Violations

T = TypeVar("T")
M = TypeVar("M", bound=Message)

# A page's messages together stay this far below gRPC's 4 MB message limit: a
# listing of large claims ends its page early, with a token, rather than fail.
PAGE_BYTES = 1 << 20


def filter_digest(criteria: object) -> str:
    return hashlib.sha256(repr(criteria).encode()).hexdigest()[:16]


def make_token(after: int, criteria: object) -> str:
    raw = json.dumps({"after": after, "filter": filter_digest(criteria)}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def page_size(requested: int, problems: Violations, default: int, maximum: int) -> int:
    """The page size to use: the default when none is asked, never more than
    the listing's maximum; a negative one is a bad field."""
    if requested < 0:
        problems.add("page_size", "must not be negative")
    return min(requested or default, maximum)


def page_of(
    rows: Sequence[T], size: int, position: Callable[[T], int], criteria: object
) -> tuple[Sequence[T], str]:
    """A page of at most `size` of `rows` (fetched with one more, to know if
    there is a next page) and the next page's token, empty on the last page."""
    page = rows[:size]
    more = len(rows) > size and page
    return page, make_token(position(page[-1]), criteria) if more else ""


def page_in_bytes(
    rows: Sequence[T],
    size: int,
    position: Callable[[T], int],
    criteria: object,
    message: Callable[[T], M],
) -> tuple[list[M], str]:
    """As `page_of`, the rows as messages; the page ends before the message
    that would take it past PAGE_BYTES (never before its first)."""
    page, token = page_of(rows, size, position, criteria)
    messages: list[M] = []
    used = 0
    for row in page:
        item = message(row)
        used += item.ByteSize()
        if messages and used > PAGE_BYTES:
            return messages, make_token(position(page[len(messages) - 1]), criteria)
        messages.append(item)
    return messages, token


def read_token(token: str, criteria: object) -> int:
    """The position after which the page starts; -1 for the first page."""
    if not token:
        return -1
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        after, digest = data["after"], str(data["filter"])
    except (ValueError, KeyError, TypeError):
        after, digest = -1, ""
    # Only a position a page could have ended at: not 1e999, not 2**70.
    if not isinstance(after, int) or not 0 <= after <= MAX_POSITION:
        after, digest = -1, ""
    if digest != filter_digest(criteria):
        problems = Violations()
        problems.add(
            "page_token", "not a token of this listing (the filters must not change)"
        )
        problems.raise_if_any()
    return after
