"""Place-name labels for the still map: dense clusters found, labels placed without overlaps (textalloc).

textalloc places each label greedily (in priority order) at the first of many candidate spots around its
point that overlaps no label, point or line placed so far, drawing a thin leader line when the spot is
away from the point; a label that finds no spot is not drawn and is reported back, so the caller can
explain it. Placement is deterministic: the same input gives the same positions.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import numpy as np
import textalloc
from shapely.geometry import LineString

LABEL_COLOR = "#1f1f1f"
LEADER_COLOR = "#4a4a4a"
#: A pale box behind each label, so it reads over lines and land. Not a stroked halo: matplotlib draws text with
#: path effects as outlines, and the SVG's labels must stay editable <text>.
BACKDROP = {"boxstyle": "round,pad=0.12,rounding_size=0.3", "facecolor": "white", "edgecolor": "none", "alpha": 0.72}
WRAP = 26  # characters per label line


@dataclass
class Placed:
    """What placement did: the drawn Text per input index, and the indices it found no room for."""

    texts: dict[int, object] = field(default_factory=dict)
    leaders: dict[int, object] = field(default_factory=dict)
    unplaced: list[int] = field(default_factory=list)


def wrap(name: str) -> str:
    """A place name broken into lines of about WRAP characters (long venue names stay readable)."""
    return "\n".join(textwrap.wrap(name, WRAP, break_long_words=False, break_on_hyphens=False)) or name


def clusters(xy: np.ndarray, radius: float) -> list[list[int]]:
    """Groups of points (indices) linked by steps shorter than ``radius`` (single linkage, display units),
    largest first; ties by first index, so the order is stable."""
    n = len(xy)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        d = np.hypot(*(xy[i + 1:] - xy[i]).T) if i + 1 < n else np.array([])
        for j in np.nonzero(d < radius)[0]:
            parent[root(i)] = root(i + 1 + int(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def place(ax, xs, ys, names, *, fontsize: float, obstacles=(), lines=(), boxes=(), max_distance: float = 0.2,
          candidates: int = 200, zorder: float = 6) -> Placed:
    """Label points (xs, ys in data units of ``ax``) with ``names``, in the given order of priority.

    ``obstacles``: further (x, y) points that labels must not cover; ``lines``: (xs, ys) polylines to keep
    clear of; ``boxes``: display-unit Bboxes (other texts) to keep clear of. Returns the Text artists drawn and the indices left unlabelled."""
    out = Placed()
    if not len(xs):
        return out
    span = np.subtract(*ax.get_xlim()[::-1])
    lines = [_simplified(lx, ly, span / 500) for lx, ly in lines] + [box_lines(ax, b) for b in boxes]
    ox = [p[0] for p in obstacles]
    oy = [p[1] for p in obstacles]
    text_xy, leader_xy, texts, leaders = textalloc.allocate(
        ax, list(xs), list(ys), [wrap(n) for n in names],
        x_scatter=list(xs) + ox, y_scatter=list(ys) + oy,
        x_lines=[lx for lx, _ in lines] or None, y_lines=[ly for _, ly in lines] or None,
        textsize=fontsize, margin=0.004, min_distance=0.008, max_distance=max_distance, nbr_candidates=candidates,
        draw_all=False, draw_lines=True, linecolor=LEADER_COLOR, linewidth=0.45,
        avoid_label_lines_overlap=True, avoid_crossing_label_lines=True,
        plot_kwargs={"zorder": zorder - 0.5, "solid_capstyle": "round"},
        textcolor=LABEL_COLOR, parse_math=False, bbox=BACKDROP, zorder=zorder, linespacing=1.05,
        va="bottom")
    for i, text in enumerate(texts):
        if text is None:
            out.unplaced.append(i)
        else:
            out.texts[i] = text
            if leaders[i] is not None:
                out.leaders[i] = leaders[i]
    return out


def box_lines(ax, bbox) -> tuple[list[float], list[float]]:
    """A display box as one polyline in data units: its outline and both diagonals, so that a label inside the
    box crosses a line too (textalloc tests labels against line segments)."""
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([(bbox.x0, bbox.y0), (bbox.x1, bbox.y1)])
    return [x0, x1, x1, x0, x0, x1, x0, x1], [y0, y0, y1, y1, y0, y1, y1, y0]


def _simplified(xs, ys, tolerance: float):
    """A polyline with fewer vertices (within ``tolerance``): the overlap test's cost grows with segments."""
    if len(xs) < 3:
        return list(xs), list(ys)
    coords = np.asarray(LineString(list(zip(xs, ys))).simplify(tolerance).coords)
    return list(coords[:, 0]), list(coords[:, 1])


def overlaps(boxes) -> list[tuple[int, int]]:
    """Pairs of boxes (matplotlib Bbox) that overlap by more than half a display unit."""
    out = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5:
                out.append((i, j))
    return out
