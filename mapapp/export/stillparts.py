"""The parts of the still map (image.py): what is drawn (Scene), legs, points, locator, detail box, legend,
scale bar and the texts around the map."""
from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from matplotlib.patches import Rectangle
from matplotlib_scalebar.dimension import _Dimension
from matplotlib_scalebar.scalebar import ScaleBar
from shapely.geometry import LineString

from .. import render
from ..filters import FilterOptions
from ..legstyle import APPROXIMATE_COLOR
from ..link import with_parents
from ..model import Place, Story
from ..view import View
from . import basemap, labels

MARKERS = {"circle": ("o", 30), "square": ("s", 26), "triangle": ("^", 34), "diamond": ("D", 22),
           "star": ("*", 120)}
NOTE_CHARS = 400  # the notes under the map: two lines at most
INK = "#222222"
MUTED = "#5f5f5f"
FRAME = "#8a8a8a"


@dataclass(frozen=True)
class Scene:
    """The visible places, legs and their styles, gathered once for every part of the picture."""

    story: Story
    view: View
    places: tuple[Place, ...]
    colors: dict
    dashed: frozenset  # legs that retrace an earlier leg of the story, as every map of the view dashes them

    @classmethod
    def of(cls, story: Story, view: View) -> "Scene":
        return cls(story, view, view.places, view.leg_colors, view.dashed)

    def lonlats(self) -> tuple[list[float], list[float]]:
        lons = [p.lon for p in self.places] + [c[0] for r in self.view.routes for ln in r.lines for c in ln]
        lats = [p.lat for p in self.places] + [c[1] for r in self.view.routes for ln in r.lines for c in ln]
        if not lons:  # nothing visible: the story's places give the region
            lons, lats = [p.lon for p in self.story.places] or [0.0], [p.lat for p in self.story.places] or [0.0]
        return lons, lats

    def centre(self) -> tuple[float, float]:
        lons, lats = self.lonlats()
        return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2

    def extent(self, to_map, ax_aspect: float) -> tuple[float, float, float, float]:
        """(x0, x1, y0, y1) in map metres around everything visible, with a margin, at the axes' aspect."""
        xs, ys = to_map.transform(*self.lonlats())
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        margin = max(0.07 * max(x1 - x0, y1 - y0), 40_000.0)
        return fit_aspect((x0 - margin, x1 + margin, y0 - margin, y1 + margin), ax_aspect)

    def lonlat_box(self, to_map, extent, pad: float = 2.0):
        """The lon/lat box that covers ``extent`` (for clipping the land before projecting it)."""
        x0, x1, y0, y1 = extent
        t = np.linspace(0, 1, 21)
        xs = np.concatenate([x0 + (x1 - x0) * t, np.full(21, x1), x1 - (x1 - x0) * t, np.full(21, x0)])
        ys = np.concatenate([np.full(21, y0), y0 + (y1 - y0) * t, np.full(21, y1), y1 - (y1 - y0) * t])
        lons, lats = to_map.transform(xs, ys, direction="INVERSE")
        return basemap.lonlat_box_around(lons, lats, pad)

    def event_counts(self) -> Counter:
        return Counter(e.place_id for e in self.view.events)

    def label_order(self) -> list[int]:
        """Indices of places, most events first (ties in first-event order): who gets a label first."""
        counts = self.event_counts()
        return sorted(range(len(self.places)), key=lambda i: (-counts[self.places[i].id], i))


def fit_aspect(extent, aspect: float):
    """``extent`` widened in one direction so that width / height == aspect (same centre)."""
    x0, x1, y0, y1 = extent
    w, h = x1 - x0, y1 - y0
    if w / h < aspect:
        grow = (h * aspect - w) / 2
        return x0 - grow, x1 + grow, y0, y1
    grow = (w / aspect - h) / 2
    return x0, x1, y0 - grow, y1 + grow


def frame(ax, extent) -> None:
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(FRAME)
        spine.set_linewidth(0.6)


