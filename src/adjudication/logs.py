"""Structured logs, one JSON object per line (or lines for a console), with
personal data masked."""

import logging
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

from adjudication.domain import masking

# Identifiers the service or its callers chose: masking them would only make
# the line useless for finding the call (they used to be rewritten when their
# digits looked like an ID number).
IDENTIFIERS = frozenset(
    {"timestamp", "level", "event", "method", "request_id", "claim", "incident"}
)


def _mask(_: Any, __: str, event: MutableMapping[str, Any]) -> Mapping[str, Any]:
    return {
        k: masking.text(v) if isinstance(v, str) and k not in IDENTIFIERS else v
        for k, v in event.items()
    }


def configure(level: str = "INFO", fmt: str = "json") -> None:
    """`fmt`: one JSON object per line (for collectors, the default), or
    `console`: aligned lines for a person at a terminal."""
    renderer: Any = (
        structlog.dev.ConsoleRenderer(colors=sys.stdout.isatty())
        if fmt == "console"
        else structlog.processors.JSONRenderer(ensure_ascii=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            # before the masking, in both formats: a traceback's text is masked
            structlog.processors.format_exc_info,
            _mask,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelName(level.upper())
        ),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )


def error_fields(error: BaseException) -> dict[str, Any]:
    """An error in a log line: its type and message, the traceback only at
    DEBUG (a background thread's failure, e.g. the store being down, is no
    programming error to show operators a stack for)."""
    fields: dict[str, Any] = {"error": f"{type(error).__name__}: {error}"}
    if structlog.get_logger().is_enabled_for(logging.DEBUG):
        fields["exc_info"] = (type(error), error, error.__traceback__)
    return fields
