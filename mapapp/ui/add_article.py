"""'Add an article': paste or upload an article, review the places it names, add it to the story.

The geoparser proposes the mentions; the user accepts or rejects each one and may re-resolve it to
another candidate point; the accepted ones are saved with the article (:func:`mapapp.store.add_article`)
and become snippets on the story's points or new ``reported_place`` points. The section is a fragment:
reviewing reruns only this section, not the map; adding reruns the whole app, which reloads the story.
"""
from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from .. import render, settings, store
from ..errors import ArticleError, MapAppError
from ..fetch import fetch_article
from ..geoparse import Candidate, Mention, find_mentions
from ..htmltext import UPLOAD_TYPES, Upload
from ..mention_confidence import DOUBTFUL, review_order
from ..load import parse_article
from ..model import Article, Story
from ..sentences import split_sentences
from . import cached

# Session-state keys of this section.
SOURCE = "add_article_source"
TEXT = "add_article_text"
FILE = "add_article_file"  # + the upload nonce: a new key clears the uploader after an article is added
NONCE = "add_article_nonce"
DATE = "add_article_date"
TITLE = "add_article_title"
URL = "add_article_url"
FIND = "add_article_find"
SAVE = "add_article_save"
DRAFT = "add_article_draft"
PROBLEM = "add_article_problem"  # why "Find the places" or "Add" failed, shown beside the button
DONE = "add_article_done"  # the confirmation after an article was added
RELOAD = "add_article_reload"  # an article was added: rerun the whole app once
ACCEPT = "add_article_accept"  # + draft id + mention number
PLACE = "add_article_place"  # + draft id + mention number
ALL = "add_article_all"
NONE = "add_article_none"
ADDRESS = "add_article_address"  # the web address typed for "From a web address"
FETCH = "add_article_fetch"
FETCHED = "add_article_fetched"  # {"address", "upload"}: the page last fetched
FETCH_PROBLEM = "add_article_fetch_problem"
PREFILL = "add_article_prefill"  # {"source", "values"}: what an upload or a page filled into the form

PASTE, UPLOAD, WEB = "Paste text", "Upload a file", "From a web address"
_CSS = """<style>
.mapapp-article { max-height: 22em; overflow-y: auto; padding: .2em .8em; border: 1px solid rgba(128,128,128,.3);
  border-radius: 6px; line-height: 1.5; }
.mapapp-mention { background: #ffe08a; color: #111; padding: 0 .15em; border-radius: 2px; }
.mapapp-mention sup { font-size: .7em; margin-left: .1em; color: #555; }
.mapapp-rejected { background: #e5e5e5; color: #777; text-decoration: line-through; }
.mapapp-mention-row { font-size: .92em; line-height: 1.35; }
.mapapp-mention-row mark { background: #ffe08a; color: #111; padding: 0 .1em; }
.mapapp-mention-note { font-size: .85em; color: #555; margin-top: .15em; }
.mapapp-doubtful { color: #a33; }
</style>"""

def section(story: Story, root: str, signature: tuple) -> None:
    """The collapsible 'Add an article' section under the map."""
    open_ = any(k in st.session_state for k in (DRAFT, DONE, PROBLEM, FETCHED, FETCH_PROBLEM))
    with st.expander("Add an article", expanded=open_, icon=":material/post_add:"):
        _body(story, root, signature)

@st.fragment
def _body(story: Story, root: str, signature: tuple) -> None:
    if st.session_state.pop(RELOAD, False):
        st.rerun()  # the story on disk changed: reload it everywhere (map, list, panel)
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(render.markdown_text(done), icon=":material/check_circle:")
    st.caption("Paste an article, upload one (.txt, .md or .html, at most "
               f"{int(settings.get('max_article_bytes')):,} bytes) or give its web address. mapapp finds the places "
               "it names; you check them, and the accepted ones are added to the map with the sentences that name "
               "them. A web page gives only its article: menus, lists and footers are left out.")
    source = st.radio("Article", [PASTE, UPLOAD, WEB], horizontal=True, key=SOURCE, label_visibility="collapsed")
    if source == PASTE:
        st.text_area("Article text", key=TEXT, height=180, max_chars=int(settings.get("max_article_bytes")),
                     placeholder="Paste the article's text here. A first line 'date YYYY-MM-DD' (seeds format) "
                                 "is read as its date.")
    elif source == UPLOAD:
        _upload_widget()
    else:
        _web_widget()
    c_date, c_title, c_url = st.columns([1, 2, 2])
    c_date.date_input("Date of the article", key=DATE, value=None, format="YYYY-MM-DD",
                      min_value=date(1900, 1, 1), max_value=date(2100, 12, 31),
                      help="Reported places are dated with it; the date filter uses it.")
    c_title.text_input("Title", key=TITLE, placeholder="optional: the headline")
    c_url.text_input("URL", key=URL, placeholder="optional: https://…")
    st.button("Find the places", key=FIND, type="primary", on_click=_find, args=(root, signature))
    problem = st.session_state.get(PROBLEM)
    if problem:
        st.error(render.markdown_text(problem), icon=":material/error:")
    draft = st.session_state.get(DRAFT)
    if draft is not None:
        _review(story, root, draft)

