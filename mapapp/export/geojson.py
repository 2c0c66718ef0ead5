"""GeoJSON export of the visible part of a story (RFC 7946): events as points, route legs as lines."""
from __future__ import annotations

from ..view import View
from ..geometry import lines_geometry
from ..model import Story


def geojson_document(story: Story, view: View) -> dict:
    """RFC 7946 FeatureCollection: one Point per visible event, one line feature per visible route leg (with its
    geodesic ``length_km`` along the drawn track). Each carries its layer's ``layer`` label and ``color`` (a
    point its ``symbol``, a leg its ``mode`` and, for a leg the story gives no geometry, ``drawn: false``: its
    geometry is the great-circle arc between its places)."""
    features = []
    colors = view.leg_colors
    for e in view.events:
        place = story.place_by_id[e.place_id]
        layer = story.layer(e.category)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "id": e.id, "category": e.category, "name": place.name, "title": e.title,
                "date_start": e.date_start.isoformat(),
                "date_end": e.date_end.isoformat() if e.date_end else None,
                "place_id": e.place_id, "participants": e.participants, "description": e.description,
                "sources": list(e.sources),
                "snippets": [{"article": s.article_title, "date": s.article_date.isoformat() if s.article_date
                              else None, "url": s.article_url, "text": s.text}
                             for s in view.snippets.get(e.place_id, ())],
                "layer": layer.label, "color": layer.color, "symbol": layer.symbol,
            },
        })
    for r in view.routes:
        features.append({"type": "Feature", "geometry": lines_geometry(r.lines), "properties": {
            "id": r.id, "category": r.category, "name": r.name, "date_start": r.date_start.isoformat(),
            "date_end": r.date_end.isoformat() if r.date_end else None, "from_place": r.from_place,
            "to_place": r.to_place, "sources": list(r.sources), "length_km": round(view.leg_km[r.id], 1),
            "description": r.description, "layer": story.layer(r.category).label,
            "color": colors[r.id], "mode": r.mode,
            **({} if r.drawn else {"drawn": False}),
            **({"approximate": [[list(c) for c in line] for line in r.approximate]} if r.approximate else {})}})
    return {"type": "FeatureCollection", "features": features}
