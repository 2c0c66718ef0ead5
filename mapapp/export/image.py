"""The still map: PNG, SVG or PDF of the visible part of a story, drawn offline with matplotlib
(shapes clipped and projected with shapely and pyproj).

Land from the bundled Natural Earth outline (basemap.py) in a projection centred on the data, the route legs
in their layer's colours with arrows in the direction of travel, points in their layer's symbol, place names
placed without overlaps (labels.py) and, for the densest cluster of places, a magnified detail box; beside
the map a locator map, the detail and the legend; a scale bar in km, title, dates and a source line below.

The same input gives the same bytes: no dates or versions in the metadata, a fixed SVG id salt. SVG keeps
text as <text> (editable); every text is drawn with mathtext off, so a name like ``$x^2$`` stays literal.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from pyproj import Transformer  # noqa: E402

from ..errors import ExportError  # noqa: E402
from ..filters import FilterOptions  # noqa: E402
from ..model import Story  # noqa: E402
from ..view import View  # noqa: E402
from . import IMAGE_FORMATS, basemap, labels, stillparts  # noqa: E402

LABEL_MODES = ("auto", "all", "none")
A4_LANDSCAPE = (11.69, 8.27)  # inches
DEFAULT_PX = (2400, 1600)
#: The layout is designed at A4 width; a pixel size sets the resolution (and the height), not the design.
DESIGN_WIDTH = A4_LANDSCAPE[0]
#: Labels in "auto" mode: at most this many (by number of events); the rest are named in a note.
AUTO_MAX_LABELS = 60
DETAIL_MAX = 12  # places in the detail box at most
RC = {"svg.fonttype": "none", "svg.hashsalt": "mapapp", "text.parse_math": False,
      "text.usetex": False, "font.family": "DejaVu Sans", "path.simplify": True, "axes.unicode_minus": False}
METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
            "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}}


@dataclass(frozen=True)
class ImageOptions:
    """How the still map looks: size in pixels (None: the format's default), labels, a title instead of the
    story's."""

    size: tuple[int, int] | None = None
    labels: str = "auto"
    title: str | None = None


def image_document(story: Story, view: View, options: FilterOptions, fmt: str,
                   image: ImageOptions = ImageOptions()) -> bytes:
    """The still map as PNG, SVG or PDF bytes."""
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
    if image.labels not in LABEL_MODES:
        raise ExportError(f"unknown label mode {image.labels!r}; use one of {', '.join(LABEL_MODES)}")
    with matplotlib.rc_context(RC):
        still = draw(story, view, options, fmt, image)
        buf = io.BytesIO()
        still.fig.savefig(buf, format=fmt, dpi=still.dpi, metadata=METADATA[fmt])
    return buf.getvalue()


def figure_size(fmt: str, size: tuple[int, int] | None) -> tuple[tuple[float, float], float]:
    """(width, height) in inches and dots per inch for ``fmt`` and a requested pixel size."""
    if size is None and fmt == "pdf":
        return A4_LANDSCAPE, 72.0
    width, height = size or DEFAULT_PX
    dpi = width / DESIGN_WIDTH
    return (DESIGN_WIDTH, height / dpi), dpi


@dataclass
class Still:
    """A drawn still map: the figure, its resolution, the label drawn for each labelled place (by index in
    ``scene.places``) and the notes printed under the map (what could not be labelled, and why)."""

    fig: Figure
    dpi: float
    scene: stillparts.Scene
    labels: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


SIDE = 2.9  # inches: the column with the locator, detail and legend
TOP, BOTTOM, PAD = 0.95, 0.55, 0.3
LOCATOR_H, DETAIL_H, DETAIL_H2, GAP = 1.6, 2.3, 2.0, 0.35


def draw(story: Story, view: View, options: FilterOptions, fmt: str, image: ImageOptions) -> Still:
    """The still map drawn (not yet saved)."""
    (w, h), dpi = figure_size(fmt, image.size)
    if h < 4.0:
        raise ExportError(f"image too flat: {image.size[0]}x{image.size[1]} px; give a height of at least "
                          f"{int(4.0 * dpi) + 1} px for that width")
    still = Still(Figure(figsize=(w, h), dpi=dpi), dpi, stillparts.Scene.of(story, view))
    fig, scene = still.fig, still.scene
    FigureCanvasAgg(fig)  # text extents are measured with Agg whatever the output format
    crs = basemap.local_crs(*scene.centre())
    to_map = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    map_rect = (PAD / w, BOTTOM / h, (w - SIDE - 2 * PAD) / w, (h - TOP - BOTTOM) / h)
    ax = fig.add_axes(map_rect)
    extent = scene.extent(to_map, ax_aspect=(map_rect[2] * w) / (map_rect[3] * h))
    stillparts.frame(ax, extent)
    lonlat_box = scene.lonlat_box(to_map, extent)
    country_boxes = basemap.country_names(ax, *basemap.draw_land(ax, crs, lonlat_box), extent)
    legs = stillparts.draw_legs(ax, scene, to_map)
    points = stillparts.draw_points(ax, scene, to_map)
    column = _Column(fig, w, h)
    locator = stillparts.shows_locator(extent)
    if locator:
        stillparts.locator(column.take(LOCATOR_H), scene, crs, to_map, extent)
    if image.labels != "none" and scene.places:
        xy = np.array([points[p.id] for p in scene.places])
        groups = _dense_groups(ax.transData.transform(xy), dpi, ax.bbox.width) if image.labels == "auto" else []
        groups = groups[:1 if locator else 2]  # as many detail boxes as the column holds beside the legend
        detail_lines = []
        for letter, group in zip("AB", groups):
            detail_lines += stillparts.detail(ax, column.take(DETAIL_H if len(groups) == 1 else DETAIL_H2), scene,
                                              group, to_map, still, letter)
        group = [i for g in groups for i in g]
        chosen = [i for i in scene.label_order() if i not in group]
        if image.labels == "auto" and len(chosen) > AUTO_MAX_LABELS:
            still.notes.append(f"{len(chosen) - AUTO_MAX_LABELS} further places not labelled "
                               f"(only the {AUTO_MAX_LABELS} with most events are)")
            chosen = chosen[:AUTO_MAX_LABELS]
        placed = labels.place(ax, xy[chosen, 0], xy[chosen, 1], [scene.places[i].name for i in chosen],
                              fontsize=7.2, obstacles=[tuple(xy[i]) for i in group], lines=[*legs, *detail_lines],
                              boxes=[*country_boxes, stillparts.scale_bar_box(ax)],
                              max_distance=0.16 if image.labels == "auto" else 0.3)
        still.labels.update({chosen[k]: text for k, text in placed.texts.items()})
        if placed.unplaced:
            still.notes.append("No room to label: " + "; ".join(scene.places[chosen[k]].name
                                                                 for k in placed.unplaced))
    for i, text in still.labels.items():
        text.set_gid(f"label-{i}")  # SVG: <g id="label-3"><text>…</text></g>, the place's index in the view
    stillparts.legend(column.rest(), scene)
    stillparts.scale_bar(ax)
    stillparts.texts(fig, w, h, PAD, TOP, BOTTOM, image.title or story.title, scene, options, still.notes)
    return still


class _Column:
    """The side column, filled top down."""

    def __init__(self, fig: Figure, w: float, h: float):
        self.fig, self.w, self.h, self.y = fig, w, h, h - TOP

    def take(self, height: float):
        self.y -= height
        ax = self.fig.add_axes(((self.w - SIDE - PAD / 2) / self.w, self.y / self.h, (SIDE - PAD / 2) / self.w,
                                height / self.h))
        self.y -= GAP
        return ax

    def rest(self):
        return self.take(self.y - BOTTOM)


def _dense_groups(disp: np.ndarray, dpi: float, width: float) -> list[list[int]]:
    """Groups of places (3 to DETAIL_MAX each, largest first) lying so close on the map that their labels would
    crowd, and small enough (at most a fifth of the map's ``width``, display units) that a detail box magnifies
    them. A crowded map where everything chains together gets none. The link radius is 0.22 in."""
    out = []
    for group in labels.clusters(disp, 0.22 * dpi):
        span = np.ptp(disp[group], axis=0).max() if len(group) > 1 else 0.0
        if 3 <= len(group) <= DETAIL_MAX and span <= width / 5:
            out.append(group)
    return out
