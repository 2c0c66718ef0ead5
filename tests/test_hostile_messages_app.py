"""Every message the app shows, fed Markdown and HTML from a story, a link and a setting (issue 16, item 2).

Streamlit reads titles, labels, radio options, captions and message boxes as Markdown. Each test opens the app
(AppTest) on a story or link carrying payloads and reads every such text the page holds the way Streamlit's
Markdown would (tests/markdown_support.py): only paragraphs and line breaks, no link, image, HTML, autolink,
emoji shortcode, directive or formula; and where a payload is shown, it is shown exactly.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from mapapp.load import load_story
from markdown_support import shown_text
from payloads import (HOSTILE_LABEL, MARKDOWN_PAYLOADS, PAYLOADS, hostile_story_json, write_hostile_story)
from story_factory import default_events, event, write_story

pytestmark = pytest.mark.app

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def run(monkeypatch, root, query: dict | None = None):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MAPAPP_STORY", str(root))
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def markdown_texts(at) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown, as sources."""
    out = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "error", "warning", "info", "success"):
        out += [e.value for e in getattr(at, kind)]
    for kind in ("checkbox", "button", "toggle", "text_input", "date_input", "selectbox", "text_area"):
        out += [e.label for e in getattr(at, kind)]
    for radio in at.radio:
        out += [radio.label, *radio.options]
    out += [e.label for e in at.expander]
    return out


def shown(at) -> list[str]:
    """What the reader sees of each Markdown text; fails if any of them would make more than text (and the app's
    own bold figures)."""
    return [shown_text(source, OWN_TAGS) for source in markdown_texts(at)]


OWN_TAGS = frozenset({"strong"})


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory):
    root = write_hostile_story(tmp_path_factory.mktemp("hostile-md"))
    (root / "geodata" / "story.json").write_text(json.dumps(hostile_story_json()), encoding="utf-8")
    return root


def test_title_labels_and_periods_show_as_text(monkeypatch, hostile_root):
    story = load_story(hostile_root)
    at = run(monkeypatch, hostile_root)
    texts = shown(at)
    assert shown_text(at.title[0].value) == story.title
    labels = [shown_text(c.label) for c in at.checkbox]
    for layer in story.layers:
        assert layer.label in labels, (layer.label, labels)
    assert HOSTILE_LABEL in labels
    options = [shown_text(o) for o in at.radio(key="preset").options]
    assert [p.label for p in story.periods] == options[:len(story.periods)]
    assert len(texts) > 20


def test_layer_presets_show_as_text(monkeypatch, tmp_path):
    root = write_hostile_story(tmp_path)
    (root / "geodata" / "story.json").write_text(json.dumps(hostile_story_json(periods=False)), encoding="utf-8")
    from mapapp.filters import presets

    at = run(monkeypatch, root)
    shown(at)
    options = [shown_text(o) for o in at.radio(key="preset").options]
    assert list(presets(load_story(root))) == options[:-1] and any("<b>bold</b>" in o for o in options)


def test_journey_caption_and_search_hits_show_as_text(monkeypatch, hostile_root):
    story = load_story(hostile_root)
    at = run(monkeypatch, hostile_root)
    at.button(key="journey_next").click().run()
    step = [t for t in shown(at) if t.startswith("Stop 1 of")]
    assert len(step) == 1
    first = min((e for e in story.events if story.layer(e.category).journey), key=lambda e: e.date_start)
    assert first.title in step[0], step
    at.text_input(key="find").set_value("Site1").run()
    hits = [shown_text(b.label) for b in at.button if b.key and b.key.startswith("find_pick")]
    assert any(f"Site1 {PAYLOADS[1]}" in h for h in hits), hits
    assert any(f"Site10 {PAYLOADS[10]}" in h for h in hits), hits
    shown(at)


@pytest.mark.parametrize("payload", [MARKDOWN_PAYLOADS[0], MARKDOWN_PAYLOADS[1], MARKDOWN_PAYLOADS[3],
                                     MARKDOWN_PAYLOADS[5], MARKDOWN_PAYLOADS[16], PAYLOADS[0]])
def test_broken_story_error_quotes_story_values_as_text(monkeypatch, tmp_path, payload):
    events = [*default_events(), event("e_bad", payload, "journey_stop", "2023-09-14")]
    root = write_story(tmp_path / "story", events=events)
    at = run(monkeypatch, root)
    assert len(at.error) == 1
    message = shown_text(at.error[0].value)
    assert "events.csv" in message and repr(payload) in message.replace("\n", " ") or payload in message, message
    assert str(root) in message
    shown(at)


def test_link_notes_quote_ids_and_layers_as_text(monkeypatch, tmp_path):
    hostile_id = "e[x](https://evil.example)<img src=x onerror=1>:smile:"  # under SHOWN_CHARS
    events = [*default_events()[:-1], event(hostile_id, "kestrel", "later_summit", "2024-06-19")]
    root = write_story(tmp_path / "story", events=events)
    at = run(monkeypatch, root, {"start": "2023-09-10", "end": "2023-09-12", "select": hostile_id,
                                 "layers": "summit,![p](https://evil.example/p.png),www.evil.example"})
    notes = [t for t in shown(at) if t.startswith("Part of this link was ignored")]
    assert len(notes) == 1, shown(at)
    assert hostile_id in notes[0] and "![p](https://evil.example/p.png)" in notes[0] and "www.evil.example" in notes[0]


def test_a_link_with_40000_unknown_layers_writes_a_short_note(monkeypatch, tmp_path):
    root = write_story(tmp_path / "story")
    bad = ",".join(f"x{i}" for i in range(40_000))  # Streamlit drops query strings over 512 KiB
    at = run(monkeypatch, root, {"layers": bad})
    notes = [t for t in shown(at) if t.startswith("Part of this link was ignored")]
    assert len(notes) == 1 and len(notes[0]) < 2_000, len(notes[0])
    assert "“x0”, “x1”" in notes[0] and "and 39,992 more" in notes[0], notes[0]


def test_add_article_messages_quote_file_names_and_titles_as_text(monkeypatch, tmp_path):
    from mapapp.ui import add_article as A
    from test_add_article_app import paste, upload

    root = write_story(tmp_path / "story")
    at = run(monkeypatch, root)
    name = "[x](https://evil.example) <img src=x> :smile: www.evil.example.txt"
    upload(at, name, "Caf\xe9 crowds waited at Ferrin Crossing.".encode("latin-1"))
    texts = shown(at)
    assert any(t.startswith("Read ") and name in t for t in texts), texts
    assert any(t.startswith(name) and "is not UTF-8" in t for t in texts), texts
    bad = "![p](https://evil.example/p.png) $x$ <script>.txt"
    upload(at, bad, b"\x00\x01\x02binary" * 40)
    errors = [t for t in shown(at) if t.startswith("Cannot use this file")]
    assert len(errors) == 1 and bad in errors[0], shown(at)
    at.radio(key=A.SOURCE).set_value(A.PASTE).run()
    title = "Title ![p](https://evil.example/p.png) **b** <b>x</b> $y$"
    paste(at, text="Crowds waited at Ferrin Crossing on Tuesday.", title=title, url="https://example.org/a")
    at.button(key=A.SAVE).click().run()
    assert not at.exception, [e.message for e in at.exception]
    done = [t for t in shown(at) if t.startswith("Added ")]
    assert len(done) == 1 and f"“{title}”" in done[0], shown(at)
