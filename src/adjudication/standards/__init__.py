"""Reference tables of the industry standards the rules cite."""

import csv
from importlib import resources

from adjudication.domain.disability import DisabilityItem, DisabilityStandard

DISABILITY_ITEMS = "jr-t-0083-2013.csv"


def load_disability_standard() -> DisabilityStandard:
    text = resources.files(__name__).joinpath(DISABILITY_ITEMS).read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return DisabilityStandard(
        DisabilityItem(
            item_id=row["item_id"],
            clause=row["clause"],
            grade=int(row["grade"]),
            description=row["description"],
        )
        for row in rows
    )
