"""Edit mode's forms: places, events, legs and layers. Each reads its widgets into one edit object of
:mod:`mapapp.edit` and hands it to ``commit`` (ui.edit_mode.commit); nothing here writes a file.

Story text shown in labels goes through render.markdown_text; option lists show plain text."""
from __future__ import annotations

from datetime import date

import streamlit as st

from .. import edit as E, render
from ..editbase import new_id
from ..geoparse import Candidate, name_key
from ..layers import MODES, REPORTED, SYMBOLS, palette
from ..model import Story
from . import cached

PICK = "edit_pick"  # (lat, lon) last clicked for a new place or a move
PICK_FOR = "edit_pick_for"  # whom the click is for: None → the new place, else a place id (a move)
DRAFT = "edit_draft"  # [(lon, lat), …] clicked for the leg's line
PLACE_PICK = "edit_place"  # the place chosen for changing
NONCE = "edit_nonce"  # per form: a new number gives the form fresh, empty widgets after a save
LOOKUP = "edit_lookup"
NEW = "(new)"
MAX_CANDIDATES = 8


def key(field: str, item: str = "", form: str = "place") -> str:
    """The widget key of ``field`` in ``form`` for ``item`` (a new item's form changes key after each save)."""
    nonce = st.session_state.setdefault(NONCE, {}).get(form, 0)
    return f"edit_{form}_{field}_{item}_{nonce}"


def saved_form(form: str):
    """Called on a successful save: the form's widgets start empty next time."""
    nonces = st.session_state.setdefault(NONCE, {})
    nonces[form] = nonces.get(form, 0) + 1


def _keep_choice(state_key: str, options) -> None:
    """Forget a chosen item that is gone (deleted, or undone) before its selectbox is drawn."""
    if st.session_state.get(state_key) not in options:
        st.session_state.pop(state_key, None)


def _position(item: str | None, default: tuple) -> tuple[tuple, str]:
    """The position the widgets of the new place (``item`` None) or of place ``item`` start from: the last map
    click meant for it, else ``default``; and a tag for their keys, so that a new click gives new widgets
    holding it (a widget's value cannot be changed once it is drawn)."""
    pick = st.session_state.get(PICK)
    if pick is not None and st.session_state.get(PICK_FOR) == item:
        return pick, f"{pick[0]}_{pick[1]}"
    return default, ""


def _forget_pick() -> None:
    st.session_state.pop(PICK, None)
    st.session_state.pop(PICK_FOR, None)


def _lat_lon(columns, item: str, form: str, start: tuple, tag: str) -> tuple:
    help_ = "Click on the map to fill it in, or type it."
    return tuple(col.number_input(label, min_value=-bound, max_value=bound, format="%.6f", step=0.01,
                                  value=None if value is None else float(value),
                                  key=key(f"{field}_{tag}", item, form), help=help_)
                 for col, label, field, bound, value in zip(columns, ("Latitude", "Longitude"), ("lat", "lon"),
                                                            (90.0, 180.0), start))


def lines(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (text or "").splitlines() if v.strip())


def commas(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (text or "").split(",") if v.strip())


def _own_places(story: Story):
    return [p for p in story.places if p.id not in story.reported_place_ids]


def _place_label(story: Story):
    return lambda pid: f"{story.place_by_id[pid].name} ({pid})" if pid in story.place_by_id else pid


# --- places ------------------------------------------------------------------------------------------

def candidates(gazetteer, query: str) -> list[Candidate]:
    """Gazetteer points for a typed name, biggest first; the story's own places are left out."""
    found = [c for c in gazetteer.lookup(name_key(query)) if not c.place_id]
    unique = {(c.name, round(c.lat, 3), round(c.lon, 3)): c for c in found}
    return sorted(unique.values(), key=lambda c: -c.population)[:MAX_CANDIDATES]


