"""The codes of the built-in benefits, as the scheme file, the events and the API
spell them (the proto's `BENEFIT_<code>`). A benefit's code is a plain string:
one registered elsewhere (a pilot's, a test's) needs no member here."""

from enum import StrEnum


class Benefit(StrEnum):
    DEATH = "DEATH"
    DISABILITY = "DISABILITY"
    BURN = "BURN"
    TOP_UP = "TOP_UP"
    MEDICAL = "MEDICAL"
    HOSPITAL_ALLOWANCE = "HOSPITAL_ALLOWANCE"
