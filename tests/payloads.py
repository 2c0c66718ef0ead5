"""Hostile strings fed through every field of a story (tests/test_hostile*.py).

Each one targets a context that mapapp's output passes through: HTML text and attributes, inline
<script> (folium puts GeoJSON and options into it), JavaScript template literals (folium's GeoJsonTooltip /
GeoJsonPopup build HTML with `...${...}...`), Jinja templates (folium renders with Jinja), URLs (links in
popups and panels), and the JavaScript parser itself (U+2028/U+2029 end a line in older engines).
"""
from __future__ import annotations

#: Long enough to stress regexes, sentence splitting and popups; text, not markup.
LONG = "Long payload " + "x" * 19_987

SCRIPT_TAG = "<script>alert(1)</script>"
IMG_ONERROR = "<img src=x onerror=alert(1)>"
SCRIPT_BREAKOUT = "</script><script>alert(1)</script>"
TEMPLATE_EXPR = "${alert(1)}"
BACKTICK = "`+alert(1)+`"
BACKSLASHES = "\\\\"  # two backslash characters
UNICODE_ESCAPE = "\\u0060"  # backslash u 0 0 6 0: a backtick once a JS string literal is evaluated
JINJA_EXPR = "{{7*7}}"
JINJA_RAW = "{% raw %}"
QUOTES = "' \" \u2018 \u2019 \u201c \u201d"
JS_URL = "javascript:alert(1)"
DATA_URL = "data:text/html,<script>alert(1)</script>"
LINE_SEPARATORS = "a\u2028b\u2029c"
RTL_OVERRIDE = "\u202eevil\u202c"

#: Every payload, in a fixed order (tests index them by position).
PAYLOADS: tuple[str, ...] = (
    SCRIPT_TAG,
    IMG_ONERROR,
    SCRIPT_BREAKOUT,
    TEMPLATE_EXPR,
    BACKTICK,
    BACKSLASHES,
    UNICODE_ESCAPE,
    JINJA_EXPR,
    JINJA_RAW,
    QUOTES,
    JS_URL,
    DATA_URL,
    LINE_SEPARATORS,
    RTL_OVERRIDE,
    "\"><svg onload=alert(1)>",  # attribute breakout
    "';alert(1)//",  # single-quoted JS string breakout
    "</style><style>*{display:none}</style>",
    "<!--",
    "&lt;b&gt;not bold&lt;/b&gt;",  # already escaped: must show as typed, not decoded
    "{% endraw %}{{ config }}",
    LONG,
)