def _upload_widget() -> None:
    """The uploader, with what was read from the file (or why not) right under it."""
    nonce = st.session_state.setdefault(NONCE, 0)
    file = st.file_uploader("Article file", type=list(UPLOAD_TYPES), key=f"{FILE}_{nonce}",
                            help="Plain text, Markdown or HTML (scripts, styles and tags are removed).")
    if file is None:
        return
    try:
        upload = cached.upload(file.name, file.getvalue(), int(settings.get("max_article_bytes")))
    except ArticleError as exc:
        st.error(render.markdown_text(f"Cannot use this file: {exc}"), icon=":material/block:")
        return
    _prefill("file:" + hashlib.sha1(file.getvalue()).hexdigest(), upload)
    _read_note(upload, file.name)
    if upload.encoding != "utf-8":
        st.warning(render.markdown_text(f"{file.name} is not UTF-8: it was read as {upload.encoding}. Check that the text "
                         "below looks right; save the file as UTF-8 if it does not."), icon=":material/translate:")

def _web_widget() -> None:
    """The web address, "Fetch the page", and what was read from it (or why not)."""
    c_address, c_fetch = st.columns([5, 1], vertical_alignment="bottom")
    c_address.text_input("Web address of the article", key=ADDRESS, placeholder="https://…",
                         help="An http:// or https:// news page. It is fetched once, with a time limit of "
                              f"{float(settings.get('fetch_timeout')):g} s and the size limit above.")
    c_fetch.button("Fetch the page", key=FETCH, on_click=_fetch)
    problem = st.session_state.get(FETCH_PROBLEM)
    if problem:
        st.error(render.markdown_text(f"Cannot use this page: {problem}"), icon=":material/cloud_off:")
    fetched = st.session_state.get(FETCHED)
    if fetched:
        _read_note(fetched["upload"], fetched["address"])

def _fetch() -> None:
    """"Fetch the page": fetch and read it (core), keep it, and fill the form from its metadata."""
    st.session_state.pop(FETCH_PROBLEM, None)
    st.session_state.pop(FETCHED, None)
    address = (st.session_state.get(ADDRESS) or "").strip()
    try:
        upload = fetch_article(address, limit=int(settings.get("max_article_bytes")))
    except MapAppError as exc:
        st.session_state[FETCH_PROBLEM] = str(exc)
        return
    st.session_state[FETCHED] = {"address": address, "upload": upload}
    _prefill("web:" + address, upload)

def _prefill(source: str, upload: Upload) -> None:
    """Fill date, title and URL from a newly read file or page; a field the user changed is left alone."""
    before = st.session_state.get(PREFILL)
    if before and before["source"] == source:
        return
    values = {TITLE: upload.title, URL: upload.url,
              DATE: date.fromisoformat(upload.date) if upload.date else None}
    old = before["values"] if before else {}
    for key, value in values.items():
        current = st.session_state.get(key)
        if value and (not current or current == old.get(key)):
            st.session_state[key] = value
    st.session_state[PREFILL] = {"source": source, "values": values}

