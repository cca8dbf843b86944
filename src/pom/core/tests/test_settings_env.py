"""Settings from the environment: typed, with secrets from files, and garbage named clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from pom.config.env import EnvError, env_bool, env_int, env_list, env_str


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "yes", "on", " On "])
def test_env_bool_reads_the_usual_words_for_yes(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    monkeypatch.setenv("POM_FLAG", word)
    assert env_bool("POM_FLAG") is True


@pytest.mark.parametrize("word", ["0", "false", "no", "off", ""])
def test_env_bool_reads_the_usual_words_for_no(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    monkeypatch.setenv("POM_FLAG", word)
    assert env_bool("POM_FLAG", True) is False


def test_env_bool_uses_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POM_FLAG", raising=False)
    assert env_bool("POM_FLAG", True) is True


def test_env_bool_rejects_garbage_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POM_HTTPS", "maybe")
    with pytest.raises(EnvError, match=r"^POM_HTTPS must be one of true/false.*not 'maybe'$"):
        env_bool("POM_HTTPS")


def test_env_int_reads_numbers_and_defaults_when_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POM_WORKERS", "4")
    assert env_int("POM_WORKERS", 2) == 4
    monkeypatch.setenv("POM_WORKERS", " ")
    assert env_int("POM_WORKERS", 2) == 2


def test_env_int_rejects_garbage_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POM_EMAIL_PORT", "five-eight-seven")
    with pytest.raises(
        EnvError, match=r"^POM_EMAIL_PORT must be a whole number, not 'five-eight-seven'$"
    ):
        env_int("POM_EMAIL_PORT", 587)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POM_ALLOWED_HOSTS", "pom.example.com, ,localhost ")
    assert env_list("POM_ALLOWED_HOSTS") == ["pom.example.com", "localhost"]


def test_a_secret_is_read_from_the_file_named_by_name_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-file-not-the-environment\n")
    monkeypatch.setenv("POM_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("POM_SECRET_KEY_FILE", str(secret))
    assert env_str("POM_SECRET_KEY") == "from-a-file-not-the-environment"


def test_a_file_secret_works_for_typed_settings_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    port = tmp_path / "port"
    port.write_text("2525")
    monkeypatch.setenv("POM_EMAIL_PORT_FILE", str(port))
    assert env_int("POM_EMAIL_PORT", 587) == 2525


def test_an_unreadable_secret_file_is_named_in_the_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "nope"
    monkeypatch.setenv("POM_EMAIL_HOST_PASSWORD_FILE", str(missing))
    with pytest.raises(EnvError, match=r"^POM_EMAIL_HOST_PASSWORD_FILE points to .*nope"):
        env_str("POM_EMAIL_HOST_PASSWORD")
