"""mapapp: an interactive map dashboard for the geography of a news story."""
__version__ = "0.1.0"

from .errors import DataError, MapAppError, StoryInvalid  # noqa: E402
from .filters import FilterOptions, apply, presets  # noqa: E402
from .link import link_story  # noqa: E402
from .load import load_story, read_article  # noqa: E402

__all__ = ["DataError", "FilterOptions", "MapAppError", "MapOptions", "StoryInvalid", "__version__", "apply",
           "build_map", "link_story", "load_story", "presets", "read_article"]


def __getattr__(name: str):
    """The map builder on first use: importing folium costs about a second, which the commands that draw no
    interactive map (validate, places, the still and data exports) need not pay."""
    if name in ("MapOptions", "build_map"):
        from . import mapbuild

        return getattr(mapbuild, name)
    raise AttributeError(f"module 'mapapp' has no attribute {name!r}")
