"""sentences.split_sentences: sentence boundaries as (start, end) offsets into the original text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from mapapp.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


CASES = [
    ("two plain sentences", "The train left at dawn. It arrived at noon.",
     ["The train left at dawn.", "It arrived at noon."]),
    ("Mr. and p.m.", "Mr. Vask went north. He arrived at 3 p.m. on Monday.",
     ["Mr. Vask went north.", "He arrived at 3 p.m. on Monday."]),
    ("U.S. mid-sentence", "The U.S. envoy warned Norvale. Nobody replied.",
     ["The U.S. envoy warned Norvale.", "Nobody replied."]),
    ("Gen. and Dr.", "Gen. Orlov met Dr. Ames at the port. Talks followed.",
     ["Gen. Orlov met Dr. Ames at the port.", "Talks followed."]),
    ("initials", "J. R. Tallis wrote the report. Then he left.",
     ["J. R. Tallis wrote the report.", "Then he left."]),
    ("decimals", "Trade rose 3.5 percent to 12.75 billion. Exports fell.",
     ["Trade rose 3.5 percent to 12.75 billion.", "Exports fell."]),
    ("month abbreviation before a year", "They met in Apr. 2019 at the port. Later they met again.",
     ["They met in Apr. 2019 at the port.", "Later they met again."]),
    ("No. before a number", "Platform No. 4 was closed. Crowds waited.",
     ["Platform No. 4 was closed.", "Crowds waited."]),
    ("question and exclamation", "Is it over? Not yet! Wait.", ["Is it over?", "Not yet!", "Wait."]),
    ("straight quotes", '"We will go," he said. "Now." She nodded.',
     ['"We will go," he said.', '"Now."', "She nodded."]),
    ("closing quote after the stop", 'He said: "It is over." Then he left.',
     ['He said: "It is over."', "Then he left."]),
    ("curly quotes", "‘We arrived,’ the driver said. “Good,” she replied.",
     ["‘We arrived,’ the driver said.", "“Good,” she replied."]),
    ("ellipsis then lowercase stays", "Wait... what happened? Nothing.", ["Wait... what happened?", "Nothing."]),
    ("lowercase after a stop does not split", "The talks ended at 5 a.m. sharp. Done.",
     ["The talks ended at 5 a.m. sharp.", "Done."]),
    ("line break ends a sentence", "A headline without a stop\nThe body starts here.",
     ["A headline without a stop", "The body starts here."]),
    ("blank lines and indentation", "  First.\n\n\n   Second.  \n", ["First.", "Second."]),
    ("CRLF", "One.\r\nTwo.\r\n", ["One.", "Two."]),
    ("closing bracket", "The spaceport (far north.) was big. Done.", ["The spaceport (far north.) was big.", "Done."]),
    ("trailing text without a stop", "It ended in 2019. The next year", ["It ended in 2019.", "The next year"]),
    ("empty", "", []),
    ("whitespace only", " \n\t\n ", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_sentences(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_offsets_are_ordered_stripped_and_inside_the_text(text):
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end


def test_offsets_map_back_into_the_original_text():
    text = "Intro line\n\nMr. Vask arrived. He met Gen. Orlov at 9.30 a.m. on the platform.\nEnd."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Intro line", "Mr. Vask arrived.", "He met Gen. Orlov at 9.30 a.m. on the platform.", "End."]
    assert spans[1] == (text.index("Mr."), text.index("arrived.") + len("arrived."))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.!?\n\"'’”)3")), max_size=80))
def test_every_non_space_character_is_in_exactly_one_sentence(text):
    spans = split_sentences(text)
    covered = [0] * len(text)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        for i in range(start, end):
            covered[i] += 1
    for i, ch in enumerate(text):
        assert covered[i] <= 1
        if not ch.isspace():
            assert covered[i] == 1, (text, spans, i)
    for start, end in spans:
        assert "\n" not in text[start:end]  # a line break always ends a sentence


def _check_spans(text, spans):
    """In order, not overlapping, inside the text and stripped."""
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_gives_ordered_spans_inside_it(text):
    _check_spans(text, split_sentences(text))


# Hostile shapes repeated into long texts: runs of stops, quotes, brackets, blank lines, initials,
# abbreviations and long words. Linear splitting handles each within the deadline.
_UNITS = ["." * 50, "!?…", "\"'”’»)]" * 10, "\n \n\t", " ", "Mr.", "a.", "A. ", "U.S.", "x" * 300,
          "\r\n", "\u00a0", "e.g. ", "\u2028", "😀", "...?!"]


@settings(max_examples=60, deadline=2000)
@given(st.lists(st.sampled_from(_UNITS), min_size=1, max_size=40), st.integers(1, 200))
def test_hostile_long_texts_never_hang(units, repeat):
    text = "".join(units) * repeat
    _check_spans(text, split_sentences(text))
