"""Masking personal information (个人信息保护法) wherever it leaves the service
for people to read: logs, listings."""

import re

_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_LONG_NUMBER = re.compile(r"(?<![0-9*])\d{4,}(\d{4})(?![0-9])")


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
    """Masks resident ID numbers, then any run of 8 or more digits (bank
    accounts, phone numbers) but its last four."""
    value = _RESIDENT_ID.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), value)
    return _LONG_NUMBER.sub(lambda m: "*" * (len(m.group(0)) - 4) + m.group(1), value)
