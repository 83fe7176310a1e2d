"""`--scheme ID`: its help lists the scheme years known when it is shown (the
bundled ones and those of ADJUDICATION_SCHEMES), which a fixed list of
choices could not."""

import os
from typing import Any

import click

from adjudication.schemes import SchemeFileError, load_catalogue_with


def known_schemes() -> list[str]:
    try:
        catalogue = load_catalogue_with(os.environ.get("ADJUDICATION_SCHEMES"))
    except (SchemeFileError, OSError):
        return []
    return [year.id for year in catalogue]


class SchemeOption(click.Option):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("metavar", "ID")
        kwargs.setdefault("help", "the scheme year")
        super().__init__(*args, **kwargs)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        known = known_schemes()
        default = f" [default: the latest, {known[-1]}]" if known else ""
        return record[0], f"{record[1]}: one of {', '.join(known)}{default}"
