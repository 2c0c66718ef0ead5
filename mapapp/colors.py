"""Colour checks for layer colours: CIEDE2000 differences, also as seen with a colour-vision deficiency
(Machado, Oliveira & Fernandes 2009, full severity), and contrast against a light basemap (WCAG 2)."""
from __future__ import annotations

import math
import re

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
#: A light basemap's land colour (OpenStreetMap Carto), what points and legs are drawn on.
BASEMAP = "#f2efe9"
#: Below this contrast ratio with the basemap a colour is hard to see.
MIN_CONTRAST = 1.7
#: Below this CIEDE2000 difference two layer colours are too close to tell apart at a glance.
MIN_DIFFERENCE = 10
_CVD = {  # linear-RGB matrices, Machado et al. 2009, severity 1.0
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def is_hex(value) -> bool:
    return isinstance(value, str) and bool(_HEX.fullmatch(value))


def normal_hex(value: str) -> str:
    """``#abc`` or ``#AABBCC`` → ``#aabbcc``."""
    v = value.lower()
    return "#" + "".join(ch * 2 for ch in v[1:]) if len(v) == 4 else v


def _linear(hex_color: str) -> tuple[float, float, float]:
    h = normal_hex(hex_color)
    out = []
    for i in (1, 3, 5):
        c = int(h[i:i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return tuple(out)


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e(lab1, lab2) -> float:
    """CIEDE2000 colour difference of two CIELAB colours."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cm = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(cm ** 7 / (cm ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p if abs(h2p - h1p) <= 180 else
                                      h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360)
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lm, cmp_ = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hm = (h1p + h2p) / 2
    else:
        hm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hm - 30)) + 0.24 * math.cos(math.radians(2 * hm))
         + 0.32 * math.cos(math.radians(3 * hm + 6)) - 0.20 * math.cos(math.radians(4 * hm - 63)))
    sl = 1 + 0.015 * (lm - 50) ** 2 / math.sqrt(20 + (lm - 50) ** 2)
    sc, sh = 1 + 0.045 * cmp_, 1 + 0.015 * cmp_ * t
    rt = (-2 * math.sqrt(cmp_ ** 7 / (cmp_ ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-(((hm - 275) / 25) ** 2)))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))


def _simulate(rgb, matrix):
    return tuple(sum(m * c for m, c in zip(row, rgb)) for row in matrix)


def closest_difference(color1: str, color2: str) -> tuple[float, str]:
    """The smallest CIEDE2000 difference of two colours as seen with normal vision or any of the three
    dichromacies, and which vision that is."""
    a, b = _linear(color1), _linear(color2)
    seen = [(delta_e(_lab(a), _lab(b)), "normal")]
    seen += [(delta_e(_lab(_simulate(a, m)), _lab(_simulate(b, m))), name) for name, m in _CVD.items()]
    return min(seen)


def contrast(color1: str, color2: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    def luminance(c):
        r, g, b = _linear(c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((luminance(color1), luminance(color2)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