def draw_legs(ax, scene: Scene, to_map, scale: float = 1.0) -> list[tuple[np.ndarray, np.ndarray]]:
    """The visible legs in their colours (retracing legs dashed, approximate parts dotted white) with arrows
    in the direction of travel; returns the projected lines (for labels to keep clear of)."""
    out = []
    for leg in sorted(scene.view.routes, key=lambda r: (r.date_start, r.id)):
        color = scene.colors.get(leg.id, INK)
        dashed = leg.id in scene.dashed
        for line in leg.lines:
            xs, ys = to_map.transform([c[0] for c in line], [c[1] for c in line])
            out.append((np.asarray(xs), np.asarray(ys)))
            ax.plot(xs, ys, color=color, linewidth=1.9 * scale, zorder=3, solid_capstyle="round",
                    linestyle=(0, (4, 2.5)) if dashed else "-", gid=f"leg-{leg.id}")
            _arrows(ax, xs, ys, color, (0.35, 0.75) if dashed else (0.2, 0.55, 0.9), scale)
        for line in leg.approximate:
            xs, ys = to_map.transform([c[0] for c in line], [c[1] for c in line])
            ax.plot(xs, ys, color=APPROXIMATE_COLOR, linewidth=1.1 * scale, zorder=3.2,
                    linestyle=(0, (0.1, 2.4)), dash_capstyle="round")
    return out


def _arrows(ax, xs, ys, color: str, fractions, scale: float) -> None:
    if len(xs) < 2:
        return
    line = LineString(list(zip(xs, ys)))
    step = line.length * 0.004
    for f in fractions:
        a = line.interpolate(max(0.0, f * line.length - step))
        b = line.interpolate(min(line.length, f * line.length + step))
        ax.annotate("", xy=(b.x, b.y), xytext=(a.x, a.y), zorder=3.5,
                    arrowprops={"arrowstyle": "-|>,head_length=0.55,head_width=0.3", "color": color,
                                "linewidth": 0.01, "mutation_scale": 9 * scale, "shrinkA": 0, "shrinkB": 0})


def draw_points(ax, scene: Scene, to_map, size: float = 1.0) -> dict[str, tuple[float, float]]:
    """Each visible place in its layers' symbols and colours; returns its map position by place id."""
    pos = {}
    if scene.places:
        xs, ys = to_map.transform([p.lon for p in scene.places], [p.lat for p in scene.places])
        pos = {p.id: (x, y) for p, x, y in zip(scene.places, xs, ys)}
    story = scene.story
    for layer in story.point_layers:
        ids = list(dict.fromkeys(e.place_id for e in scene.view.events if e.category == layer.id))
        if not ids:
            continue
        marker, area = MARKERS.get(layer.symbol, MARKERS["circle"])
        ax.scatter([pos[i][0] for i in ids], [pos[i][1] for i in ids], s=area * size, marker=marker,
                   color=layer.color, edgecolors="white", linewidths=0.7, zorder=5, gid=f"points-{layer.id}")
    return pos


def shows_locator(extent) -> bool:
    """A locator map helps when the map shows a region; for a continent-wide view it would show little more
    (and the bundled land covers only the story's part of the world)."""
    return max(extent[1] - extent[0], extent[3] - extent[2]) < 3_500_000


def locator(ax, scene: Scene, crs, to_map, extent) -> None:
    """A small map of the wider region with the main map's extent marked."""
    x0, x1, y0, y1 = extent
    cx, cy, span = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0) * 1.2
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    wide = fit_aspect((cx - span, cx + span, cy - span, cy + span), (bbox.width * fig_w) / (bbox.height * fig_h))
    frame(ax, wide)
    basemap.draw_land(ax, crs, scene.lonlat_box(to_map, wide, pad=5.0), detail=False)
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#c0392b", linewidth=1.1, zorder=4))
    ax.set_title("Where this is", fontsize=7.5, color=MUTED, loc="left", pad=3)


