"""The faster linker (issue 14, item 6) finds exactly what the straightforward one did: same snippets, in the
same order, with the same texts and spans. The straightforward linker and splitter are kept here as the
reference: one flat alternation of all names behind ``(?<![\\w-])``, searched sentence by sentence."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mapapp.link import link_articles, link_story
from mapapp.load import load_story
from mapapp.model import Article, ArticleLink, Place, Story
from mapapp.sentences import MAX_SENTENCE, context, split_sentences

ROOT = Path(__file__).resolve().parent.parent

# --- the reference: the linker and splitter before the speed work -----------------------------------------

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt maj capt sgt st mt ft jr sr vs etc inc ltd co corp dept gov sen rep "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos fig approx est e.g i.e a.m p.m u.s u.k u.n "
    "d.c n.korea s.korea".split())
_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’»)\]]*(?=\s)")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def reference_split(text: str) -> list[tuple[int, int]]:
    """Sentences as the splitter found them before: candidate ends, then every span stripped."""
    def abbreviation(dot):
        if text[dot] != ".":
            return False
        end = dot - 1 if dot and text[dot - 1] == "\n" else dot
        start = end
        while start > 0 and text[start - 1] in _WORD_CHARS:
            start -= 1
        while start < end and text[start] == ".":
            start += 1
        word = text[start:end]
        return bool(word) and (word.lower() in _ABBREVIATIONS or (len(word.replace(".", "")) <= 1
                                                                 and word[:1].isupper()))

    spans = []
    block_start = 0
    blocks = [(m.start(), m.end()) for m in re.finditer(r"\n\s*\n|\n", text)] + [(len(text), len(text))]
    for block_end, next_start in blocks:
        start = block_start
        for m in _END.finditer(text, block_start, block_end):
            rest = text[m.end():block_end].lstrip()
            if abbreviation(m.start()) or (rest and rest[0].islower()):
                continue
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, block_end))
        block_start = next_start
    out = []
    for a, b in spans:
        piece = text[a:b]
        a, b = a + len(piece) - len(piece.lstrip()), b - (len(piece) - len(piece.rstrip()))
        if a < b:
            out.append((a, b))
    return out


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip()).replace("’", "'")


def reference_link(places, articles) -> dict:
    """Snippets per place id: one flat alternation, longest name first, searched in each sentence."""
    owners = defaultdict(list)
    for place in places:
        for name in place.names:
            for form in {name, name.upper()}:
                key = _key(form)
                if key and place.id not in owners[key]:
                    owners[key].append(place.id)
    body = "|".join(re.escape(k).replace("'", "['’]").replace(r"\ ", r"\s+")
                    for k in sorted(owners, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])" if body else r"(?!x)x")
    found = defaultdict(list)
    for article in articles:
        text = article.text
        for start, end in reference_split(text):
            hits = defaultdict(list)
            for m in pattern.finditer(text, start, end):
                for place_id in owners[_key(m.group(0))]:
                    hits[place_id].append((m.start() - start, m.end() - start))
            for place_id, spans in hits.items():
                a, b = context(start, end, start + spans[0][0], start + spans[0][1])
                found[place_id].append((article.id, text[a:b], tuple(
                    (x + start - a, y + start - a) for x, y in spans if x + start >= a and y + start <= b)))
    return dict(found)


def flat(snippets: dict) -> dict:
    """Snippets as comparable (article id, text, spans) lists; the article fields are checked elsewhere."""
    return {pid: [(s.article_id, s.text, s.spans) for s in snips] for pid, snips in snippets.items()}


# --- generated names and texts -------------------------------------------------------------------------

NAMES = ("Port Alder", "Alder", "Alder Bay", "Port", "Russia’s Far East", "O'Hare", "’s-Hertogenbosch",
         "Komsomolsk-on-Amur", "Amur", "St. Petra", "Petra", "U.S.", "New  York", "York", "Île-d’Yeu",
         "Хасан", "Xa", "A", "Bay. Town", "the terminus", "Ferrin Crossing", "Ferrin")
WHITESPACE = (" ", "  ", "\u00a0", "\t", "\n", "\r\n", "\n\n", " \n ")


@st.composite
def places_strategy(draw):
    """Two to five places named from NAMES (overlapping, prefixes of each other), some sharing an alias."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=8, unique=True))
    places = []
    for i in range(0, len(names), 2):
        places.append(Place(id=f"p{i}", name=names[i], lat=0, lon=0, aliases=tuple(names[i + 1:i + 2])))
    if draw(st.booleans()):  # an alias two places share
        places.append(Place(id="shared", name=names[0], lat=1, lon=1, aliases=("the terminus",)))
    return places


def _variant(name: str, how: str, space: str) -> str:
    """``name`` as a text may write it: as is, in capitals or lowercase, the other apostrophe, other
    whitespace between its words, glued to a word character or a hyphen."""
    name = name.replace(" ", space) if " " in name else name
    return {"as is": name, "upper": name.upper(), "lower": name.lower(),
            "apostrophe": name.replace("'", "\0").replace("’", "'").replace("\0", "’"),
            "glued before": "x" + name, "glued after": name + "-", "hyphen before": "-" + name}[how]