def places(story: Story, root: str, signature, commit) -> None:
    st.subheader("Add a place", anchor=False)
    _lookup(root, signature)
    start, tag = _position(None, (None, None))
    with st.form("edit_add_place"):
        name = st.text_input("Name", key=key("name"), help="As articles write it; aliases can follow.")
        c1, c2 = st.columns(2)
        lat, lon = _lat_lon((c1, c2), "", "place", start, tag)
        kind = c1.text_input("Kind", key=key("kind"), help="city, station, venue… (free text)")
        country = c2.text_input("Country", key=key("country"), help="ISO two-letter code, e.g. VN")
        with st.expander("More: id, aliases, sources, description"):
            pid = st.text_input("Id", key=key("id"), help="Leave empty to make one from the name.")
            aliases = st.text_input("Aliases", key=key("aliases"), help="Other names, comma-separated.")
            sources = st.text_area("Sources", key=key("sources"), help="One http(s) URL per line.")
            description = st.text_area("Description", key=key("description"))
        if st.form_submit_button("Add place", type="primary"):
            item = E.AddPlace(pid.strip() or new_id(name, story.place_by_id), name,
                              lat if lat is not None else float("nan"), lon if lon is not None else float("nan"),
                              kind=kind, country=country, aliases=commas(aliases), sources=lines(sources),
                              description=description)
            commit(root, item, form="place", after=_forget_pick)
    _change_place(story, root, commit)


def _lookup(root: str, signature) -> None:
    query = st.text_input("Look up a name in the gazetteer", key=LOOKUP, placeholder="e.g. Hanoi",
                          help="Cities, towns and landmarks of the geoparser's gazetteer; pick one to fill the form.")
    if not query.strip():
        return
    found = candidates(cached.gazetteer(root, signature), query)
    if not found:
        st.caption(render.markdown_text(f"Nothing called {query!r} in the gazetteer; click on the map instead."))
        return
    i = st.selectbox("Candidates", range(len(found)), key=f"{LOOKUP}_pick",
                     format_func=lambda n: f"{found[n].name} · {found[n].kind or 'place'} · {found[n].country} · "
                                           f"{found[n].lat:.4f}, {found[n].lon:.4f}")
    if st.button("Use this place", key=f"{LOOKUP}_use"):
        c = found[i]
        for field, value in (("name", c.name), ("kind", c.kind), ("country", c.country)):
            st.session_state[key(field)] = value
        st.session_state[PICK], st.session_state[PICK_FOR] = (round(c.lat, 6), round(c.lon, 6)), None
        st.rerun()


def _change_place(story: Story, root: str, commit) -> None:
    st.subheader("Change a place", anchor=False)
    ids = [p.id for p in _own_places(story)]
    if not ids:
        st.caption("No places yet.")
        return
    _keep_choice(PLACE_PICK, [None, *ids])
    pid = st.selectbox("Place", [None, *ids], key=PLACE_PICK, format_func=lambda v: "—" if v is None
                       else _place_label(story)(v), help="Then click on the map to move it, or edit its fields.")
    if pid is None:
        return
    p = story.place_by_id[pid]
    start, tag = _position(pid, (p.lat, p.lon))
    with st.form(f"edit_place_{pid}"):
        name = st.text_input("Name", value=p.name, key=key("name", pid, "change"))
        c1, c2 = st.columns(2)
        lat, lon = _lat_lon((c1, c2), pid, "change", start, tag)
        kind = c1.text_input("Kind", value=p.kind, key=key("kind", pid, "change"))
        country = c2.text_input("Country", value=p.country, key=key("country", pid, "change"))
        aliases = st.text_input("Aliases", value=", ".join(p.aliases), key=key("aliases", pid, "change"),
                                help="Comma-separated.")
        sources = st.text_area("Sources", value="\n".join(p.sources), key=key("sources", pid, "change"),
                               help="One http(s) URL per line.")
        description = st.text_area("Description", value=p.description, key=key("description", pid, "change"))
        save, delete = st.columns(2)
        if save.form_submit_button("Save place", type="primary"):
            commit(root, E.UpdatePlace(pid, name=name, aliases=commas(aliases), kind=kind, country=country,
                                       sources=lines(sources), description=description,
                                       lat=lat, lon=lon), after=_forget_pick)
        if delete.form_submit_button("Delete place"):
            commit(root, E.DeletePlace(pid))


# --- events ------------------------------------------------------------------------------------------

