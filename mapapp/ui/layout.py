"""The page's layout: a compact header, the map as most of the window, the panel beside it with its own scroll
(under it on a phone). Heights follow the window (CSS), since Streamlit does not tell the app its size; the
styles are a constant filled with our own keys and the map_height setting, never with story text."""
from __future__ import annotations

from string import Template

import streamlit as st

from .. import settings

SIDE = "mapapp_side"  # key of the column beside the map (search, journey buttons, panel)
DETAILS = "mapapp_details"  # key of the panel's scrolling container
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: Space above the map and under it: page padding, the title's line and the caption's.
ABOVE = "9.6rem"

CSS = Template("""
<style>
[data-testid="stMainBlockContainer"] { padding: 3.3rem 1.5rem 2rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.5rem; line-height: 1.3; padding: 0; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
$frame { height: max(${low}px, calc(100vh - $above)) !important; display: block; }
div.stVerticalBlock.st-key-$side { height: max(${low}px, calc(100vh - $above)); flex-wrap: nowrap; }
.st-key-$side > .stLayoutWrapper:has(> .st-key-$details) { flex: 1 1 0; min-height: 0; }
div.stVerticalBlock.st-key-$details { height: 100%; overflow-y: auto; overscroll-behavior: contain;
  padding-right: .4rem; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 3.9rem .75rem 2rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.15rem; white-space: normal; }
  $frame { height: max(${phone_low}px, 68vh) !important; }
  div.stVerticalBlock.st-key-$side { height: auto; }
  div.stVerticalBlock.st-key-$details { height: auto; max-height: 85vh; }
}
</style>
""")


def css(low: int) -> str:
    """The styles, with ``low`` the map's smallest height in pixels."""
    return CSS.substitute(frame=MAP_FRAME, side=SIDE, details=DETAILS, above=ABOVE, low=int(low),
                          phone_low=min(int(low), 360))


def style() -> None:
    """Put the layout's styles into the page (takes no space)."""
    st.html(css(int(settings.get("map_height"))))
