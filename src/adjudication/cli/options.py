"""Command-line options made from the settings model's fields: the same
variable, default and description in `--help` as in the model, and the model
(not click) checks the values, so the two cannot drift."""

from collections.abc import Callable
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from adjudication.settings import (
    FIELDS,
    Settings,
    choices,
    default_text,
    env_name,
    extra,
    load,
)

F = TypeVar("F", bound=Callable[..., Any])


def _metavar(field: str) -> str:
    annotation = FIELDS[field].annotation
    kinds: dict[Any, str] = {int: "N", float: "SECONDS"}
    named = extra(field, "metavar") or kinds.get(annotation)
    return str(named or ("PATH" if "Path" in str(annotation) else "TEXT"))


class SettingOption(click.Option):
    """Shows what its default means (the model's words), not click's value."""

    def __init__(self, *args: Any, default_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_text = default_text

    def get_help_extra(self, ctx: click.Context) -> Any:
        shown = super().get_help_extra(ctx)
        if self.default_text:
            shown["default"] = self.default_text
        return shown


def setting_option(field: str) -> Callable[[F], F]:
    """The option of the settings field `field`, read from its variable too;
    the model checks its value (`settings_of`)."""
    info = FIELDS[field]
    flag = extra(field, "option")
    assert flag, f"{field} has no option"
    common: dict[str, Any] = {
        "cls": SettingOption,
        "envvar": env_name(field),
        "show_envvar": True,
        "help": info.description,
    }
    if info.annotation is bool:
        return click.option(flag, field, is_flag=True, default=None, **common)
    common["default_text"] = default_text(field)
    values = choices(field)
    if values:
        return click.option(
            flag, field, type=click.Choice(values, case_sensitive=False), **common
        )
    return click.option(flag, field, metavar=_metavar(field), **common)


def settings_options(*fields: str) -> Callable[[F], F]:
    def decorate(command: F) -> F:
        for field in reversed(fields):
            command = setting_option(field)(command)
        return command

    return decorate


def settings_of(ctx: click.Context, values: dict[str, Any]) -> Settings:
    """The settings with the options given on the command line or by their
    variables (named so in an error) over the rest of the environment."""
    given: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for field, value in values.items():
        if field not in FIELDS:
            continue
        source = ctx.get_parameter_source(field)
        if source is ParameterSource.COMMANDLINE:
            sources[field] = str(extra(field, "option"))
        elif source is not ParameterSource.ENVIRONMENT:
            continue
        given[field] = value
    return load(given, sources)