def events(story: Story, root: str, signature, commit) -> None:
    own = [e for e in story.events if e.category != REPORTED]
    _keep_choice("edit_event_pick", [NEW, *[e.id for e in own]])
    pick = st.selectbox("Event", [NEW, *[e.id for e in own]], key="edit_event_pick",
                        format_func=lambda v: "New event" if v == NEW else f"{story.event_by_id[v].title} ({v})")
    ev = story.event_by_id.get(pick)
    place_ids = [p.id for p in _own_places(story)]
    layer_ids = [layer.id for layer in story.point_layers if layer.id != REPORTED]
    if not place_ids or not layer_ids:
        st.info("Add a place (and a point layer) first: an event happens at a place.")
        return
    form = "event"
    with st.form(f"edit_event_{pick}"):
        place = st.selectbox("Place", place_ids, index=place_ids.index(ev.place_id) if ev and ev.place_id in
                             place_ids else len(place_ids) - 1, format_func=_place_label(story),
                             key=key(f"place{len(place_ids)}", pick, form), help="New events default to the newest place.")
        layer = st.selectbox("Layer", layer_ids, index=layer_ids.index(ev.category) if ev and ev.category in
                             layer_ids else 0, format_func=story.label, key=key("layer", pick, form))
        title = st.text_input("Title", value=ev.title if ev else "", key=key("title", pick, form))
        c1, c2 = st.columns(2)
        start = c1.date_input("Start", value=ev.date_start if ev else date.today(), format="YYYY-MM-DD",
                              key=key("start", pick, form))
        end = c2.date_input("End (optional)", value=ev.date_end if ev else None, format="YYYY-MM-DD",
                            key=key("end", pick, form), help="Leave empty for a one-day event.")
        participants = st.text_input("Participants", value=ev.participants if ev else "",
                                     key=key("participants", pick, form))
        description = st.text_area("Description", value=ev.description if ev else "",
                                   key=key("description", pick, form))
        sources = st.text_area("Sources", value="\n".join(ev.sources) if ev else "", key=key("sources", pick, form),
                               help="One http(s) URL per line.")
        save, delete = st.columns(2)
        values = dict(place=place, category=layer, title=title, start=_iso(start), end=_iso(end),
                      participants=participants, description=description, sources=lines(sources))
        if save.form_submit_button("Save event" if ev else "Add event", type="primary"):
            item = E.UpdateEvent(pick, **values) if ev else E.AddEvent(new_id(title, story.event_by_id, "e_"),
                                                                       **values)
            commit(root, item, form=form)
        if ev and delete.form_submit_button("Delete event"):
            commit(root, E.DeleteEvent(pick))


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else ""


# --- legs --------------------------------------------------------------------------------------------

LINE, AIR, KEEP = "Line: from place → points clicked on the map → to place", "None: an air leg (great circle)", \
    "Keep its line"


def legs(story: Story, root: str, signature, commit) -> None:
    _keep_choice("edit_leg_pick", [NEW, *[r.id for r in story.routes]])
    pick = st.selectbox("Leg", [NEW, *[r.id for r in story.routes]], key="edit_leg_pick",
                        format_func=lambda v: "New leg" if v == NEW else
                        f"{next(r.name for r in story.routes if r.id == v)} ({v})")
    leg = next((r for r in story.routes if r.id == pick), None)
    place_ids = [p.id for p in _own_places(story)]
    layer_ids = [layer.id for layer in story.route_layers]
    if not place_ids or not layer_ids:
        st.info("Add places (and a route layer) first: a leg goes from one place to another.")
        return
    draft = st.session_state.get(DRAFT, [])
    st.caption(f"Line being drawn: {len(draft)} point(s) clicked. Choose “Add a point to the leg's line” above "
               "the map and click along the way.")
    c1, c2 = st.columns(2)
    if c1.button("Remove the last point", disabled=not draft):
        st.session_state[DRAFT] = draft[:-1]
        st.rerun()
    if c2.button("Clear the line", disabled=not draft):
        st.session_state[DRAFT] = []
        st.rerun()
    form = "leg"
    with st.form(f"edit_leg_{pick}"):
        label = _place_label(story)
        a, b = st.columns(2)
        n = len(place_ids)  # in the keys: a new place resets the defaults (the two newest places)
        src = a.selectbox("From", place_ids, format_func=label, key=key(f"from{n}", pick, form),
                          index=place_ids.index(leg.from_place) if leg and leg.from_place in place_ids
                          else max(0, n - 2))
        dst = b.selectbox("To", place_ids, format_func=label, key=key(f"to{n}", pick, form),
                          index=place_ids.index(leg.to_place) if leg and leg.to_place in place_ids
                          else len(place_ids) - 1)
        layer = a.selectbox("Layer", layer_ids, format_func=story.label, key=key("layer", pick, form),
                            index=layer_ids.index(leg.category) if leg and leg.category in layer_ids else 0)
        modes = ["", *MODES]
        mode = b.selectbox("Mode", modes, format_func=lambda m: m or "the layer's", key=key("mode", pick, form),
                           index=modes.index(leg.mode) if leg and leg.mode in modes else 0)
        start = a.date_input("Start", value=leg.date_start if leg else date.today(), format="YYYY-MM-DD",
                             key=key("start", pick, form))
        end = b.date_input("End (optional)", value=leg.date_end if leg else None, format="YYYY-MM-DD",
                           key=key("end", pick, form))
        name = st.text_input("Name", value=leg.name if leg else "", key=key("name", pick, form),
                             help="Leave empty for “From → To”.")
        shape = st.radio("Geometry", [KEEP, LINE, AIR] if leg else [LINE, AIR], key=key("shape", pick, form))
        description = st.text_area("Description", value=leg.description if leg else "",
                                   key=key("description", pick, form))
        sources = st.text_area("Sources", value="\n".join(leg.sources) if leg else "", key=key("sources", pick, form),
                               help="One http(s) URL per line.")
        save, delete = st.columns(2)
        if save.form_submit_button("Save leg" if leg else "Add leg", type="primary"):
            line = None if shape == KEEP else () if shape == AIR else _line(story, src, dst, draft)
            values = dict(from_place=src, to_place=dst, category=layer, start=_iso(start), end=_iso(end),
                          mode=mode if shape != AIR else "air", name=name, description=description,
                          sources=lines(sources))
            item = E.UpdateRoute(pick, geometry=line, **values) if leg else E.AddRoute(
                new_id(f"{src} {dst}", [r.id for r in story.routes], "leg_"), geometry=line or None, **values)
            commit(root, item, form=form, after=lambda: st.session_state.pop(DRAFT, None))
        if leg and delete.form_submit_button("Delete leg"):
            commit(root, E.DeleteRoute(pick))


