"""The faster escaping paths of render.py (issue 14, item 6) give exactly what the straightforward ones did:
:class:`render.Escaper` as escape(), :func:`render.marked` without escaping a text that has nothing to escape,
:func:`render.with_marks` for one mark,
:func:`render.link` and :func:`render.report_url` without parsing a plain http(s) URL. The straightforward
versions are kept here as the reference and compared on generated and hostile input."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from mapapp import render

# --- the reference: render.py before the speed work -------------------------------------------------------


class ReferenceEscaper:
    def __init__(self):
        self._texts: dict[str, str] = {}

    def __call__(self, value) -> str:
        text = "" if value is None else str(value)
        out = self._texts.get(text)
        if out is None:
            out = self._texts[text] = render.escape(text)
        return out


def reference_marked(text, spans, esc=render.escape):
    pieces, cuts, pos, at = [], [], 0, 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        before, inside = esc(text[pos:start]), esc(text[start:end])
        pieces += [before, inside]
        at += len(before)
        cuts.append(at)
        at += len(inside)
        cuts.append(at)
        pos = end
    pieces.append(esc(text[pos:]))
    return "".join(pieces), tuple(cuts)


def reference_with_marks(escaped, cuts):
    out, pos = [], 0
    for start, end in zip(cuts[::2], cuts[1::2]):
        out += [escaped[pos:start], "<mark>", escaped[start:end], "</mark>"]
        pos = end
    out.append(escaped[pos:])
    return "".join(out)


def reference_link(url, label=None, esc=render.escape):
    good = render.safe_url(url)
    text = esc(label or url)
    if good is None:
        return f'<span class="mapapp-url">{text}</span>'
    return f'<a href="{esc(good)}" target="_blank" rel="noopener noreferrer">{text}</a>'


def reference_report_url(url, esc=render.escape):
    good = render.safe_url(url)
    text = esc(url)
    href = esc(good) if good is not None else 0
    return text if href == text else [text, href]


# --- generated input -----------------------------------------------------------------------------------------

#: Plain sentences (the usual case, the fast paths) mixed with every character escape() changes, astral ones.
texts = st.text(alphabet=st.sampled_from(list("Vladivostok to Pyongyang. ") + list("<&>\"'`$\\{}\u2028\u2029😀é")),
                max_size=60) | st.text(max_size=30)
urls = (st.sampled_from(["https://example.org/a", "http://example.org/?q=1&r=<2>", "https://x.example/`${a}`",
                         "javascript:alert(1)", " https://lead.example/space", "http://[::1", "HTTPS://UPPER.example/",
                         "https://ok.example/é", "https://ok.example/\u2028", "https://a.example/{{x}}", "",
                         "https://example.org/?a=1&b=2", "https://example.org/$x", "https://example.org/'q'",
                         "data:text/html,<b>", "https://tab.example/\tx"])
        | st.text(max_size=40) | st.builds(lambda s: "https://example.org/" + s, st.text(max_size=20))
        | st.builds(lambda scheme, s: scheme + s, st.sampled_from(["https://", "http://", "http:/", "ftp://"]),
                    st.text(alphabet=st.characters(max_codepoint=127) | st.sampled_from("ab/?=&$'{}[]%#~|^"),
                            max_size=20)))


def escapers():
    """Fresh and used memos (a used one answers from its memo), and plain escape()."""
    warm = render.Escaper()
    for text in ("Vladivostok", "<b>", "", "Pyongyang. ", "&"):
        warm(text)
    return [render.escape, render.Escaper(), warm]


@settings(max_examples=400, deadline=None)
@given(text=texts, data=st.data())
def test_marked_is_the_reference_for_any_spans(text, data):
    # In range and sorted (what link.py makes), and hostile: reversed, overlapping, negative, past the end.
    bound = st.integers(-3, len(text) + 3)
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted).map(tuple)
                               | st.tuples(bound, bound), max_size=4))
    expected = reference_marked(text, spans)
    for esc in escapers():
        assert render.marked(text, spans, esc) == expected
        assert render.highlight(text, spans, esc) == reference_with_marks(*expected)


@settings(max_examples=300, deadline=None)
@given(text=texts, cuts=st.lists(st.integers(-5, 70), max_size=5))
def test_with_marks_is_the_reference_for_any_cuts(text, cuts):
    assert render.with_marks(text, cuts) == reference_with_marks(text, cuts)


@settings(max_examples=300, deadline=None)
@given(url=urls, label=st.none() | texts)
def test_link_and_report_url_are_the_reference(url, label):
    for esc in escapers():
        assert render.link(url, label, esc) == reference_link(url, label, render.escape)
        assert render.report_url(url, esc) == reference_report_url(url, render.escape)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(texts | st.none() | st.integers() | st.floats(allow_nan=False) | st.booleans()
                       | st.dates(), max_size=12))
def test_escaper_is_escape_whatever_it_saw_before(values):
    esc, reference = render.Escaper(), ReferenceEscaper()
    for value in values + values[::-1] + [None, 1, True, 1.0, "1", "True"]:  # 1 == True == 1.0: never mixed up
        assert esc(value) == reference(value) == render.escape(value)

