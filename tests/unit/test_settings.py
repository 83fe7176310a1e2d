"""The settings model: each rule refuses a bad value in one line naming where it
was set, an option beats its variable, which beats the default, and secrets
are never printed."""

from pathlib import Path

import pytest

from adjudication.adapters import keys
from adjudication.cli import main
from adjudication.settings import FIELDS, SettingError, Settings, env_name, load

# variable: (a value refused, what the line says)
REFUSED: dict[str, tuple[str, str]] = {
    "ADJUDICATION_ADDRESS": ("nonsense", "give HOST:PORT"),
    "ADJUDICATION_METRICS_ADDRESS": ("127.0.0.1:99999", "give HOST:PORT"),
    "ADJUDICATION_HEALTH_ADDRESS": ("8081", "give HOST:PORT"),
    "ADJUDICATION_GRACE": ("-1", "greater than or equal to 0"),
    "ADJUDICATION_DRAIN_DELAY": ("soon", "valid number"),
    "ADJUDICATION_MAX_WORKERS": ("0", "greater than or equal to 1"),
    "ADJUDICATION_MAX_CONCURRENT_RPCS": ("many", "valid integer"),
    "ADJUDICATION_MAX_STREAMS": ("0", "greater than or equal to 1"),
    "ADJUDICATION_MAX_STREAMS_PER_CLIENT": ("0", "greater than or equal to 1"),
    "ADJUDICATION_STREAM_STALL": ("0", "greater than 0"),
    "ADJUDICATION_READ_WAIT": ("0", "greater than 0"),
    "ADJUDICATION_MAX_CALL_SECONDS": ("inf", "finite"),
    "ADJUDICATION_LOG_LEVEL": ("LOUD", "'INFO'"),
    "ADJUDICATION_LOG_FORMAT": ("xml", "'console'"),
    "ADJUDICATION_NO_PROJECTIONS": ("perhaps", "valid boolean"),
    "ADJUDICATION_PROJECTION_BATCH": ("0", "greater than or equal to 1"),
    "ADJUDICATION_ROSTER_MAX_BYTES": ("-5", "greater than 0"),
    "ADJUDICATION_ROSTER_MAX_ROWS": ("1e3", "valid integer"),
    "ADJUDICATION_CIPHER_KEY": ("c2hvcnQ=", "base64 of 32 bytes"),
    "ADJUDICATION_CIPHER_OLD_KEYS": ("not base64!", "base64 of 32 bytes"),
    "ADJUDICATION_HMAC_KEY": ("", "base64 of 32 bytes"),
    "PERSISTENCE_MODULE": ("eventsourcing.nosql", "'eventsourcing.postgres'"),
    "ADJUDICATION_CREATE_TABLE": ("maybe", "valid boolean"),
    "POSTGRES_PORT": ("65536", "less than or equal to 65535"),
    "POSTGRES_POOL_SIZE": ("0", "greater than or equal to 1"),
    "POSTGRES_MAX_OVERFLOW": ("-1", "greater than or equal to 0"),
    "POSTGRES_CONNECT_TIMEOUT": ("0", "greater than or equal to 1"),
}
SECRET = keys.new_key()


@pytest.fixture(autouse=True)
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test sets: none of the machine's settings."""
    for field in FIELDS:
        monkeypatch.delenv(env_name(field), raising=False)