def _line(story: Story, src: str, dst: str, draft) -> tuple:
    a, b = story.place_by_id[src], story.place_by_id[dst]
    return ((a.lon, a.lat), *[tuple(p) for p in draft], (b.lon, b.lat))


# --- layers ------------------------------------------------------------------------------------------

def layers(story: Story, root: str, signature, commit) -> None:
    own = [layer for layer in story.layers if layer.id != REPORTED]
    ids = [layer.id for layer in own]
    _keep_choice("edit_layer_pick", [NEW, *ids])
    pick = st.selectbox("Layer", [NEW, *ids], key="edit_layer_pick",
                        format_func=lambda v: "New layer" if v == NEW else f"{story.label(v)} ({v})")
    layer = story.layer_by_id.get(pick)
    form = "layer"
    if layer:
        c1, c2, c3 = st.columns(3)
        i = ids.index(pick)
        if c1.button("Move up", disabled=i == 0):
            commit(root, E.MoveLayer(pick, i - 1))
        if c2.button("Move down", disabled=i == len(ids) - 1):
            commit(root, E.MoveLayer(pick, i + 1))
        if c3.button("Delete layer"):
            commit(root, E.DeleteLayer(pick))
    with st.form(f"edit_layer_{pick}"):
        label = st.text_input("Label", value=layer.label if layer else "", key=key("label", pick, form))
        kind = layer.type if layer else st.radio("Type", ["points", "routes"], horizontal=True,
                                                 key=key("type", pick, form))
        by_date = layer is not None and layer.is_routes and not layer.color.startswith("#")
        color = st.color_picker("Colour", value=layer.color if layer and not by_date else palette(kind)[0],
                                key=key("color", pick, form), help="Layer colours should differ clearly; "
                                "`validate` warns about colours too close to tell apart.")
        symbol = st.selectbox("Symbol (points)", SYMBOLS, key=key("symbol", pick, form),
                              index=SYMBOLS.index(layer.symbol) if layer and layer.symbol in SYMBOLS else 0)
        mode = st.selectbox("Mode (routes)", MODES, key=key("mode", pick, form),
                            index=MODES.index(layer.mode) if layer and layer.mode in MODES else len(MODES) - 1)
        if st.form_submit_button("Save layer" if layer else "Add layer", type="primary"):
            if layer:
                item = E.UpdateLayer(pick, label=label, color=None if by_date else color,
                                     symbol=symbol if layer.is_points else None,
                                     mode=mode if layer.is_routes else None)
            else:
                item = E.AddLayer(new_id(label, [x.id.casefold() for x in story.layers]), label, kind, color,
                                  symbol, mode)
            commit(root, item, form=form)
