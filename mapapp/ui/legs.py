"""The list of visible route legs under the map: a row per leg (dates, ends, mode, km, km/day, the published
distance where known); choosing a row selects the leg, as a click on it on the map does."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import render
from ..view import View
from ..leginfo import leg_info
from ..model import Story
from . import state as S
from . import urlstate


def leg_list(story: Story, view: View) -> None:
    if not view.routes:
        st.caption("No route legs in this date range and these layers.")
        return
    legs = sorted(view.routes, key=lambda r: (r.date_start, r.id))
    infos = [leg_info(story, leg, {}, km=view.leg_km[leg.id]) for leg in legs]
    frame = pd.DataFrame([{"Dates": render.date_range(i.leg.date_start, i.leg.date_end), "Leg": i.leg.name,
                           "From → to": f"{i.from_name} → {i.to_name}", "Mode": i.by, "km": round(i.km),
                           "km/day": round(i.km_per_day),
                           "Published km": round(i.published[0].km) if i.published else None} for i in infos])

    def on_row():
        rows = st.session_state[S.LEG_TABLE].selection.rows
        if rows:
            urlstate.select_leg(legs[rows[0]].id, focus=True)

    st.caption("Choose a row to see the leg in the panel beside the map. km: along the drawn track; km/day: "
               "per calendar day, both ends counted.")
    st.dataframe(frame, hide_index=True, width="stretch", on_select=on_row, selection_mode="single-row",
                 key=S.LEG_TABLE, column_config={
                     "km": st.column_config.NumberColumn(format="%d km"),
                     "Published km": st.column_config.NumberColumn(format="%d km",
                                                                   help="A distance others give between its ends")})
