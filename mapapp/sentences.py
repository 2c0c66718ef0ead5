"""Split article text into sentences, keeping character offsets into the original text."""
from __future__ import annotations

import re

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt maj capt sgt st mt ft jr sr vs etc inc ltd co corp dept gov sen rep "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos fig approx est e.g i.e a.m p.m u.s u.k u.n "
    "d.c n.korea s.korea".split()
)
# A candidate end: . ! ? or …, then optional closing quotes/brackets, then whitespace. It starts only
# where a run of stops starts (the first stop is not preceded by another), so a long run is not retried
# from each of its characters; written with the stop first, so that the regex engine jumps from stop to
# stop instead of trying every position (twice as fast).
_END = re.compile(r"[.!?…](?<![.!?…]{2})[.!?…]*[\"'”’»)\]]*(?=\s)")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
# A longer sentence (a list, a table, a text without full stops) is quoted around each mention only.
MAX_SENTENCE = 1000
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial, not a sentence. Looks
    back over the word before the stop only, so the cost is that word's length."""
    if text[dot] != ".":
        return False
    end = dot - 1 if dot and text[dot - 1] == "\n" else dot
    start = end
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    while start < end and text[start] == ".":  # the word starts with its first letter
        start += 1
    if start == end:
        return False
    word = text[start:end]
    if word.lower() in _ABBREVIATIONS:
        return True
    # Single capital initials ("J. Smith", "U.S.") never end a sentence on their own.
    return len(word.replace(".", "")) <= 1 and word[:1].isupper()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of each sentence, without the whitespace around it; line breaks always
    end a sentence. Linear in the text's length."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = _skip_space(text, block_start, block_end)
        for m in _END.finditer(text, block_start, block_end):
            after = _skip_space(text, m.end(), block_end)  # the next sentence's start, if this one ends here
            if _is_abbreviation(text, m.start()) or (after < block_end and text[after].islower()):
                continue
            spans.append((start, m.end()))  # a stop ends the match: nothing to strip
            start = after
        end = block_end
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def _blocks(text: str):
    start = 0
    for m in _PARAGRAPH.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _skip_space(text: str, pos: int, limit: int) -> int:
    """The first position from ``pos`` that is not whitespace (``limit`` if none is before it)."""
    while pos < limit and text[pos].isspace():
        pos += 1
    return pos


def context(start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """The part of sentence ``[start, end)`` shown around ``[a, b)``: the whole sentence, or for one longer
    than ``MAX_SENTENCE`` characters (a list, a text without full stops) the mention with up to half that
    on each side, so quoting each mention costs a bounded copy."""
    if end - start <= MAX_SENTENCE:
        return start, end
    return max(start, a - MAX_SENTENCE // 2), min(end, b + MAX_SENTENCE // 2)
