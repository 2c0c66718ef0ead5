"""How sure the geoparser is of one mention, as a score in [0, 1] and a short reason a reviewer can read
("unique city name in a country the text names", "ambiguous: 3 candidates, picked the most populous").
Pure: it weighs the evidence :func:`mapapp.geoparse.find_mentions` gathered while resolving."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# What the name was found as, the trust that alone gives, and how the reason calls it.
_BASE = {"story": (0.95, "story place"), "country": (0.9, "country"), "table": (0.85, "known place"),
         "admin1": (0.7, "state or province"), "admin2": (0.55, "county or district"), "city": (0.5, "")}
DOUBTFUL = 0.6  # below this the review step lists a mention first


@dataclass(frozen=True)
class Evidence:
    """What resolving one mention found out."""

    source: str  # story, table, country, admin1, admin2, city
    kind: str
    population: int
    alternate: bool  # matched through an alternate name of the place
    candidates: int  # how many points the name could stand for (after the traps)
    margin: float  # score of the chosen point minus the runner-up's, per occurrence (inf: no runner-up)
    most_populous: bool  # the chosen point is more populous than every other candidate
    runner_up_source: str  # the runner-up's source ("" without one)
    in_context: bool  # in a country the text names
    confirmed: bool  # "X, Y" names its region or country
    near_km: float  # distance to the nearest other place of the text (inf: none)


def judge(e: Evidence) -> tuple[float, str]:
    """(confidence rounded to 0.01, reason)."""
    score, what = _BASE.get(e.source, (0.5, ""))
    if not what:  # a town: the bigger, the more likely a writer means it without saying more
        score += 0.25 if e.population >= 1_000_000 else 0.1 if e.population >= 100_000 else 0.0
        what = ("city" if e.population >= 100_000 else "town") + (f" of {_people(e.population)}"
                                                                  if e.population else "")
    parts = []
    if e.alternate:
        score -= 0.15
        what = f"alternate name of a {what}"
    if e.source not in ("story", "country", "table"):
        if e.confirmed:
            score += 0.2
            parts.append("confirmed by the region named after it")
        if e.in_context:
            score += 0.1
            parts.append("in a country the text names")
        if e.near_km <= 400:
            score += 0.1
            parts.append("near the text's other places")
    if e.candidates <= 1:
        lead = f"{what}, the only candidate"
    else:
        lead = what
        # a clear lead over the runner-up keeps the score; a narrow one costs up to half of it
        score *= 0.5 + 0.5 * (1 - math.exp(-max(e.margin, 0.0) / 8.0))
        if e.source == "story" and e.runner_up_source != "story":
            picked = "the story's place"
        elif e.most_populous:
            picked = "the most populous"
        else:
            picked = "the one the text's context supports"
        parts.append(f"ambiguous: {e.candidates} candidates, picked {picked}")
    reason = lead + ("; " + ", ".join(parts) if parts else "")
    return round(min(0.99, max(0.05, score)), 2), reason


def _people(n: int) -> str:
    return f"{n / 1e6:.1f}M" if n >= 1_000_000 else f"{n:,}"


def review_order(confidences: Sequence[float]) -> list[int]:
    """Indexes of the mentions as the review step lists them: the doubtful ones first, least sure first,
    then the others in text order."""
    return sorted(range(len(confidences)),
                  key=lambda k: (0, confidences[k], k) if confidences[k] < DOUBTFUL else (1, 0.0, k))