def detail(ax, detail_ax, scene: Scene, group: list[int], to_map, still, letter: str = "A") -> list:
    """The magnified box for a dense cluster of places (indices into scene.places): land, legs, points and
    labels at a larger scale, and its outline on the main map (returned as lines labels keep clear of)."""
    places = [scene.places[i] for i in group]
    xs, ys = to_map.transform([p.lon for p in places], [p.lat for p in places])
    span = max(max(xs) - min(xs), max(ys) - min(ys), 8_000.0)
    bbox = detail_ax.get_position()
    fig_w, fig_h = detail_ax.figure.get_size_inches()
    pad = 0.45 * span
    extent = fit_aspect((min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad),
                        (bbox.width * fig_w) / (bbox.height * fig_h))
    frame(detail_ax, extent)
    for spine in detail_ax.spines.values():
        spine.set_edgecolor(INK)
    basemap.draw_land(detail_ax, to_map.target_crs, scene.lonlat_box(to_map, extent, pad=0.5))
    lines = draw_legs(detail_ax, scene, to_map, scale=0.8)
    pos = draw_points(detail_ax, scene, to_map)
    name = area_name(scene.story, places, extent, to_map)
    detail_ax.set_title(f"{letter}  {name} (detail)", fontsize=7.5, color=MUTED, loc="left", pad=3)
    placed = labels.place(detail_ax, [pos[p.id][0] for p in places], [pos[p.id][1] for p in places],
                          [p.name for p in places], fontsize=6.6, lines=lines, boxes=[scale_bar_box(detail_ax, "right")],
                          max_distance=0.3, candidates=500)
    still.labels.update({group[k]: text for k, text in placed.texts.items()})
    if placed.unplaced:
        still.notes.append(f"No room to label (detail {letter}): " + "; ".join(places[k].name for k in placed.unplaced))
    scale_bar(detail_ax, size=6, location="lower right", fraction=0.3)
    x0, x1, y0, y1 = extent
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=INK, linewidth=0.8, zorder=4.5))
    ax.text(x0, y1, letter, fontsize=7.5, fontweight="bold", color=INK, ha="right", va="bottom", zorder=6,
            bbox=labels.BACKDROP)
    return [(np.array([x0, x1, x1, x0, x0, x1, x0, x1]), np.array([y0, y0, y1, y1, y0, y1, y1, y0]))]


def area_name(story: Story, group: list[Place], extent, to_map) -> str:
    """What to call a cluster: the larger place (``part_of``, followed upwards) that lies inside the box and
    holds most of its places (on a tie, the one its first places belong to); else its first place's name."""
    x0, x1, y0, y1 = extent
    counts: Counter = Counter()  # insertion order: the group's order, so a tie goes to the earlier place
    for p in group:
        counts.update(with_parents(p.id, story)[1:])  # the larger places it is part of
    for pid, _ in sorted(counts.items(), key=lambda kv: -kv[1]):  # stable: ties keep the group's order
        q = story.place_by_id[pid]
        x, y = to_map.transform(q.lon, q.lat)
        if x0 <= x <= x1 and y0 <= y <= y1:
            return q.name + " area"
    return group[0].name


def scale_bar_box(ax, side: str = "left"):
    """The display box a scale bar takes in the lower corner of ``ax`` (labels keep out of it)."""
    b, dpi = ax.bbox, ax.figure.dpi
    width = 0.3 * b.width if side == "left" else 0.36 * b.width
    x0 = b.x0 if side == "left" else b.x1 - width
    return Bbox.from_bounds(x0, b.y0, width, (0.42 if side == "left" else 0.3) * dpi)


class _Km(_Dimension):
    """Scale bars in kilometres whatever the length (matplotlib-scalebar would switch to megametres)."""

    def __init__(self):
        super().__init__("km")


def scale_bar(ax, size: float = 7, location: str = "lower left", fraction: float = 0.2) -> None:
    """A scale bar in km: the map's units are metres, true at the projection's centre."""
    ax.add_artist(ScaleBar(0.001, "km", dimension=_Km(), location=location, length_fraction=fraction,
                           font_properties={"size": size, "family": "DejaVu Sans"}, box_alpha=0.75,
                           border_pad=0.6, sep=3, width_fraction=0.008 if size >= 7 else 0.012, color=INK))