def _read_note(upload: Upload, name: str) -> None:
    """What was read from a file or page, and a warning when a page's article could not be told apart."""
    what = {"text": "text", "markdown": "Markdown, converted to text", "html": "HTML, converted to text"}[upload.kind]
    if upload.method == "trafilatura":
        what = "the article of an HTML page"
    found = ", ".join(f"{k} {v}" for k, v in (("headline", upload.title), ("date", upload.date),
                                               ("by", upload.author)) if v)
    st.caption(render.markdown_text(f"Read {len(upload.text):,} characters ({what}) from {name}."
                                    + (f" The page gives its {found}: filled in below." if found else "")))
    if upload.method == "tags":
        st.warning(render.markdown_text(f"{name}: the article could not be told apart from the rest of the page, "
                                        "so all its text is used (menus and lists too). Check the places found."),
                   icon=":material/warning:")

def _uploaded():
    """(name, text, title) of the current upload, or None; ArticleError when it cannot be used."""
    file = st.session_state.get(f"{FILE}_{st.session_state.get(NONCE, 0)}")
    if file is None:
        return None
    upload = cached.upload(file.name, file.getvalue(), int(settings.get("max_article_bytes")))
    return file.name, upload.text, upload.title

def _find(root: str, signature: tuple) -> None:
    """'Find the places': prepare the article as it will be stored and find its mentions."""
    st.session_state.pop(PROBLEM, None)
    st.session_state.pop(DRAFT, None)
    try:
        if st.session_state.get(SOURCE, PASTE) == UPLOAD:
            got = _uploaded()
            if got is None:
                raise ArticleError("the upload", None, "choose a file first")
            name, text, file_title = got
        elif st.session_state.get(SOURCE) == WEB:
            fetched = st.session_state.get(FETCHED)
            address = (st.session_state.get(ADDRESS) or "").strip()
            if not fetched or fetched["address"] != address:
                raise ArticleError(address or "the web address", None, "is not fetched yet: click "
                                                                      "\u201cFetch the page\u201d first")
            name, text, file_title = address, fetched["upload"].text, fetched["upload"].title
        else:
            name, text, file_title = "the pasted text", st.session_state.get(TEXT) or "", ""
        limit = int(settings.get("max_article_bytes"))
        if len(text.encode("utf-8")) > limit:
            raise ArticleError(name, None, f"is {len(text.encode('utf-8')):,} bytes; the limit is {limit:,} bytes")
        header = parse_article(text, name=name, article_id="", limit=limit)  # a seeds-format header is read
        when = st.session_state.get(DATE) or header.date
        if when is None:
            raise ArticleError(name, None, "needs a date: pick the article's date above")
        title = (st.session_state.get(TITLE) or "").strip() or file_title or header.title
        url = (st.session_state.get(URL) or "").strip() or header.url
        article = store.prepare(header.text, when, title, url, name=name, limit=limit)
        mentions = find_mentions(article.text, cached.gazetteer(root, signature))
    except MapAppError as exc:
        st.session_state[PROBLEM] = str(exc)
        return
    ident = hashlib.sha1(f"{article.date}|{article.title}|{article.url}|{article.text}".encode()).hexdigest()[:10]
    st.session_state[DRAFT] = {"id": ident, "article": article, "mentions": mentions}

def _candidates(m: Mention) -> tuple[Candidate, ...]:
    return m.candidates or (Candidate(m.name, m.lat, m.lon, m.kind, m.country, m.place_id),)

def _label(c: Candidate, story: Story) -> str:
    where = ", ".join(x for x in (c.kind, c.country) if x)
    origin = ""
    if c.place_id in story.reported_place_ids:
        origin = " · reported place"
    elif c.place_id in story.place_by_id:
        origin = " · story place"
    return f"{c.name} ({where}){origin} — {c.lat:.3f}, {c.lon:.3f}"

def _choices(story: Story, draft: dict) -> list[tuple[Mention, Candidate, bool]]:
    """(mention, chosen point, accepted) per mention, from the review widgets."""
    out = []
    for i, m in enumerate(draft["mentions"], 1):
        cands = _candidates(m)
        pick = st.session_state.get(f"{PLACE}_{draft['id']}_{i}", 0)
        accepted = st.session_state.get(f"{ACCEPT}_{draft['id']}_{i}", True)
        out.append((m, cands[pick if 0 <= pick < len(cands) else 0], accepted))
    return out

def _set_all(draft: dict, value: bool) -> None:
    for i in range(1, len(draft["mentions"]) + 1):
        st.session_state[f"{ACCEPT}_{draft['id']}_{i}"] = value

