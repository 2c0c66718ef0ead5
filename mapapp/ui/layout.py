"""The page's layout: a compact header, the map as most of the window, the panel beside it with its own scroll
(under it on a phone). Heights follow the window (CSS), since Streamlit does not tell the app its size; the
styles are a constant, never built from story text."""
from __future__ import annotations

import streamlit as st

SIDE = "mapapp_side"  # key of the column beside the map (search, journey buttons, panel)
DETAILS = "mapapp_details"  # key of the panel's scrolling container
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: Space above and below the map: page padding, the title's line and the caption's.
_ABOVE = "9.6rem"
CSS = f"""
<style>
[data-testid="stMainBlockContainer"] {{ padding: 3.3rem 1.5rem 2rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 1.5rem; line-height: 1.3; padding: 0; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }}
{MAP_FRAME} {{ height: max(420px, calc(100vh - {_ABOVE})) !important; display: block; }}
div.stVerticalBlock.st-key-{SIDE} {{ height: max(420px, calc(100vh - {_ABOVE})); flex-wrap: nowrap; }}
.st-key-{SIDE} > .stLayoutWrapper:has(> .st-key-{DETAILS}) {{ flex: 1 1 0; min-height: 0; }}
div.stVerticalBlock.st-key-{DETAILS} {{ height: 100%; overflow-y: auto; overscroll-behavior: contain;
  padding-right: .4rem; }}
@media (max-width: 640px) {{
  [data-testid="stMainBlockContainer"] {{ padding: 3.9rem .75rem 2rem; }}
  [data-testid="stMainBlockContainer"] h1 {{ font-size: 1.15rem; white-space: normal; }}
  {MAP_FRAME} {{ height: max(360px, 68vh) !important; }}
  div.stVerticalBlock.st-key-{SIDE} {{ height: auto; }}
  div.stVerticalBlock.st-key-{DETAILS} {{ height: auto; max-height: 85vh; }}
}}
</style>
"""


def style() -> None:
    """Put the layout's styles into the page (takes no space)."""
    st.html(CSS)