@pytest.mark.parametrize("variable", REFUSED)
def test_a_bad_value_is_refused_in_one_line_naming_its_variable(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    value, said = REFUSED[variable]
    # an empty variable is an unset one: the empty key is tried as an option
    given = {}
    if value:
        monkeypatch.setenv(variable, value)
    else:
        given = {next(f for f in FIELDS if env_name(f) == variable): value}
    with pytest.raises(SettingError) as refused:
        load(given)
    line = str(refused.value)
    assert "\n" not in line
    assert said in line
    if variable.endswith("_KEY") or variable.endswith("_KEYS"):
        assert value not in line or not value, "a secret is never printed"
    else:
        assert line.startswith(f"{variable}={value!r}: ")


def test_every_variable_of_the_contract_is_a_setting() -> None:
    names = {env_name(f) for f in FIELDS}
    assert {
        "ADJUDICATION_GRACE",
        "ADJUDICATION_DRAIN_DELAY",
        "ADJUDICATION_MAX_WORKERS",
        "ADJUDICATION_MAX_CONCURRENT_RPCS",
        "ADJUDICATION_MAX_STREAMS",
        "ADJUDICATION_MAX_STREAMS_PER_CLIENT",
        "ADJUDICATION_STREAM_STALL",
        "ADJUDICATION_READ_WAIT",
        "ADJUDICATION_NO_PROJECTIONS",
        "ADJUDICATION_METRICS_ADDRESS",
        "ADJUDICATION_HEALTH_ADDRESS",
        "ENROLMENT_CREATE_TABLE",
        "ENROLMENT_SQLITE_DBNAME",
        "POSTGRES_SCHEMA",
    } <= names
    assert all(info.description for info in FIELDS.values())


def test_an_option_beats_its_variable_which_beats_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().grace == 10
    monkeypatch.setenv("ADJUDICATION_GRACE", "3")
    assert Settings().grace == 3
    assert load({"grace": "7"}).grace == 7


def test_an_empty_variable_is_unset_and_log_levels_are_any_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADJUDICATION_METRICS_ADDRESS", "")
    monkeypatch.setenv("ADJUDICATION_LOG_LEVEL", "debug")
    monkeypatch.setenv("ADJUDICATION_NO_PROJECTIONS", "y")
    settings = Settings()
    assert settings.metrics_address is None
    assert settings.log_level == "DEBUG"
    assert settings.no_projections


def test_secrets_are_masked_wherever_the_settings_are_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in (
        "ADJUDICATION_CIPHER_KEY",
        "ADJUDICATION_HMAC_KEY",
        "ADJUDICATION_CIPHER_OLD_KEYS",
    ):
        monkeypatch.setenv(variable, SECRET)
    monkeypatch.setenv("POSTGRES_PASSWORD", "hunter2")
    monkeypatch.setenv("ADJUDICATION_SERVICE_PASSWORD", "hunter3")
    monkeypatch.setenv("ADJUDICATION_CREDENTIALS_JSONL", '{"name": "x"}')
    settings = Settings()
    for shown in (str(settings), repr(settings), settings.model_dump_json()):
        assert SECRET not in shown and "hunter" not in shown and '"x"' not in shown


# the serve command's settings, through its options and variables: ServerSettings
# refuses as many streams as threads, and says the number it got
@pytest.mark.parametrize(
    ("arguments", "env", "said"),
    [
        (["--max-workers", "5"], {}, "max streams 8:"),
        (["--max-workers", "5"], {"ADJUDICATION_MAX_STREAMS": "40"}, "max streams 40:"),
        (
            ["--max-workers", "5", "--max-streams", "30"],
            {"ADJUDICATION_MAX_STREAMS": "40"},
            "max streams 30:",
        ),
        (
            ["--max-streams", "30"],
            {"ADJUDICATION_MAX_WORKERS": "5", "ADJUDICATION_MAX_STREAMS": "40"},
            "max streams 30: give 1 to 4",
        ),
    ],
    ids=["default", "variable over default", "option over variable", "mixed"],
)
def test_serve_takes_an_option_over_its_variable_over_the_default(
    arguments: list[str],
    env: dict[str, str],
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["serve", *arguments]) == 2
    assert said in capsys.readouterr().err


def test_a_bad_option_is_named_as_the_option(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADJUDICATION_GRACE", "1")
    assert main(["serve", "--grace", "-1"]) == 2
    assert capsys.readouterr().err == (
        "adjudication serve: --grace '-1': Input should be greater than or equal to 0\n"
    )
    monkeypatch.setenv("ADJUDICATION_GRACE", "later")
    assert main(["serve"]) == 2
    assert capsys.readouterr().err.startswith(
        "adjudication serve: ADJUDICATION_GRACE='later': "
    )


def test_a_key_file_given_is_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.KEY_FILE, str(tmp_path / "keys.json"))
    assert Settings().cipher_key_file == tmp_path / "keys.json"
