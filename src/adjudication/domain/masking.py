"""Masking personal information (个人信息保护法) wherever it leaves the service
for people to read: logs, listings."""

import re

# A word of free text: a UUID (kept whole, its groups are not numbers), or a
# run of letters and digits. Only a word that is all digits (an ID number may
# end in X) is a number: digits inside a hex request id or an incident id are
# part of an identifier, never an ID or account number.
_WORD = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
    r"|[0-9A-Za-z]+"
)
_RESIDENT_ID = re.compile(r"\d{17}[0-9Xx]")
_LONG_NUMBER = re.compile(r"\d{8,}")


def resident_id(number: str) -> str:
    """141029197005170013 -> 1410**********0013."""
    if len(number) != 18:
        return "*" * len(number)
    return number[:4] + "*" * 10 + number[-4:]


def partial(text: str) -> str:
    """Something that may be most of an ID number: its first four characters."""
    return text[:4] + "*" * max(len(text) - 4, 0)


def name(text: str) -> str:
    """张建国 -> 张**."""
    return text[:1] + "*" * (len(text) - 1) if text else text


def text(value: str) -> str:
    """Masks the resident ID numbers of free text (1410**********0013), and
    every other number of 8 or more digits (bank accounts, phone numbers) but
    its last four; a number is a word of its own, so identifiers are kept."""
    return _WORD.sub(lambda m: _masked_word(m[0]), value)


def _masked_word(word: str) -> str:
    if _RESIDENT_ID.fullmatch(word):
        return resident_id(word)
    if _LONG_NUMBER.fullmatch(word):
        return "*" * (len(word) - 4) + word[-4:]
    return word
