"""The benefits, one module each: its rule (the scheme year's numbers for it), how
the scheme file gives that rule, its calculator and its `BenefitSpec`, which the
module registers in `BENEFITS`. Importing this package registers the built-in
benefits, whoever imports it first.

A new benefit needing no new fact is a module here, its import below, its table
(and documents) in the scheme files, and its value in the proto.
"""

from adjudication.domain.benefits import (  # noqa: F401 (they register themselves)
    allowance,
    burn,
    death,
    disability,
    medical,
)
from adjudication.domain.benefits.codes import Benefit
from adjudication.domain.benefits.lines import (
    BenefitLine,
    Case,
    FullPayout,
    Usage,
    by_ratio,
)
from adjudication.domain.benefits.registry import (
    BENEFITS,
    BenefitRegistry,
    BenefitSpec,
    OfferedBenefit,
    RuleTable,
)

__all__ = [
    "BENEFITS",
    "Benefit",
    "BenefitLine",
    "BenefitRegistry",
    "BenefitSpec",
    "Case",
    "FullPayout",
    "OfferedBenefit",
    "RuleTable",
    "Usage",
    "by_ratio",
]
