"""Every setting is declared once, documented in the README, and overridable from the environment."""
from pathlib import Path

import pytest

from mapapp import settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_each_setting_is_documented_in_the_readme(setting):
    assert f"`{setting.env}`" in README
    assert setting.help in README


def test_environment_overrides_default_with_the_right_type(monkeypatch):
    monkeypatch.setenv("MAPAPP_MAX_ARTICLE_BYTES", "1234")
    assert settings.get("max_article_bytes") == 1234
    monkeypatch.delenv("MAPAPP_MAX_ARTICLE_BYTES")
    assert settings.get("max_article_bytes") == 2_000_000


def test_builtin_story_is_found_from_the_package_not_the_cwd(monkeypatch, tmp_path):
    monkeypatch.delenv("MAPAPP_STORY", raising=False)
    monkeypatch.chdir(tmp_path)
    assert (Path(settings.get("story")) / "geodata" / "places.geojson").is_file()