def _review(story: Story, root: str, draft: dict) -> None:
    """The article with its mentions marked, one row per mention to accept/reject/re-resolve, and Add."""
    article: Article = draft["article"]
    mentions: list[Mention] = draft["mentions"]
    st.divider()
    st.subheader("Check the places", anchor=False)
    choices = _choices(story, draft)
    marks = [(m.start, m.end, _label(c, story), ok) for m, c, ok in choices]
    st.html(_CSS + render.article_marked(article.text, marks))
    if not mentions:
        st.info("No place names found in this article. You can still add it: it will be kept with the story, "
                "linked to no point.")
    else:
        st.caption("Each place name found: the doubtful ones first, then the others in the order of the text. Untick a mention to leave it out, or choose "
                   "another point for it; a point that is not one of the story's places becomes a new "
                   "'reported place' on the map, dated with the article.")
        b1, b2, _ = st.columns([1, 1, 4])
        b1.button("Accept all", key=f"{ALL}_{draft['id']}", on_click=_set_all, args=(draft, True))
        b2.button("Reject all", key=f"{NONE}_{draft['id']}", on_click=_set_all, args=(draft, False))
        head = st.columns([0.6, 5, 6])
        for col, text in zip(head, ("Accept", "Resolved place (choose another)", "Mention in its sentence")):
            col.markdown(f"**{text}**")
        sentences = split_sentences(article.text)
        for k in review_order([m.confidence for m in mentions]):
            i, m = k + 1, mentions[k]
            cands = _candidates(m)
            c_ok, c_place, c_text = st.columns([0.6, 5, 6], vertical_alignment="center")
            c_ok.checkbox(f"Accept {i}", value=True, key=f"{ACCEPT}_{draft['id']}_{i}", label_visibility="collapsed")
            c_place.selectbox(f"Place for mention {i}", range(len(cands)), key=f"{PLACE}_{draft['id']}_{i}",
                              format_func=lambda k, cands=cands: _label(cands[k], story),
                              label_visibility="collapsed")
            a, b = next(((a, b) for a, b in sentences if a <= m.start < b), (m.start, m.end))
            c_text.html(render.mention_cell(i, article.text[a:b], (m.start - a, min(m.end, b) - a),
                                            f"{m.confidence:.0%} sure: {m.reason}", m.confidence < DOUBTFUL))
    accepted = [(m, c) for m, c, ok in _choices(story, draft) if ok]
    new = sum(1 for _, c in accepted if _link(c, story).place_id is None)
    st.caption(f"{len(accepted)} of {len(mentions)} mentions accepted: {len(accepted) - new} on the story's "
               f"places, {new} on new reported places.")
    st.button("Add the article to the story", key=SAVE, type="primary", on_click=_save, args=(story, root, draft))

def _link(c: Candidate, story: Story, m: Mention | None = None) -> store.AcceptedLink:
    surface, start, end = (m.surface, m.start, m.end) if m else ("", 0, 0)
    if c.place_id and c.place_id in story.place_by_id and c.place_id not in story.reported_place_ids:
        return store.AcceptedLink(surface, start, end, place_id=c.place_id)
    return store.AcceptedLink(surface, start, end, name=c.name, lat=float(c.lat), lon=float(c.lon), kind=c.kind,
                              country=c.country)

def _save(story: Story, root: str, draft: dict) -> None:
    """'Add the article': write seeds/<id>.txt and its accepted links; then clear the form."""
    st.session_state.pop(PROBLEM, None)
    links = [_link(c, story, m) for m, c, ok in _choices(story, draft) if ok]
    try:
        article_id = store.add_article(root, draft["article"], links)
    except MapAppError as exc:
        st.session_state[PROBLEM] = f"The article was not added: {exc}"
        return
    for key in [k for k in st.session_state if str(k).startswith((ACCEPT, PLACE, ALL, NONE))]:
        del st.session_state[key]
    st.session_state.pop(DRAFT, None)
    st.session_state[TEXT] = ""
    st.session_state[TITLE] = ""
    st.session_state[URL] = ""
    st.session_state[DATE] = None
    st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1
    st.session_state[ADDRESS] = ""
    for key in (FETCHED, FETCH_PROBLEM, PREFILL):
        st.session_state.pop(key, None)
    st.session_state[DONE] = (f"Added “{draft['article'].title}” as {store.SEEDS}/{article_id}.txt with "
                              f"{len(links)} place mention{'s' if len(links) != 1 else ''}.")
    st.session_state[RELOAD] = True
