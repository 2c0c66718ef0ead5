"""Edit mode: make a story from nothing and change it in the dashboard.

Off by default (a sidebar toggle); viewing stays as it is. In edit mode the page shows an edit map (every
place and leg; a click picks a position for a new place, moves the chosen place, or adds a point to the line
being drawn: no drawing plugin, so it works offline) beside forms for places, events, legs and layers
(:mod:`mapapp.ui.edit_forms`). Every form builds an edit object of :mod:`mapapp.edit` and hands it to
:func:`commit`, which saves it with :func:`mapapp.journal.save` against the content hash the forms were
drawn from, so a change made meanwhile by another session is refused rather than overwritten.
"""
from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from .. import journal, render, settings, storyfiles
from ..editmap import edit_layers, start_view
from ..errors import MapAppError
from ..mapbuild import MapOptions, base_map
from ..model import Story
from ..newstory import create, is_empty_folder
from . import cached, edit_forms as F

TOGGLE = "edit_mode"
BASE = "edit_base"  # the content hash of the story files the forms were drawn from
NOTE = "edit_note"  # what the last change did, shown once after the rerun
CLICK = "edit_click"  # the last map click handled
CLICK_DOES = "edit_click_does"
VIEW = "edit_view"  # the edit map's first centre and zoom
MAP = "edit_map"
TAB = "edit_tab"  # the open tab, kept across the rerun after a save
NEW_TITLE = "new_story_title"
ADD_HERE, MOVE_HERE, DRAW_HERE = "Put a new place here", "Move the chosen place here", "Add a point to the leg's line"


def offer_new_story(root: str) -> bool:
    """On a missing or empty story folder, a form that creates the story there; True when it was shown."""
    if not is_empty_folder(root):
        return False
    st.title("Start a new story", anchor=False)
    st.write(render.markdown_text(f"There is no story in {root} yet. Give it a title to create it: an empty "
                                  "story you can then fill in edit mode (places, events, legs, layers)."))
    with st.form("new_story"):
        title = st.text_input("Title", key=NEW_TITLE, placeholder="e.g. The 2019 Hanoi summit",
                              help="Shown above the map and in every export; you can change it in story.json.")
        if st.form_submit_button("Create the story", type="primary"):
            try:
                create(root, title)
            except MapAppError as exc:
                show_error(exc)
            else:
                st.session_state[TOGGLE] = True
                st.session_state[NOTE] = "Story created: click on the map to add its first place."
                st.rerun()
    return True


def toggle() -> bool:
    with st.sidebar:
        return st.toggle("Edit mode", key=TOGGLE, help="Add, move and change places, events, legs and layers. "
                         "Every change is saved at once and can be undone.")


def show_error(exc: Exception) -> None:
    """An error message as Markdown-safe text, one paragraph per line."""
    st.error("\n\n".join(render.markdown_text(line) for line in str(exc).splitlines() if line.strip()))


def commit(root: str, item, form: str | None = None, after=None) -> None:
    """Save one edit (refused when the story changed since these forms were drawn); rerun to show it.
    ``form``: the form whose widgets start empty after the save; ``after``: called after a save."""
    try:
        saved = journal.save(root, item, expected=st.session_state.get(BASE))
    except MapAppError as exc:
        show_error(exc)
        return
    if form:
        F.saved_form(form)
    if after:
        after()
    _done(saved)


def _done(saved: journal.Saved) -> None:
    note = saved.summary + "".join(f"\n\nwarning: {w}" for w in saved.warnings)
    st.session_state[NOTE] = note
    for cache in (cached.story, cached.snippets, cached.event_rows, cached.timeline_chart):
        cache.clear()
    st.rerun()


def page(story: Story, root: str, signature) -> None:
    """The edit mode's page: the edit map and the forms."""
    current = storyfiles.story_digest(root)
    note = st.empty()  # always there, so a note does not move (and remount) the widgets below it
    if NOTE in st.session_state:
        note.success(render.markdown_text(st.session_state.pop(NOTE)))
    top = st.columns([3, 1])
    with top[0]:
        st.radio("A click on the map will", (ADD_HERE, MOVE_HERE, DRAW_HERE), key=CLICK_DOES, horizontal=True,
                 help="Pick what a click does; the forms on the right show the result before you save.")
    with top[1]:
        if st.button("Undo the last change", icon="↩️", help="Step back one change (repeat to go further)."):
            try:
                _done(journal.undo(root, expected=st.session_state.get(BASE)))
            except MapAppError as exc:
                show_error(exc)
    map_col, form_col = st.columns([3, 2], gap="medium")
    with map_col:
        _map(story)
    with form_col:
        tabs = st.tabs(["Places", "Events", "Legs", "Layers", "History"], key=TAB)
        with tabs[0]:
            F.places(story, root, signature, commit)
        with tabs[1]:
            F.events(story, root, signature, commit)
        with tabs[2]:
            F.legs(story, root, signature, commit)
        with tabs[3]:
            F.layers(story, root, signature, commit)
        with tabs[4]:
            _history(root)
    st.session_state[BASE] = current


def _map(story: Story) -> None:
    if VIEW not in st.session_state:
        st.session_state[VIEW] = start_view(story)
    center, zoom = st.session_state[VIEW]
    draft = tuple(st.session_state.get(F.DRAFT, ()))
    pick = st.session_state.get(F.PICK)
    groups = edit_layers(story, draft, pick, st.session_state.get(F.PLACE_PICK))
    m = base_map(story, MapOptions(legend=False, keyboard=False), cluster=False)
    m.location, m.options["zoom"] = list(center), zoom  # the same every rerun: the component stays mounted
    out = st_folium(m, key=MAP, height=int(settings.get("map_height")), use_container_width=True,
                    returned_objects=["last_clicked"], render=False, feature_group_to_add=groups)
    click = (out or {}).get("last_clicked")
    if click and click != st.session_state.get(CLICK):
        st.session_state[CLICK] = click
        if on_click(st.session_state.get(CLICK_DOES, ADD_HERE), click["lat"], click["lng"], story):
            st.rerun()
    st.caption("Grey-outlined dots are places (filled with their first event's layer colour); lines are legs "
               "(dashed: air legs drawn as great circles). Hover for names.")


def on_click(does: str, lat: float, lon: float, story: Story) -> bool:
    """Put a map click where ``does`` says, in session state the forms read; True when something changed."""
    lat, lon = round(float(lat), 6), round(((float(lon) + 180) % 360) - 180, 6)  # a wrapped world: lon > 180
    if does == DRAW_HERE:
        st.session_state[F.DRAFT] = [*st.session_state.get(F.DRAFT, []), (lon, lat)]
        return True
    chosen = st.session_state.get(F.PLACE_PICK)
    if does == MOVE_HERE and chosen not in story.place_by_id:
        return False
    st.session_state[F.PICK] = (lat, lon)
    st.session_state[F.PICK_FOR] = chosen if does == MOVE_HERE else None  # None: the new place
    return True


def _history(root: str) -> None:
    entries = journal.history(root)
    keep = int(settings.get("history_size"))
    st.caption(f"The last {keep} changes are kept in geodata/.history/; “Undo the last change” steps back "
               "through them, newest first.")
    if not entries:
        st.write("No changes yet.")
    for entry in entries:
        st.text(f"{entry.at}  {entry.summary}")