def legend(ax, scene: Scene) -> None:
    """The legend from the story's layers: a symbol per point layer shown, a line per route layer (a strip of its
    legs' colours for a by-date layer), and what dashes and white dots mean."""
    ax.axis("off")
    handles, names = [], []
    present = {e.category for e in scene.view.events}
    for layer in scene.story.layers:
        if layer.is_points and layer.id in present:
            marker, area = MARKERS.get(layer.symbol, MARKERS["circle"])
            handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=np.sqrt(area) * 1.1,
                                  markerfacecolor=layer.color, markeredgecolor="white"))
            names.append(layer.label)
        legs = sorted((r for r in scene.view.routes if r.category == layer.id), key=lambda r: (r.date_start, r.id))
        if layer.is_routes and legs:
            colors = list(dict.fromkeys(scene.colors.get(leg.id, INK) for leg in legs))
            handles.append(tuple(Line2D([], [], color=c, linewidth=2.6) for c in colors))
            span = render.date_range(legs[0].date_start, max(leg.last_day for leg in legs))
            by_date = "\ncoloured by date, first to last" if len(colors) > 1 else ""
            names.append(f"{layer.label}, {span}{by_date}")
    if any(r.id in scene.dashed for r in scene.view.routes):
        handles.append(Line2D([], [], color=MUTED, linewidth=1.9, linestyle=(0, (4, 2.5))))
        names.append("Back over an earlier leg's track")
    overlaid = {}
    if any(r.approximate for r in scene.view.routes):
        handles.append((Line2D([], [], color=MUTED, linewidth=1.9),
                        Line2D([], [], color=APPROXIMATE_COLOR, linewidth=1.1, linestyle=(0, (0.1, 2.4)),
                               dash_capstyle="round")))
        overlaid[handles[-1]] = HandlerTuple(ndivide=1)
        names.append("Approximate course (track not known)")
    if scene.view.routes:
        handles.append((Line2D([], [], color=MUTED, linewidth=1.2),
                        Line2D([], [], color=MUTED, linestyle="none", marker=">", markersize=4.5)))
        overlaid[handles[-1]] = HandlerTuple(ndivide=1)
        names.append("Direction of travel")
    if handles:
        ax.legend(handles, names, loc="upper left", fontsize=6.8, frameon=False, handlelength=2.6,
                  borderaxespad=0, labelspacing=0.55, title="Legend", title_fontsize=7.5, alignment="left",
                  handler_map={tuple: HandlerTuple(ndivide=None, pad=0), **overlaid})


def texts(fig, w: float, h: float, pad: float, top: float, bottom: float, title: str, scene: Scene,
          options: FilterOptions, notes: list[str]) -> None:
    """Title, subtitle (the dates shown), notes and the source line."""
    fig.text(pad / w, 1 - 0.32 / h, title, fontsize=15, fontweight="bold", color=INK, va="top")
    fig.text(pad / w, 1 - 0.66 / h, subtitle(scene, options), fontsize=9, color=MUTED, va="top")
    note = textwrap.wrap(textwrap.shorten(" · ".join(notes), NOTE_CHARS, placeholder=" …"), NOTE_CHARS // 2 + 5)
    fig.text(pad / w, (bottom - 0.1) / h, "\n".join([*note, source_line(scene)]), fontsize=6.3, color=MUTED,
             va="top", linespacing=1.35)


def subtitle(scene: Scene, options: FilterOptions) -> str:
    view = scene.view
    items = [*view.events, *view.routes]
    if not items:
        return f"Nothing to show for {render.filter_range(options.start, options.end)}"
    first, last = min(x.date_start for x in items), max(x.last_day for x in items)
    legs = f" · {len(view.routes)} route leg{'s' if len(view.routes) != 1 else ''}" if view.routes else ""
    return (f"{render.date_range(first, last)} · {len(view.events)} event{'s' if len(view.events) != 1 else ''} "
            f"at {len(view.places)} place{'s' if len(view.places) != 1 else ''}{legs}")


def source_line(scene: Scene) -> str:
    urls = dict.fromkeys(u for x in (*scene.view.events, *scene.view.routes) for u in x.sources)
    hosts = Counter(_host(u) for u in urls if _host(u))
    top = [h for h, _ in hosts.most_common(4)]
    more = len(hosts) - len(top)
    named = ", ".join(top) + (f" and {more} other sites" if more > 0 else "")
    reports = f"Sources: {len(urls)} reports ({named})" if urls else "Sources: the story's files"
    return f"{reports} · Basemap: Natural Earth · Made with mapapp"


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host