TOKENS = st.one_of(
    st.builds(_variant, st.sampled_from(NAMES),
              st.sampled_from(("as is", "as is", "upper", "lower", "apostrophe", "glued before", "glued after",
                               "hyphen before")),
              st.sampled_from(WHITESPACE)),
    st.sampled_from(("the", "train", "left", "said", "in", "Mr.", "Dr.", "J.", "e.g.", "3.5", "'", "’", "-",
                     "(", ")", "\"", "”")),
    st.sampled_from((".", "!", "?", "…", "...", ".”", ".)")),
    st.sampled_from(WHITESPACE),
    st.just("word " * (MAX_SENTENCE // 4)),  # two of these make a sentence over MAX_SENTENCE
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(places_strategy(), st.lists(TOKENS, max_size=40), st.sampled_from(("", " ")))
def test_same_snippets_as_the_reference(places, tokens, glue):
    text = glue.join(tokens)
    article = Article(id="a", date=None, text=text)
    assert flat(link_articles(places, [article])) == reference_link(places, [article])


@settings(max_examples=600, deadline=None)
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_same_sentences_as_the_reference_splitter(text):
    assert split_sentences(text) == reference_split(text)


EDGE_TEXTS = [
    "Port Alder",  # the whole text
    "Port Alder is north. Alder",  # a name at the very start and the very end
    "From Port\nAlder Bay.",  # a name across a line break: not one name, but its parts are found
    "Bay. Town and Bay.\nTown met Petra.",  # a name holding a sentence end, then one after it
    "In ’s-Hertogenbosch and 's-Hertogenbosch, O’Hare and O'HARE.",
    "RUSSIA’S FAR EAST, Russia's Far East, russia's far east.",
    "Komsomolsk-on-Amur, Amur-Komsomolsk, xAmur, Amur2, -Amur, Amur-.",
    "New\u00a0York, New \t York, NEW YORK, New\nYork.",
    "Хасан. ХАСАН! хасан?",
    ("word " * 400) + "Port Alder " + ("word " * 400) + "Alder " + ("word " * 300) + "Port.",
]


@pytest.mark.parametrize("text", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_edge_texts_give_the_reference_snippets(text):
    places = [Place(id=f"p{i}", name=n, lat=0, lon=0) for i, n in enumerate(NAMES)]
    article = Article(id="a", date=None, text=text)
    result = flat(link_articles(places, [article]))
    assert result == reference_link(places, [article])
    assert result  # every edge text names something


def test_a_long_sentence_keeps_only_the_mentions_inside_its_quote():
    text = "Alder " + "word " * 400 + "Alder " + "word " * 400 + "Alder."
    places = [Place(id="alder", name="Alder", lat=0, lon=0)]
    (snippet,) = link_articles(places, [Article(id="a", date=None, text=text)])["alder"]
    assert flat({"alder": [snippet]}) == reference_link(places, [Article(id="a", date=None, text=text)])
    assert snippet.spans == ((0, 5),) and len(snippet.text) <= MAX_SENTENCE + 5


# --- whole stories: link_story merges named and accepted snippets and those of larger places ---------------

def reference_link_story(story: Story) -> dict:
    """link_story before the speed work, on top of the reference linker."""
    from mapapp.link import link_accepted, with_parents

    named = reference_link([p for p in story.places if p.id not in story.reported_place_ids],
                           [a for a in story.articles if a.id not in story.reviewed])
    accepted = {pid: [(s.article_id, s.text, s.spans) for s in snips] for pid, snips in link_accepted(story).items()}
    order = {a.id: i for i, a in enumerate(story.articles)}
    direct = {pid: sorted((*named.get(pid, ()), *accepted.get(pid, ())), key=lambda s: order[s[0]])
              for pid in {*named, *accepted}}
    out = {}
    for place in story.places:
        seen, merged = set(), []
        for pid in with_parents(place.id, story):
            for s in direct.get(pid, ()):
                if s[:2] not in seen:
                    seen.add(s[:2])
                    merged.append(s)
        if merged:
            out[place.id] = merged
    return out


def _full_snippets(story: Story) -> dict:
    """Every field of every snippet, articles' titles, dates and URLs included."""
    by_id = {a.id: a for a in story.articles}
    result = link_story(story)
    for snips in result.values():
        for s in snips:
            a = by_id[s.article_id]
            assert (s.article_title, s.article_date, s.article_url) == (a.title, a.date, a.url)
    return flat(result)


@pytest.mark.parametrize("root", [ROOT, ROOT / "examples" / "putin-2024"], ids=["built-in", "putin-2024"])
def test_real_stories_link_as_the_reference(root):
    story = load_story(root)
    assert _full_snippets(story) == reference_link_story(story)


def test_a_synthetic_story_links_as_the_reference(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    from make_story import write_story

    story = load_story(write_story(tmp_path / "s", 2000))
    result = _full_snippets(story)
    assert result == reference_link_story(story)
    assert sum(map(len, result.values())) > 1000


def test_accepted_mentions_and_larger_places_merge_as_the_reference():
    text = "Port Alder lies in Eastmarch. Ferrin too. Port Alder again, Port Alder."
    places = (Place("alder", "Port Alder", 1, 1, part_of=("east",)), Place("east", "Eastmarch", 2, 2),
              Place("ferrin", "Ferrin", 3, 3, part_of=("east",)), Place("new", "Newtown", 4, 4))
    articles = (Article("a1", date(2023, 9, 1), text), Article("a2", date(2023, 9, 2), "Ferrin and Newtown."),
                Article("a3", None, text))
    links = (ArticleLink("a2", "Newtown", 11, 18, "new", new_place=True), ArticleLink("a2", "Ferrin", 0, 6, "alder"))
    story = Story(root=ROOT, places=places, events=(), articles=articles, links=links, reviewed=frozenset({"a2"}))
    result = _full_snippets(story)
    assert result == reference_link_story(story)
    assert [s[0] for s in result["alder"]] == ["a1", "a1", "a2", "a3", "a3"]  # accepted ones in article order
    assert result["new"] == [("a2", "Ferrin and Newtown.", ((11, 18),))]  # accepted only: not matched by name
    assert [s[0] for s in result["east"]] == ["a1", "a3"]