#: Payloads that are URLs: used as source and article URLs; never a link.
URL_PAYLOADS: tuple[str, ...] = (JS_URL, DATA_URL, "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "vbscript:msgbox(1)")

#: The strings that must never reach a page unescaped, and what each would do if it did.
NEVER_RAW = ("<script>alert", "<img src=x", "onerror=alert(1)>", "<svg onload", "</script><script>",
             "${alert", "`+alert")


# --- Markdown (Streamlit reads titles, labels, radio options and message boxes as Markdown) -------------

#: Markdown and HTML that would make something other than text in a Streamlit label or message box.
MARKDOWN_PAYLOADS: tuple[str, ...] = (
    "[click](https://evil.example/x)", "![pixel](https://evil.example/p.png)", "<https://evil.example>",
    "see https://evil.example/x and www.evil.example and mail@evil.example", "HTTPS://EVIL.EXAMPLE",
    "<b>bold</b><img src=x onerror=alert(1)>", "**strong** _em_ ~~gone~~ `code`", "# Heading", "- item",
    "1. item", "> quote", "    indented code", "---", "===", "| a | b |\n|---|---|", "$x^2$ and $$y$$",
    ":smile: :+1: :red[alert] :material/error: :streamlit:", "line one\nline two\r\n# line three",
    "&amp; &lt;b&gt; &#60;", "[ref]: https://evil.example", "\\*not escaped\\*", "a\0b", "trailing  ",
)


# --- a story whose every field carries a payload ---------------------------------------------------

#: Ids that are themselves hostile (they reach the page only as JSON data, never as markup).
HOSTILE_PLACE_ID = "id</script><script>alert(1)</script>"
HOSTILE_EVENT_ID = "ev<img src=x onerror=alert(1)>'\""


def hostile_story_files(payloads=PAYLOADS, urls=URL_PAYLOADS, hostile_ids: bool = True,
                        markdown=MARKDOWN_PAYLOADS) -> dict:
    """Keyword arguments for ``story_factory.write_story``: one place, event and article per payload.

    Place i is called ``Site{i} <payload>`` (alias ``Alias{i} <payload>``) and its article names it, so
    link_story gives it snippets carrying the payload. Pass ``payloads=["plain"] * len(PAYLOADS)`` and
    ``hostile_ids=False`` (and plain ``markdown``) for a benign twin with exactly the same structure. story.json
    carries payloads in every field (:func:`hostile_story_json`).
    """
    from story_factory import article, event, place, route

    categories = ("journey_stop", "summit", "earlier_summit", "later_summit")
    years = {"journey_stop": 2023, "summit": 2023, "earlier_summit": 2019, "later_summit": 2024}
    places, events, articles = [], [], {}
    ids = []
    for i, p in enumerate(payloads):
        pid = HOSTILE_PLACE_ID if hostile_ids and i == 0 else f"p{i}"
        eid = HOSTILE_EVENT_ID if hostile_ids and i == 1 else f"e{i}"
        ids.append(pid)
        url = urls[i % len(urls)]
        places.append(place(pid, f"Site{i} {p}", 125.0 + (i % 7) * 1.1, 39.0 + (i // 7) * 1.3,
                            aliases=[f"Alias{i} {p}"], description=f"Description{i} {p} end",
                            sources=[url, f"https://example.org/place/{i}?q={p}"]))
        category = categories[i % len(categories)]
        events.append(event(eid, pid, category, f"{years[category]}-09-{10 + i % 9:02d}", title=f"Title{i} {p} end",
                            participants=f"Participant{i} {p}; Other", description=f"Happened{i} {p} end",
                            sources=f"{url} https://example.org/event/{i}"))
        body = (f"Reporters reached Site{i} {p} on Monday. Crowds in Alias{i} {p} waited.\n"
                f"Nothing else happened at Site{i} {p} that day.")
        articles[f"{i:03d}_hostile.txt"] = article("2023-09-14", body, title=f"Article{i} {p} end",
                                                   url=url if i % 2 else f"https://example.org/a/{i}")
    routes = [route(f"r{i}", [[125.0 + i, 39.0], [125.5 + i, 40.0], [126.0 + i, 41.5]], "2023-09-10",
                    "2023-09-12", ids[i], ids[i + 1], name=f"Leg{i} {payloads[i]} end",
                    sources=[urls[i % len(urls)]], description=f"Route{i} {payloads[i]}")
              for i in range(0, min(len(payloads) - 1, 6))]
    return {"places": places, "events": events, "routes": routes, "articles": articles,
            "story_json": hostile_story_json(payloads, markdown)}


def write_hostile_story(root, **kwargs):
    """Write the hostile story (see :func:`hostile_story_files`) under ``root``; return its folder."""
    from story_factory import write_story

    return write_story(root, **hostile_story_files(**kwargs))


#: A layer label that is HTML (issue 16: it ran in Leaflet's layer control) and Markdown at once.
HOSTILE_LABEL = f"{IMG_ONERROR}Summit {MARKDOWN_PAYLOADS[0]} {MARKDOWN_PAYLOADS[1]}"


def hostile_story_json(payloads=PAYLOADS, markdown=MARKDOWN_PAYLOADS, periods: bool = True) -> dict:
    """story.json with payloads in every text field: the title, each layer's label and preset, each period's
    label (ids, colours, symbols and modes are checked by the loader, so they stay valid). The summit layer is
    labelled HOSTILE_LABEL. Without ``periods``, the date presets come from the layers' presets."""
    import json
    from importlib import resources

    n = len(payloads)
    defaults = json.loads((resources.files("mapapp") / "data" / "default_layers.json").read_text("utf-8"))["layers"]
    layers = []
    for k, item in enumerate(defaults):  # the built-in layers (ids, types, symbols, colours), with payloads in texts
        lid = item["id"]
        label = (f"{payloads[1]}Summit {markdown[0]} {markdown[1]}" if lid == "summit"
                 else f"{payloads[(2 * k + 2) % n]} {lid} {markdown[k]}")
        layers.append({**item, "label": label, "preset": f"preset {k % 2} {payloads[5 + k % 2]} {markdown[5 + k % 2]}"})
    spans = [{"label": f"period {payloads[0]} {markdown[2]}", "start": "2023-09-10", "end": "2023-09-14"},
             {"label": f"all {markdown[3]} {payloads[3]}", "start": "", "end": ""}]
    return {"title": f"Story {payloads[0]} {payloads[3]} {payloads[4]} {payloads[7]} {markdown[0]} {markdown[16]}",
            "layers": layers, **({"periods": spans} if periods else {})}
