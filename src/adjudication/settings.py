"""Every setting of the service in one typed, validated model: its environment
variable, its command-line option (if it has one), its default and what the
default means. The CLI's options are made from these fields
(`adjudication.cli.options`) and the README's configuration reference is
printed from them (`adjudication config reference`), so neither can drift.

The persistence settings are the `eventsourcing` library's own variables
(`PERSISTENCE_MODULE`, `SQLITE_DBNAME`, `POSTGRES_*`): the library reads them
from the environment itself, so the model only checks and documents them.
Secrets are `SecretStr`, printed masked."""

import base64
import binascii
import math
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
)
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict

from adjudication.adapters import keys
from adjudication.adapters.call_deadline import DEFAULT_CEILING_SECONDS
from adjudication.adapters.checkpoints import SIGNING_KEY_FILE
from adjudication.adapters.keys import KEY_BYTES
from adjudication.adapters.spool import SPOOL_DIR
from adjudication.adapters.storage import (
    CLAIMS_LOG,
    DEFAULT_SQLITE_FILE,
    ENROLMENT_LOG,
    POSTGRES_CONNECT_TIMEOUT,
    ServiceApplication,
)
from adjudication.api.read_models import WAIT_CEILING_SECONDS
from adjudication.api.streams import (
    MAX_STREAMS,
    MAX_STREAMS_PER_PRINCIPAL,
    STALL_SECONDS,
)
from adjudication.auth.credentials import DEFAULT_FILE as CREDENTIALS_FILE
from projections.batches import BATCH_EVENTS, BATCH_SECONDS, BATCH_SETTING

# popo: the library's in memory store, nothing is kept after the command
PersistenceModule = Literal[
    "eventsourcing.sqlite", "eventsourcing.postgres", "eventsourcing.popo"
]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["json", "console"]


def check_address(text: str) -> str:
    """HOST:PORT, the host an IPv6 address in brackets if it is one."""
    host, colon, port = text.rpartition(":")
    if not colon or not host.strip("[]") or not port.isdigit() or int(port) > 65535:
        raise ValueError("not an address; give HOST:PORT, e.g. 127.0.0.1:50051")
    return text


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _finite(seconds: float) -> float:
    if not math.isfinite(seconds):
        raise ValueError("give a finite number of seconds")
    return seconds


def _key(secret: SecretStr | None) -> SecretStr | None:
    """A key of AES-256 or HMAC-SHA-256: base64 of 32 bytes."""
    if secret is not None:
        _decoded(secret.get_secret_value())
    return secret


def _keys(secret: SecretStr | None) -> SecretStr | None:
    if secret is not None:
        for key in secret.get_secret_value().split(","):
            if key.strip():
                _decoded(key.strip())
    return secret


