"""Saved news pages written for the tests: an article inside the clutter of a real news site.

Each page has a navigation menu naming regions ("US Europe Asia Australia"), a weather box with cities,
a "most read" sidebar, a cookie banner, a newsletter box and a footer with the site's offices, around an
article whose paragraphs are known. The article text is invented for these tests. Metadata sits where
sites put it: Open Graph, ``article:published_time``, JSON-LD, ``<time datetime>``, ``link rel=canonical``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class NewsPage:
    name: str
    html: str
    body: tuple[str, ...]  # the article's own paragraphs, in order
    title: str  # the headline
    date: str  # YYYY-MM-DD
    url: str  # the canonical URL
    author: str


_NAV = """<header class="site-header"><a class="logo" href="/">The Daily Meridian</a>
<nav class="main-nav" aria-label="Sections"><ul>
<li><a href="/world">World</a></li><li><a href="/us">US</a></li><li><a href="/europe">Europe</a></li>
<li><a href="/asia">Asia</a></li><li><a href="/australia">Australia</a></li><li><a href="/africa">Africa</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="weather-widget"><h3>Weather</h3><ul><li>London 14°C cloudy</li><li>New York 19°C sunny</li>
<li>Tokyo 23°C rain</li><li>Paris 16°C</li></ul></div></header>"""

_COOKIES = """<div id="cookie-banner" class="cookie-consent" role="dialog"><p>We use cookies to improve your
experience on our site and to show you relevant advertising. Our partners in Dublin and Amsterdam may process
your data. By continuing you agree to our cookie policy.</p><button>Accept all</button><button>Manage</button></div>"""

_MOST_READ = """<aside class="most-read"><h2>Most read</h2><ol>
<li><a href="/a1">Floods sweep through Karachi as monsoon returns</a></li>
<li><a href="/a2">Madrid heatwave breaks records for a third day</a></li>
<li><a href="/a3">Transfer deadline: Liverpool close in on striker</a></li>
<li><a href="/a4">Quiet village in Tuscany votes to ban cars</a></li>
<li><a href="/a5">Wildfires near Athens force thousands to flee</a></li></ol></aside>"""

_NEWSLETTER = """<div class="newsletter-signup"><h3>Sign up for the Morning Brief</h3><p>Get the news from
Washington, Brussels and Beijing in your inbox every morning.</p><form><input type="email"><button>Sign up</button>
</form></div>"""

_FOOTER = """<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a>
</li><li><a href="/privacy">Privacy</a></li></ul><p>Offices in London, Sydney, Singapore and Toronto.</p>
<p>© 2023 The Daily Meridian Ltd. All rights reserved.</p></footer>"""


def _head(title_tag: str, meta: str, ld: dict | None) -> str:
    script = (f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else "")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title_tag}</title>'
            f'<meta name="viewport" content="width=device-width">{meta}{script}'
            '<script>window.dataLayer = window.dataLayer || []; dataLayer.push({"section": "Asia"});</script>'
            '<style>.weather-widget{float:right}</style></head>')


def _paras(body: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{p}</p>" for p in body)


def train_page() -> NewsPage:
    """Semantic markup (<article>, <time>), Open Graph and article:* meta, a canonical link."""
    body = (
        "The armoured train carrying the North Korean leader crossed into Russia at Khasan early on Tuesday, "
        "the first stop on a journey that officials in Moscow had kept quiet for days.",
        "Border guards at the small station greeted the delegation before the train moved on towards "
        "Ussuriysk, where it was refuelled and the locomotive was changed.",
        "Analysts in Seoul said the choice of rail over air reflected long habit rather than necessity. The "
        "route follows the line built along the Tumen River, past Razdolnoye and on to the Pacific coast.",
        "Later in the week the delegation was expected at the Vostochny cosmodrome in the Amur region, and "
        "then in Komsomolsk-on-Amur, where aircraft factories were on the schedule.",
        "A visit to Vladivostok, home of the Pacific Fleet, was planned before the return journey.",
    )
    headline = "Armoured train crosses the border at Khasan"
    url = "https://meridian.example/asia/2023/09/12/armoured-train-khasan"
    meta = (f'<meta property="og:title" content="{headline}"><meta property="og:type" content="article">'
            f'<meta property="og:url" content="{url}?utm_source=share">'
            '<meta property="article:published_time" content="2023-09-12T06:41:00+09:00">'
            '<meta name="author" content="Anna Lindqvist">'
            f'<link rel="canonical" href="{url}">')
    html = (_head(f"{headline} - The Daily Meridian", meta, None) + "<body>" + _COOKIES + _NAV +
            '<div class="layout"><main><article class="story">'
            '<div class="breadcrumbs"><a href="/world">World</a> › <a href="/asia">Asia</a></div>'
            f'<h1 class="headline">{headline}</h1>'
            '<p class="byline">By <a rel="author" href="/staff/al">Anna Lindqvist</a> · '
            '<time datetime="2023-09-12T06:41:00+09:00">12 September 2023</time></p>'
            '<figure><img src="/train.jpg" alt=""><figcaption>The train at a station. Photograph: agency'
            '</figcaption></figure>' + _paras(body) +
            '<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>'
            '</article>' + _NEWSLETTER + '</main>' + _MOST_READ + '</div>' + _FOOTER + "</body></html>")
    return NewsPage("train", html, body, headline, "2023-09-12", url, "Anna Lindqvist")


def floods_page() -> NewsPage:
    """Div soup without <article>, metadata only in JSON-LD, a browser title with ' | Site'."""
    body = (
        "Rescue teams in Bangladesh reached villages cut off for a week by the floods, as the water began to "
        "fall along the Brahmaputra on Sunday.",
        "In Sylhet, the worst-hit district, more than two hundred thousand people were still in shelters, the "
        "disaster ministry in Dhaka said. Boats brought rice and clean water to camps outside the city.",
        "Upstream, the Indian state of Assam reported its own losses, with roads to Guwahati closed in "
        "several places. Forecasters expected more rain across the region by the end of the month.",
        "Aid agencies warned that cholera could spread in the camps unless drinking water was restored soon.",
    )
    headline = "Floodwaters recede in Bangladesh but thousands remain in camps"
    url = "https://meridian.example/asia/bangladesh-floods-recede"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
          "datePublished": "2024-06-30T08:00:00Z", "dateModified": "2024-07-01T10:00:00Z",
          "author": [{"@type": "Person", "name": "Rahim Chowdhury"}], "mainEntityOfPage": url,
          "publisher": {"@type": "Organization", "name": "The Daily Meridian"}}
    html = (_head(f"{headline} | The Daily Meridian", "", ld) + "<body>" + _NAV + _COOKIES +
            '<div id="content"><div class="col-main"><div class="story-head">'
            f'<div class="h1-like" role="heading" aria-level="1">{headline}</div>'
            '<div class="meta">Rahim Chowdhury · 30 June 2024</div></div><div class="story-body">' +
            _paras(body) + '</div><div class="related"><h3>Related</h3><ul>'
            '<li><a href="/r1">Why Mumbai floods every year</a></li><li><a href="/r2">Nepal landslide: '
            'dozens missing</a></li></ul></div></div><div class="col-side">' + _MOST_READ + _NEWSLETTER +
            '</div></div>' + _FOOTER + "</body></html>")
    return NewsPage("floods", html, body, headline, "2024-06-30", url, "Rahim Chowdhury")


def summit_page() -> NewsPage:
    """An h1 headline, a date only in <time datetime>, og:url as the only URL, a live-updates box."""
    body = (
        "Leaders from across the Pacific gathered in Honolulu on Thursday for a summit on fishing rights, "
        "with delegations from Fiji, Samoa and Tonga pressing for tighter limits on foreign fleets.",
        "The host, speaking at a convention centre near Waikiki, said the talks would run until Saturday. "
        "Officials from Wellington and Canberra joined the first session by video link.",
        "Fishing crews from Suva say catches of tuna have fallen by a third in ten years.",
    )
    headline = "Pacific leaders meet in Honolulu over fishing fleets"
    url = "https://meridian.example/world/pacific-fishing-summit"
    meta = f'<meta property="og:url" content="{url}"><meta name="author" content="Mele Tupou">'
    html = (_head("Pacific summit — live | Meridian", meta, None) + "<body>" + _COOKIES + _NAV +
            '<main id="main"><h1>' + headline + '</h1><p class="dateline"><time datetime="2025-03-06">'
            'Thursday 6 March</time></p><div class="live-box"><h4>Live updates</h4><ul><li>Markets open lower '
            'in Hong Kong</li><li>Storm warning for Manila</li></ul></div><div class="article-body">' +
            _paras(body) + '</div></main>' + _MOST_READ + _FOOTER + "</body></html>")
    return NewsPage("summit", html, body, headline, "2025-03-06", url, "Mele Tupou")


def pages() -> tuple[NewsPage, ...]:
    return train_page(), floods_page(), summit_page()
