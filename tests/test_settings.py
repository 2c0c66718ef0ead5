"""Every setting is declared once, documented in the README, and overridable from the environment."""
from pathlib import Path

import pytest

from mapapp import settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_each_setting_is_documented_in_the_readme(setting):
    assert f"`{setting.env}`" in README
    assert setting.help in README
    if isinstance(setting.default, int):  # its range, as the error message states it
        assert f"`{setting.env}` takes a whole number from {setting.minimum:,} to {setting.maximum:,}" in README \
            or f"`{setting.env}` one from {setting.minimum:,} to" in README.replace("\n", " ")


def test_environment_overrides_default_with_the_right_type(monkeypatch):
    monkeypatch.setenv("MAPAPP_MAX_ARTICLE_BYTES", "1234")
    assert settings.get("max_article_bytes") == 1234
    monkeypatch.delenv("MAPAPP_MAX_ARTICLE_BYTES")
    assert settings.get("max_article_bytes") == 2_000_000


def test_builtin_story_is_found_from_the_package_not_the_cwd(monkeypatch, tmp_path):
    monkeypatch.delenv("MAPAPP_STORY", raising=False)
    monkeypatch.chdir(tmp_path)
    assert (Path(settings.get("story")) / "geodata" / "places.geojson").is_file()


# --- bad values (issue 16, item 8) ---------------------------------------------------------------------

BAD_VALUES = [("MAPAPP_MAX_ARTICLE_BYTES", "2MB"), ("MAPAPP_MAX_ARTICLE_BYTES", "-1"),
              ("MAPAPP_MAX_ARTICLE_BYTES", "0"), ("MAPAPP_MAP_HEIGHT", "tall"), ("MAPAPP_MAP_HEIGHT", "-620"),
              ("MAPAPP_MAP_HEIGHT", "6.5"), ("MAPAPP_MAP_HEIGHT", "99999999999999999999")]


def test_whole_number_settings_declare_their_range():
    numbers = [s for s in settings.SETTINGS if isinstance(s.default, int)]
    assert {s.name for s in numbers} >= {"max_article_bytes", "map_height"}
    for s in numbers:
        assert s.minimum is not None and s.maximum is not None and s.minimum <= s.default <= s.maximum, s.name


@pytest.mark.parametrize("variable, value", BAD_VALUES)
def test_a_bad_value_is_a_setting_error_naming_variable_value_and_what_is_expected(monkeypatch, variable, value):
    from mapapp.errors import MapAppError, SettingError

    monkeypatch.setenv(variable, value)
    name = variable.removeprefix("MAPAPP_").lower()
    with pytest.raises(SettingError) as info:
        settings.get(name)
    assert isinstance(info.value, MapAppError)
    message = str(info.value)
    assert variable in message and repr(value) in message and "whole number from" in message, message
    with pytest.raises(SettingError):
        settings.check()


def test_good_values_within_the_range_are_taken(monkeypatch):
    monkeypatch.setenv("MAPAPP_MAP_HEIGHT", " 400 ")
    assert settings.get("map_height") == 400
    settings.check()


@pytest.mark.parametrize("variable, value", BAD_VALUES[:4])
def test_cli_prints_the_setting_error_and_exits_non_zero(monkeypatch, capsys, variable, value):
    from mapapp import cli

    monkeypatch.setenv(variable, value)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and variable in err and "Traceback" not in err, err


@pytest.mark.app
def test_app_shows_the_setting_error_escaped(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from markdown_support import shown_text

    value = "tall [x](https://evil.example)"
    monkeypatch.setenv("MAPAPP_MAP_HEIGHT", value)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "streamlit_app.py"), default_timeout=30)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.error) == 1
    shown = shown_text(at.error[0].value)
    assert "MAPAPP_MAP_HEIGHT" in shown and repr(value) in shown and "whole number" in shown, shown
    assert not at.get("component_instance"), "the app stops after the error"
