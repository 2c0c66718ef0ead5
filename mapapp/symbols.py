"""How a point layer's symbol and a route's mode of travel are drawn: small inline SVG (no icon font, no CDN).

A layer's colour is a validated ``#rrggbb`` (mapapp.layers), the only value put into the markup here.
"""
from __future__ import annotations

from . import colors

#: Corners of each point symbol but the circle, in a 20×20 box (the circle is drawn by Leaflet as a circle marker).
_POLYGONS = {
    "square": ((3, 3), (17, 3), (17, 17), (3, 17)),
    "triangle": ((10, 1.8), (18.6, 17.2), (1.4, 17.2)),
    "diamond": ((10, 1), (19, 10), (10, 19), (1, 10)),
    "star": ((10, 1), (12.6, 7.1), (19.2, 7.4), (14.1, 11.6), (15.8, 18.1), (10, 14.5), (4.2, 18.1), (5.9, 11.6),
             (0.8, 7.4), (7.4, 7.1)),
}
_SHAPES = {"circle": '<circle cx="10" cy="10" r="7.5"/>',
           **{name: '<path d="M' + " L".join(f"{x:g} {y:g}" for x, y in corners) + ' Z"/>'
              for name, corners in _POLYGONS.items()}}


def symbol_outline(symbol: str) -> list[list[float]]:
    """The symbol's corners in pixels from its centre (as drawn 20 px wide), for a canvas to draw; [] for the
    circle."""
    return [[round(x - 10, 2), round(y - 10, 2)] for x, y in _POLYGONS.get(symbol, ())]


def symbol_svg(symbol: str, color: str, size: int = 20) -> str:
    """The symbol as an SVG element filled with ``color``, white outline (readable over any line or tile)."""
    fill = colors.normal_hex(color) if colors.is_hex(color) else "#555555"
    shape = _SHAPES.get(symbol, _SHAPES["circle"])
    return (f'<svg width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true" focusable="false">'
            f'<g fill="{fill}" stroke="#ffffff" stroke-width="2" stroke-linejoin="round">{shape}</g></svg>')


#: The marker the journey player moves along a leg of each mode: a dark disc with a white pictogram.
_VEHICLES = {
    "rail": '<rect x="8.5" y="7" width="11" height="11" rx="2.5" fill="#fff"/>'
            '<rect x="10.3" y="9" width="7.4" height="3.6" rx="0.8" fill="#111"/>'
            '<circle cx="11.2" cy="15.4" r="1.1" fill="#111"/><circle cx="16.8" cy="15.4" r="1.1" fill="#111"/>'
            '<path d="M10 21 L11.8 18.4 M18 21 L16.2 18.4" stroke="#fff" stroke-width="1.6" stroke-linecap="round"/>',
    "air": '<path d="M14 5 C15 5 15.4 6 15.4 7 L15.4 11.6 L22 15.4 L22 17.2 L15.4 15.2 L15.4 19.4 L17.4 21 '
           'L17.4 22.4 L14 21.4 L10.6 22.4 L10.6 21 L12.6 19.4 L12.6 15.2 L6 17.2 L6 15.4 L12.6 11.6 L12.6 7 '
           'C12.6 6 13 5 14 5 Z" fill="#fff"/>',
    "sea": '<path d="M7 15 L21 15 L18.5 19.5 L9.5 19.5 Z" fill="#fff"/><rect x="13.2" y="7" width="1.6" height="8" '
           'fill="#fff"/><path d="M14.8 8 L19 13 L14.8 13 Z" fill="#fff"/>',
    "road": '<path d="M8 16 L9.4 11.5 C9.7 10.6 10.4 10 11.3 10 L16.7 10 C17.6 10 18.3 10.6 18.6 11.5 L20 16 '
            'L20 19 L8 19 Z" fill="#fff"/><circle cx="10.8" cy="19.4" r="1.7" fill="#fff" stroke="#111"/>'
            '<circle cx="17.2" cy="19.4" r="1.7" fill="#fff" stroke="#111"/>',
    "foot": '<circle cx="14.5" cy="7.2" r="2" fill="#fff"/><path d="M14 10 L12 15 L14.5 17 L13.5 22 M13.2 12.5 '
            'L10 14.5 M14 11 L17.8 13.5 M12 15 L9.5 21" stroke="#fff" stroke-width="1.8" fill="none" '
            'stroke-linecap="round" stroke-linejoin="round"/>',
}
_VEHICLES["other"] = '<circle cx="14" cy="14" r="5" fill="#fff"/>'


def vehicle_svg(mode: str) -> str:
    """The player's 28×28 marker for a leg travelled by ``mode`` (rail, air, sea, road, foot, other)."""
    body = _VEHICLES.get(mode, _VEHICLES["other"])
    return ('<svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">'
            '<circle cx="14" cy="14" r="12.5" fill="#111" stroke="#fff" stroke-width="2.5"/>' + body + "</svg>")


def vehicle_icons() -> dict[str, str]:
    """Every mode's marker (for the player's data)."""
    return {mode: vehicle_svg(mode) for mode in (*_VEHICLES,)}
