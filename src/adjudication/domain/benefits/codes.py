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


# As the policy names them (条款), for the clerks' files.
CHINESE_NAMES: dict[str, str] = {
    Benefit.DEATH: "意外身故",
    Benefit.DISABILITY: "意外残疾",
    Benefit.BURN: "意外烧伤",
    Benefit.TOP_UP: "追加意外身故",
    Benefit.MEDICAL: "意外医疗",
    Benefit.HOSPITAL_ALLOWANCE: "意外住院津贴",
}


def chinese_name(code: str) -> str:
    """The benefit's name in the policy, or its code for one not built in."""
    return CHINESE_NAMES.get(code, code)
