"""Every setting declared once, with its default and help text; ``MAPAPP_<NAME>`` overrides it."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The repository root holds the built-in story (geodata/ + seeds/).
BUILTIN_STORY = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str

    @property
    def env(self) -> str:
        return f"MAPAPP_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("story", str(BUILTIN_STORY), "Story folder (holding geodata/ and seeds/) to show."),
    Setting("tiles", "OpenStreetMap.Mapnik", "xyzservices name of the keyless basemap tile provider."),
    Setting("max_article_bytes", 2_000_000, "Largest article file, in bytes, that is read."),
    Setting("fetch_timeout", 15.0, "Seconds 'Add from URL' waits for a web page (connecting and reading, in all)."),
    Setting("cache_dir", str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mapapp"),
            "Folder for the compiled gazetteer cache (built once, about 10 s; rebuilt when the gazetteer changes)."),
    Setting("map_height", 620, "Height of the map in the dashboard, in pixels."),
    Setting("title", "mapapp: the geography of a news story",
            "Title of the dashboard and of HTML exports when the story's geodata/story.json gives none."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str):
    """The value of setting ``name``: the environment variable if set, else the default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    return type(setting.default)(raw)
