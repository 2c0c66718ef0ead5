"""Every setting declared once, with its default, help text and the values it takes; ``MAPAPP_<NAME>`` overrides it."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import SettingError

#: The repository root holds the built-in story (geodata/ + seeds/).
BUILTIN_STORY = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """A setting; an int default makes it a whole number, a float default a number, between ``minimum`` and
    ``maximum``."""

    name: str
    default: object
    help: str
    minimum: float | None = None
    maximum: float | None = None

    @property
    def env(self) -> str:
        return f"MAPAPP_{self.name.upper()}"

    @property
    def expected(self) -> str:
        if isinstance(self.default, float):
            return f"a number from {self.minimum:,g} to {self.maximum:,g} (default {self.default:,g})"
        if not isinstance(self.default, int):
            return "text"
        return f"a whole number from {self.minimum:,} to {self.maximum:,} (default {self.default:,})"

    def parse(self, raw: str):
        """The value ``raw`` (from the environment) stands for; SettingError naming the variable, the value
        and what it should be."""
        if not isinstance(self.default, (int, float)):
            return raw
        try:
            value = type(self.default)(raw.strip())
        except ValueError:
            raise SettingError(self.env, raw, self.expected) from None
        if not self.minimum <= value <= self.maximum:  # also refuses nan
            raise SettingError(self.env, raw, self.expected)
        return value


SETTINGS: tuple[Setting, ...] = (
    Setting("story", str(BUILTIN_STORY), "Story folder (holding geodata/ and seeds/) to show."),
    Setting("tiles", "OpenStreetMap.Mapnik", "xyzservices name of the keyless basemap tile provider."),
    Setting("max_article_bytes", 2_000_000, "Largest article file, in bytes, that is read.",
            minimum=1, maximum=1_000_000_000),
    Setting("fetch_timeout", 15.0, "Seconds 'Add from URL' waits for a web page (connecting and reading, in all).",
            minimum=0.1, maximum=600),
    Setting("fetch_private_hosts", 0, "1: 'Add from URL' may also fetch from loopback, private and link-local "
            "addresses (a server on this machine or an intranet); 0: such addresses are refused, so the app cannot "
            "be made to reach the services of the machine or network it runs on.", minimum=0, maximum=1),
    Setting("cache_dir", str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mapapp"),
            "Folder for the compiled gazetteer cache (built once, about 15 s; rebuilt when the gazetteer changes)."),
    Setting("map_height", 420, "Smallest height of the map in the dashboard, in pixels; above it the map takes "
            "the window's height less the header (on a phone, about two thirds of it).", minimum=100, maximum=10_000),
    Setting("history_size", 50, "Changes kept in a story's geodata/.history/ so that `edit undo` can step back.",
            minimum=1, maximum=10_000),
    Setting("title", "mapapp: the geography of a news story",
            "Title of the dashboard and of HTML exports when the story's geodata/story.json gives none."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str):
    """The value of setting ``name``: the environment variable if set, else the default; SettingError when the
    variable holds a value the setting cannot take."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    return setting.parse(raw)


def check() -> None:
    """Raise SettingError for the first setting whose environment variable cannot be used (the CLI and the app
    check them all at start, so a typo is reported even before the setting is needed)."""
    for setting in SETTINGS:
        get(setting.name)
