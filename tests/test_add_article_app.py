"""'Add an article' in the dashboard (AppTest), and the markup it shows (mapapp.render).

The app tests run on a copy of the built-in story in tmp_path (MAPAPP_STORY), never on the repository's
own seeds/: paste an article, review its places, add it; the new snippets and the reported place are on
the map and in the panel, and still there after a restart. Bad uploads are refused beside the uploader
while the rest of the app keeps working.
"""
from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from mapapp import render, store
from mapapp.errors import StoreError
from mapapp.ui import add_article as A

from payloads import PAYLOADS
from test_app import map_script, panel_html, run_app

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("On Friday the armoured train was seen again near Khasan, where border guards had prepared a second "
           "welcome. Officials in Vladivostok said the delegation would spend the weekend in the city.\n\n"
           "A smaller group was expected in Nakhodka, a port east of Vladivostok, on Saturday.")
WHEN = date(2023, 9, 15)  # inside the built-in story's "2023 journey" preset


@pytest.fixture
def story_copy(tmp_path, monkeypatch):
    """A copy of the built-in story (geodata/ + seeds/) that the app may write into."""
    root = tmp_path / "story"
    shutil.copytree(ROOT / "geodata", root / "geodata")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    monkeypatch.setenv("MAPAPP_STORY", str(root))
    return root


