"""Split article text into sentences, keeping character offsets into the original text."""
from __future__ import annotations

import re

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt maj capt sgt st mt ft jr sr vs etc inc ltd co corp dept gov sen rep "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos fig approx est e.g i.e a.m p.m u.s u.k u.n "
    "d.c n.korea s.korea".split()
)
# A candidate end: . ! ? or …, then optional closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not m:
        return False
    word = m.group(1).lower()
    if word in _ABBREVIATIONS:
        return True
    # Single capital initials ("J. Smith", "U.S.") never end a sentence on their own.
    return len(m.group(1).replace(".", "")) <= 1 and m.group(1)[:1].isupper()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of each sentence; line breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for m in _END.finditer(text, block_start, block_end):
            nxt = _next_char(text, m.end(), block_end)
            if _is_abbreviation(text, m.start()) or (nxt and nxt.islower()):
                continue
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, block_end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s]


def _blocks(text: str):
    start = 0
    for m in _PARAGRAPH.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _next_char(text: str, pos: int, limit: int) -> str:
    while pos < limit and text[pos].isspace():
        pos += 1
    return text[pos] if pos < limit else ""


def _strip(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None
