"""'Add an article' → 'From a web address' in headless Chromium: the page is fetched by the app's server
(a local HTTP server here), its headline, date and URL fill the form, and the article's places are listed."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from browser_support import (ROOT, StreamlitServer, browser, chromium_path, offline, open_dashboard,  # noqa: F401
                             watch_errors)
from local_server import pages_handler, serving
from news_pages import train_page

pytestmark = pytest.mark.browser
PAGE = train_page()


@pytest.fixture(scope="module")
def app_and_site(chromium_path, tmp_path_factory):  # noqa: F811
    story = tmp_path_factory.mktemp("story")
    for folder in ("geodata", "seeds"):
        shutil.copytree(ROOT / folder, story / folder)
    with serving(pages_handler({"/train": ("text/html; charset=utf-8", PAGE.html.encode())})) as site, \
            StreamlitServer(story=story, env={"MAPAPP_FETCH_PRIVATE_HOSTS": "1"}) as server:  # the site is local
        yield server, site


def test_fetch_a_page_fill_the_form_and_find_its_places(browser, app_and_site):  # noqa: F811
    server, site = app_and_site
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    watch = offline(context, (server.url, "file:", "data:", "blob:", "about:"))  # the browser never fetches it
    page = context.new_page()
    page.set_default_timeout(120_000)  # a busy machine: every step waits on readiness, never on sleeps
    watch_errors(page, watch)
    try:
        open_dashboard(page, server.url, timeout=120_000)
        page.get_by_text("Add an article").click()
        page.get_by_text("From a web address").click()
        address = page.get_by_role("textbox", name="Web address of the article")
        address.fill(f"{site}/train")
        address.press("Enter")
        page.get_by_role("button", name="Fetch the page").click()
        page.get_by_text("the article of an HTML page").wait_for(timeout=120_000)
        # the form is filled on the rerun the fetch starts: wait for it (expect retries), never sleep
        expect(page.get_by_role("textbox", name="Title")).to_have_value(PAGE.title, timeout=60_000)
        expect(page.get_by_role("textbox", name="URL")).to_have_value(PAGE.url, timeout=60_000)
        page.get_by_role("button", name="Find the places").click()
        article = page.locator(".mapapp-article")
        article.wait_for(timeout=120_000)
        marked = article.locator("mark").all_inner_texts()
        assert any(m.startswith("Khasan") for m in marked), marked
        assert not any(m.startswith(("London", "Tokyo", "Europe")) for m in marked), marked
        assert not watch.page_errors, watch.page_errors
    finally:
        context.close()