def unescape_md(text: str) -> str:
    """A message the app escaped for Streamlit's markdown (render.markdown_text), as the reader sees it."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace("\u2060", "")  # and render.WORD_JOINER


def errors(at) -> list[str]:
    return [unescape_md(e.value) for e in at.error]


def paste(at, text=ARTICLE, when=WHEN, title="Train seen again", url="https://example.org/train-again"):
    at.text_area(key=A.TEXT).input(text)
    if when:
        at.date_input(key=A.DATE).set_value(when)
    at.text_input(key=A.TITLE).input(title)
    at.text_input(key=A.URL).input(url)
    at.button(key=A.FIND).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rows(at) -> list:
    """The mentions under review, in row order (row i has widgets ``…_<draft>_<i+1>``)."""
    return at.session_state[A.DRAFT]["mentions"]


def row_key(at, kind: str, number: int) -> str:
    return f"{kind}_{at.session_state[A.DRAFT]['id']}_{number}"


def upload(at, name: str, data: bytes, mime="text/plain"):
    at.radio(key=A.SOURCE).set_value(A.UPLOAD).run()
    uploader = next(u for u in at.get("file_uploader") if u.proto.id and A.FILE in u.proto.id)
    uploader.set_value((name, data, mime))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


# --- the whole flow ------------------------------------------------------------------------------------

@pytest.mark.app
def test_paste_review_add_and_find_it_after_a_restart(story_copy):
    at = paste(run_app())
    mentions = rows(at)
    assert [m.surface for m in mentions] == ["Khasan", "Vladivostok", "Nakhodka", "Vladivostok"]
    # The article is shown with the mentions marked and numbered; every row has its widgets.
    article_html = next(h.proto.body for h in at.get("html") if "mapapp-article" in h.proto.body)
    assert article_html.count('class="mapapp-mention"') == 4 and "Nakhodka<sup>3</sup></mark>" in article_html
    khasan = at.selectbox(key=row_key(at, A.PLACE, 1))
    assert "story place" in khasan.options[0] and len(khasan.options) > 1

    # Review: Khasan re-resolved to the town (a new point), the second Vladivostok rejected.
    town = next(i for i, c in enumerate(mentions[0].candidates) if c.place_id is None)
    khasan.set_value(town)
    at.checkbox(key=row_key(at, A.ACCEPT, 4)).uncheck()
    at.run()
    assert "mapapp-rejected" in next(h.proto.body for h in at.get("html") if "mapapp-article" in h.proto.body)
    assert any("3 of 4 mentions accepted: 1 on the story's places, 2 on new reported places" in c.value
               for c in at.caption)
    at.button(key=A.SAVE).click().run()
    assert not at.exception and not at.error, errors(at)
    assert any("Added “Train seen again” as seeds/2023-09-15_train-seen-again.txt with 3 place mentions"
               in unescape_md(s.value) for s in at.success)
    assert A.DRAFT not in at.session_state and at.text_area(key=A.TEXT).value == ""

    # On disk: the article in the seeds format and its three accepted links.
    seeds_file = story_copy / "seeds" / "2023-09-15_train-seen-again.txt"
    assert seeds_file.read_text(encoding="utf-8").startswith(
        "date 2023-09-15\ntitle Train seen again\nurl https://example.org/train-again\n\nOn Friday")
    links = json.loads((story_copy / store.LINKS).read_text(encoding="utf-8"))["articles"][seeds_file.stem]["links"]
    assert [(k["surface"], k.get("place_id") or k["place"]["name"]) for k in links] == [
        ("Khasan", "Khasan"), ("Vladivostok", "vladivostok"), ("Nakhodka", "Nakhodka")]
    assert "place" in links[0], "re-resolved to the town: a new place, not the story's station"

    def check(at):
        script = map_script(at)
        assert "reported_nakhodka" in script and "reported_khasan" in script and '"reported_place"' in script
        assert "Reported place" in script  # the layer and its legend entry
        at.selectbox(key="search").set_value("e2023_pacific_fleet").run()  # a point in Vladivostok
        body = panel_html(at)
        assert "Officials in <mark>Vladivostok</mark> said the delegation" in body
        assert "A smaller group was expected in Nakhodka, a port east of Vladivostok" not in body, "rejected"
        at.selectbox(key="search").set_value("e2023_khasan_welcome").run()
        assert "seen again near" not in panel_html(at), "Khasan was re-resolved away from the station"

    check(at)
    import streamlit as st

    st.cache_data.clear()  # a restart: nothing kept in memory, the story is read from the folder again
    st.cache_resource.clear()
    check(run_app())


@pytest.mark.app
def test_the_date_filter_and_the_layer_follow_the_reported_place(story_copy):
    at = paste(run_app(), when=date(2020, 5, 1), title="Old report")
    at.button(key=A.SAVE).click().run()
    assert not at.exception and not at.error
    assert "reported_nakhodka" not in map_script(at), "2020 is outside the '2023 journey' preset"
    at.radio(key="preset").set_value("All").run()
    assert "reported_nakhodka" in map_script(at)
    at.checkbox(key="layers_reported_place").uncheck().run()
    assert "reported_nakhodka" not in map_script(at)


# --- refusals beside the inputs ------------------------------------------------------------------------

@pytest.mark.app
def test_a_binary_upload_is_refused_beside_the_uploader_and_the_app_still_works(story_copy):
    at = upload(run_app(), "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert any("Cannot use this file: photo.txt: is a binary file, not text" in e for e in errors(at))
    assert "e2023_vostochny_summit" in map_script(at), "the map is still there"
    at.selectbox(key="search").set_value("e2023_vostochny_summit").run()
    assert "Vostochny" in panel_html(at)
    at.button(key=A.FIND).click().run()
    assert any("photo.txt: is a binary file" in e for e in errors(at))
    assert A.DRAFT not in at.session_state


@pytest.mark.app
def test_an_oversize_upload_names_the_limit(story_copy, monkeypatch):
    limit = max(p.stat().st_size for p in (story_copy / "seeds").glob("*.txt")) + 100  # the story still loads
    monkeypatch.setenv("MAPAPP_MAX_ARTICLE_BYTES", str(limit))
    data = b"<p>" + b"Khasan " * (limit // 7 + 10) + b"</p>"
    at = upload(run_app(), "long.html", data, "text/html")
    assert any(f"long.html: is {len(data):,} bytes; the limit is {limit:,} bytes" in e for e in errors(at)), errors(at)
    assert "e2023_vostochny_summit" in map_script(at)


@pytest.mark.app
def test_a_non_utf8_html_upload_is_read_with_the_fallback_named(story_copy):
    page = ("<html><head><title>Kim’s train at Khasan</title><script>alert(1)</script></head>"
            "<body><p>The train stopped at Khasan — then went on to Nakhodka.</p></body></html>")
    at = upload(run_app(), "report.html", page.encode("cp1252"), "text/html")
    assert not at.error
    warnings = [unescape_md(w.value) for w in at.warning]
    assert any("report.html is not UTF-8: it was read as cp1252" in w for w in warnings), warnings
    at.date_input(key=A.DATE).set_value(WHEN)
    at.button(key=A.FIND).click().run()
    draft = at.session_state[A.DRAFT]
    assert draft["article"].title == "Kim’s train at Khasan"  # from <title>
    assert draft["article"].text == "The train stopped at Khasan — then went on to Nakhodka."
    assert [m.surface for m in draft["mentions"]] == ["Khasan", "Nakhodka"]


@pytest.mark.app
@pytest.mark.parametrize("text, when, message", [
    (ARTICLE, None, "needs a date: pick the article's date above"),
    ("   ", WHEN, "has no article text"),
], ids=["no-date", "empty"])
def test_find_explains_what_is_missing(story_copy, text, when, message):
    at = run_app()
    at.text_area(key=A.TEXT).input(text)
    if when:
        at.date_input(key=A.DATE).set_value(when)
    at.button(key=A.FIND).click().run()
    assert any(message in e for e in errors(at)), errors(at)
    assert A.DRAFT not in at.session_state


@pytest.mark.app
def test_a_seeds_header_in_the_pasted_text_gives_date_title_and_url(story_copy):
    at = run_app()
    at.text_area(key=A.TEXT).input("date 2023-09-14\ntitle From the wire\nurl https://example.org/w\n\n" + ARTICLE)
    at.button(key=A.FIND).click().run()
    article = at.session_state[A.DRAFT]["article"]
    assert (article.date, article.title, article.url, article.text) == (
        date(2023, 9, 14), "From the wire", "https://example.org/w", ARTICLE)


@pytest.mark.app
def test_a_failed_save_says_so_and_keeps_the_review(story_copy, monkeypatch):
    at = paste(run_app())

    def full(path, text):
        raise StoreError(f"cannot write {path}: No space left on device")

    monkeypatch.setattr(store, "write_atomic", full)
    at.button(key=A.SAVE).click().run()
    assert any("The article was not added: cannot write" in e and "No space left on device" in e
               for e in errors(at)), errors(at)
    assert A.DRAFT in at.session_state, "the review is kept to try again"
    assert sorted(p.name for p in (story_copy / "seeds").iterdir()) == sorted(p.name for p in
                                                                               (ROOT / "seeds").iterdir())
    assert "e2023_vostochny_summit" in map_script(at)


@pytest.mark.app
def test_a_hostile_pasted_article_is_shown_as_text(story_copy):
    hostile = " ".join(PAYLOADS)
    at = paste(run_app(), text=f"The train reached Khasan. {hostile} Then Nakhodka.", title=hostile)
    bodies = [h.proto.body for h in at.get("html") if "mapapp-" in h.proto.body]
    assert bodies
    for body in bodies:
        for raw in ("<script>alert", "<img src=x", "</script><script>", "${alert", "{{7*7}}", "`+alert"):
            assert raw not in body, raw
    assert [m.surface for m in rows(at)][0] == "Khasan"


# --- the markup ----------------------------------------------------------------------------------------

def test_article_marked_escapes_numbers_and_strikes_rejected():
    text = "At <b>Khasan</b> `x` ${y}\n\nThen Nakhodka\nand Ussuriysk."
    k, n, u = text.index("Khasan"), text.index("Nakhodka"), text.index("Ussuriysk")
    html = render.article_marked(text, [(n, n + 8, 'Nakhodka "RU" <city>', True), (k, k + 6, "Khasan", False),
                                        (u, u + 9, "U", True), (u + 2, u + 5, "overlap", True)])
    assert html == ('<div class="mapapp-article"><p>At &lt;b&gt;<mark class="mapapp-mention mapapp-rejected" '
                    'title="Khasan">Khasan<sup>2</sup></mark>&lt;/b&gt; &#96;x&#96; &#36;&#123;y&#125;</p>'
                    '<p>Then <mark class="mapapp-mention" title="Nakhodka &quot;RU&quot; &lt;city&gt;">Nakhodka'
                    '<sup>1</sup></mark><br>and <mark class="mapapp-mention" title="U">Ussuriysk<sup>3</sup>'
                    '</mark>.</p></div>')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_article_marked_and_mention_cell_never_pass_markup(payload):
    text = f"{payload} Khasan {payload}"
    start = text.index(" Khasan") + 1
    for html in (render.article_marked(text, [(start, start + 6, payload, True)]),
                 render.mention_cell(1, text, (start, start + 6))):
        for raw in ("<script", "<img", "`", "${", "{{", "\u2028"):
            assert raw not in html


def test_the_cache_key_ignores_writes_in_progress(story_root):
    from mapapp.ui.cached import story_signature

    before = story_signature(str(story_root))
    (story_root / "geodata" / ".article_links.json.abc.tmp").write_text("{half", encoding="utf-8")
    (story_root / "seeds" / ".new.xyz.tmp").write_text("date", encoding="utf-8")
    assert story_signature(str(story_root)) == before
    store.add_article(story_root, store.prepare("Ferrin again.", date(2023, 9, 15), "T"), [])
    after = {Path(p).name for p, _, _ in story_signature(str(story_root))}
    assert {"article_links.json", "2023-09-15_t.txt"} <= after, "an added article changes the key"