def _decoded(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        # never the value: it is a secret
        raise ValueError(
            f"not a key: give base64 of {KEY_BYTES} bytes "
            "(`adjudication key create` prints one)"
        )
    return key


Address = Annotated[str, AfterValidator(check_address)]
Seconds = Annotated[float, AfterValidator(_finite)]
Key = Annotated[SecretStr | None, AfterValidator(_key)]
Keys = Annotated[SecretStr | None, AfterValidator(_keys)]


def setting(
    default: Any,
    env: str,
    description: str,
    *,
    option: str | None = None,
    shown: str | None = None,
    metavar: str | None = None,
    **constraints: Any,
) -> Any:
    """A field read from `env`; `option`: its command-line option (`metavar`
    its value in `--help`); `shown`: what the default means, when its value
    alone does not say."""
    extra: dict[str, Any] = {"option": option, "shown": shown, "metavar": metavar}
    return Field(
        default,
        validation_alias=env,
        description=description,
        json_schema_extra={k: v for k, v in extra.items() if v is not None},
        **constraints,
    )


_DEFAULTS = ServiceApplication.env


class Settings(BaseSettings):
    """The service's settings: an option given beats its environment variable,
    which beats the default."""

    model_config = SettingsConfigDict(
        case_sensitive=True,
        # an empty variable is an unset one (`ADJUDICATION_METRICS_ADDRESS=`: off)
        env_ignore_empty=True,
        extra="ignore",
        validate_by_name=True,
        validate_default=False,
        frozen=True,
    )

    # Serving
    address: Address = setting(
        "127.0.0.1:50051",
        "ADJUDICATION_ADDRESS",
        "HOST:PORT the gRPC server listens on; any address but a loopback one "
        "needs TLS and credentials",
        option="--address",
        metavar="HOST:PORT",
    )
    schemes: Path | None = setting(
        None,
        "ADJUDICATION_SCHEMES",
        "a folder of further scheme-year files (*.toml)",
        option="--schemes",
        metavar="DIR",
        shown="only the bundled scheme years",
    )
    grace: Seconds = setting(
        10.0,
        "ADJUDICATION_GRACE",
        "seconds in-flight calls may take to finish on SIGTERM/SIGINT",
        option="--grace",
        ge=0,
    )
    drain_delay: Seconds = setting(
        0.0,
        "ADJUDICATION_DRAIN_DELAY",
        "seconds NOT_SERVING on SIGTERM before refusing calls, so load "
        "balancers notice",
        option="--drain-delay",
        ge=0,
    )
    max_workers: int = setting(
        16,
        "ADJUDICATION_MAX_WORKERS",
        "the server's threads, one per call at a time",
        option="--max-workers",
        ge=1,
    )
    max_concurrent_rpcs: int = setting(
        64,
        "ADJUDICATION_MAX_CONCURRENT_RPCS",
        "calls at once; more are answered RESOURCE_EXHAUSTED, not queued",
        option="--max-concurrent-rpcs",
        ge=1,
    )
    max_streams: int = setting(
        MAX_STREAMS,
        "ADJUDICATION_MAX_STREAMS",
        "StreamEvents streams open at once, fewer than --max-workers",
        option="--max-streams",
        ge=1,
    )
    max_streams_per_client: int = setting(
        MAX_STREAMS_PER_PRINCIPAL,
        "ADJUDICATION_MAX_STREAMS_PER_CLIENT",
        "streams one principal may have open at once (more: RESOURCE_EXHAUSTED, "
        "reason TOO_MANY_STREAMS)",
        option="--max-streams-per-client",
        ge=1,
    )
    stream_stall: Seconds = setting(
        STALL_SECONDS,
        "ADJUDICATION_STREAM_STALL",
        "seconds a stream's client may read nothing before the stream is cancelled",
        option="--stream-stall",
        gt=0,
    )
    read_wait: Seconds = setting(
        WAIT_CEILING_SECONDS,
        "ADJUDICATION_READ_WAIT",
        "the longest, in seconds, a read with min_position waits for the read "
        "models, whatever the deadline",
        option="--read-wait",
        gt=0,
    )
    max_call_seconds: Seconds = setting(
        DEFAULT_CEILING_SECONDS,
        "ADJUDICATION_MAX_CALL_SECONDS",
        "the deadline, in seconds, of a call that sets none, and the latest of "
        "any call",
        option="--max-call-seconds",
        gt=0,
    )
    log_level: Annotated[LogLevel, BeforeValidator(_upper)] = setting(
        "INFO",
        "ADJUDICATION_LOG_LEVEL",
        "the least severe log lines written",
        option="--log-level",
    )
    log_format: Annotated[LogFormat, BeforeValidator(_lower)] = setting(
        "json",
        "ADJUDICATION_LOG_FORMAT",
        "json: one object per line (for collectors); console: lines for a person "
        "at a terminal (masked alike)",
        option="--log-format",
    )
    credentials: Path | None = setting(
        None,
        "ADJUDICATION_CREDENTIALS",
        "the credentials file (the tokens' hashes, client certificates' subjects)",
        option="--credentials",
        metavar="FILE",
        shown=f"{CREDENTIALS_FILE} if it exists",
    )
    credentials_jsonl: SecretStr | None = setting(
        None,
        "ADJUDICATION_CREDENTIALS_JSONL",
        "credentials given inline: the credentials file's lines",
    )
    tls_cert: Path | None = setting(
        None,
        "ADJUDICATION_TLS_CERT",
        "the server's certificate chain (PEM), with --tls-key",
        option="--tls-cert",
        metavar="FILE",
        shown="no TLS (loopback only)",
    )
    tls_key: Path | None = setting(
        None,
        "ADJUDICATION_TLS_KEY",
        "the server's private key (PEM), with --tls-cert",
        option="--tls-key",
        metavar="FILE",
        shown="no TLS (loopback only)",
    )
    client_ca: Path | None = setting(
        None,
        "ADJUDICATION_CLIENT_CA",
        "require client certificates signed by this authority (PEM)",
        option="--client-ca",
        metavar="FILE",
        shown="no client certificates",
    )
    no_projections: bool = setting(
        False,
        "ADJUDICATION_NO_PROJECTIONS",
        "the server keeps no read models: `adjudication project` workers do",
        option="--no-projections",
    )
    projection_batch: int = setting(
        BATCH_EVENTS,
        BATCH_SETTING,
        "the most events a read model applies in one transaction (it takes what "
        f"is waiting, and at most {BATCH_SECONDS} s of it)",
        ge=1,
    )
    metrics_address: Address | None = setting(
        None,
        "ADJUDICATION_METRICS_ADDRESS",
        "HOST:PORT of the Prometheus metrics endpoint (containers: 0.0.0.0:9464)",
        option="--metrics-address",
        metavar="HOST:PORT",
        shown="off",
    )
    health_address: Address | None = setting(
        None,
        "ADJUDICATION_HEALTH_ADDRESS",
        "HOST:PORT of a plaintext listener serving only grpc.health.v1, for "
        "probes that cannot speak TLS (containers: 0.0.0.0:8081)",
        option="--health-address",
        metavar="HOST:PORT",
        shown="off",
    )
    spool_dir: Path | None = setting(
        None,
        SPOOL_DIR,
        "where uploaded rosters are spooled while they are read",
        shown="spool/ beside the embedded store, else var/spool",
    )
    roster_max_bytes: int = setting(
        64 << 20,
        "ADJUDICATION_ROSTER_MAX_BYTES",
        "the largest roster upload, in bytes (ROSTER_TOO_LARGE)",
        shown="67108864 (64 MiB)",
        gt=0,
    )
    roster_max_rows: int = setting(
        200_000,
        "ADJUDICATION_ROSTER_MAX_ROWS",
        "the most rows of a roster upload (ROSTER_TOO_LARGE)",
        gt=0,
    )

    # Keys
    cipher_key: Key = setting(
        None,
        keys.CIPHER_KEY,
        f"the current AES-256 key of personal data at rest, base64 ({KEY_BYTES} "
        "bytes), with ADJUDICATION_HMAC_KEY",
        shown="the key file",
    )
    cipher_old_keys: Keys = setting(
        None,
        keys.OLD_CIPHER_KEYS,
        "keys replaced by rotation, comma separated: still read, never written",
    )
    hmac_key: Key = setting(
        None,
        keys.HMAC_KEY,
        "the HMAC-SHA-256 key that names each person's aggregates, base64 "
        f"({KEY_BYTES} bytes); never rotated",
        shown="the key file",
    )
    cipher_key_file: Path | None = setting(
        None,
        keys.KEY_FILE,
        "a key file instead of the keys (JSON: cipher_key, old_cipher_keys, "
        "hmac_key), mode 0600 or it is refused",
        shown="var/adjudication.key beside the embedded store (made on first use)",
    )
    signing_key_file: Path | None = setting(
        None,
        SIGNING_KEY_FILE,
        "the Ed25519 key (PKCS#8 PEM) that signs checkpoints of the logs",
        shown="no signed checkpoints",
    )
    service_password: SecretStr | None = setting(
        None,
        "ADJUDICATION_SERVICE_PASSWORD",
        "`db init`: the password it gives the service's role",
        shown="the role has none",
    )

    # Persistence (read by the eventsourcing library itself)
    persistence_module: PersistenceModule = setting(
        "eventsourcing.sqlite",
        "PERSISTENCE_MODULE",
        "the store: embedded SQLite, PostgreSQL, or in memory (nothing is kept "
        "after the command)",
    )
    sqlite_dbname: str = setting(
        DEFAULT_SQLITE_FILE,
        "SQLITE_DBNAME",
        "the claims' log's SQLite file (relative to the working folder)",
    )
    enrolment_sqlite_dbname: str | None = setting(
        None,
        f"{ENROLMENT_LOG.upper()}_SQLITE_DBNAME",
        "the enrolment's log's SQLite file",
        shown="beside SQLITE_DBNAME: var/adjudication.enrolment.sqlite3",
    )
    create_table: bool = setting(
        True,
        f"{CLAIMS_LOG.upper()}_CREATE_TABLE",
        "whether the service creates the claims' event tables (n where "
        "`db init` made them and the service's role may not)",
    )
    enrolment_create_table: bool = setting(
        True,
        f"{ENROLMENT_LOG.upper()}_CREATE_TABLE",
        "whether the service creates the enrolment's event tables",
    )
    postgres_dbname: str | None = setting(
        None,
        "POSTGRES_DBNAME",
        "the PostgreSQL database (needed with eventsourcing.postgres)",
    )
    postgres_host: str | None = setting(
        None,
        "POSTGRES_HOST",
        "the PostgreSQL server's host (needed with eventsourcing.postgres)",
    )
    postgres_port: int = setting(
        5432, "POSTGRES_PORT", "the PostgreSQL server's port", ge=1, le=65535
    )
    postgres_user: str | None = setting(
        None,
        "POSTGRES_USER",
        "the role the service connects as, never the tables' owner (needed with "
        "eventsourcing.postgres)",
    )
    postgres_password: SecretStr | None = setting(
        None, "POSTGRES_PASSWORD", "the role's password", shown="none"
    )
    postgres_schema: str | None = setting(
        None,
        "POSTGRES_SCHEMA",
        "the schema of the event tables",
        shown="public (the search path's)",
    )
    postgres_pool_size: int = setting(
        int(_DEFAULTS["POSTGRES_POOL_SIZE"]),
        "POSTGRES_POOL_SIZE",
        "connections a pool keeps open while idle",
        ge=1,
    )
    postgres_max_overflow: int = setting(
        int(_DEFAULTS["POSTGRES_MAX_OVERFLOW"]),
        "POSTGRES_MAX_OVERFLOW",
        "connections a pool may open beyond its size under load",
        ge=0,
    )
    postgres_connect_timeout: int = setting(
        int(POSTGRES_CONNECT_TIMEOUT),
        "POSTGRES_CONNECT_TIMEOUT",
        "seconds a statement waits for a connection before UNAVAILABLE",
        ge=1,
    )


def missing(settings: Settings) -> list[str]:
    """The variables the configured store needs that are not set."""
    if settings.persistence_module != "eventsourcing.postgres":
        return []
    return [
        env
        for env, value in (
            ("POSTGRES_DBNAME", settings.postgres_dbname),
            ("POSTGRES_HOST", settings.postgres_host),
            ("POSTGRES_USER", settings.postgres_user),
        )
        if not value
    ]


FIELDS: dict[str, FieldInfo] = dict(Settings.model_fields)


# The fields whose values are never printed.
SECRETS = frozenset(
    f for f, info in FIELDS.items() if "SecretStr" in str(info.annotation)
)


def env_name(field: str) -> str:
    alias = FIELDS[field].validation_alias
    assert isinstance(alias, str)
    return alias


def extra(field: str, key: str) -> Any:
    info = FIELDS[field].json_schema_extra
    return info.get(key) if isinstance(info, dict) else None


def choices(field: str) -> tuple[str, ...] | None:
    """The values a Literal field may take, else None."""
    annotation = FIELDS[field].annotation
    if typing.get_origin(annotation) is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return None


def default_text(field: str) -> str:
    """The default as the reference shows it: what it means, or its value."""
    shown = extra(field, "shown")
    if shown is not None:
        return str(shown)
    default = FIELDS[field].default
    if isinstance(default, bool):
        return "y" if default else "n"
    if isinstance(default, float) and default.is_integer():
        return str(int(default))
    return "" if default is None else str(default)


class SettingError(ValueError):
    """A setting that is not valid, said in one line naming where it was set."""


def one_line(error: ValidationError, sources: dict[str, str] | None = None) -> str:
    """The first error of a validation, naming its variable (or the option,
    when `sources` says it was given as one) and the value; never a secret's
    value."""
    first = error.errors(include_url=False)[0]
    where = first["loc"][0] if first["loc"] else ""
    message = first["msg"].removeprefix("Value error, ")
    if not where:
        return message
    field = next((f for f in FIELDS if env_name(f) == where or f == where), None)
    if field is None:
        return f"{where}: {message}"
    name = (sources or {}).get(field) or env_name(field)
    if field in SECRETS:
        return f"{name}: {message}"
    separator = " " if name.startswith("--") else "="
    return f"{name}{separator}{first['input']!r}: {message}"


def load(
    given: dict[str, Any] | None = None, sources: dict[str, str] | None = None
) -> Settings:
    """The settings of the environment, `given` (by field name) over them;
    SettingError in one line for a bad one."""
    try:
        return Settings(**(given or {}))
    except ValidationError as error:
        raise SettingError(one_line(error, sources)) from None
