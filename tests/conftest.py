"""Shared fixtures: an invented story built in tmp_path, loaded and linked.

Also: in CI (``CI`` set), a test marked ``browser`` that skips (e.g. Chromium missing) is reported as a
failure, so a broken CI image cannot pass silently; elsewhere such tests may skip with their reason.
"""
from __future__ import annotations

import os

import pytest

from story_factory import write_story


@pytest.fixture
def story_root(tmp_path):
    """A valid default story folder (see tests/story_factory.py)."""
    return write_story(tmp_path / "story")


@pytest.fixture
def story(story_root):
    from mapapp.load import load_story

    return load_story(story_root)


@pytest.fixture
def snippets(story):
    from mapapp.link import link_story

    return link_story(story)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (report.skipped and _in_ci() and item.get_closest_marker("browser") is not None
            and not hasattr(report, "wasxfail")):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"browser test skipped in CI (CI={os.environ.get('CI')}): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """In CI, a browser test module that skips as a whole (e.g. importorskip('playwright')) fails too."""
    outcome = yield
    report = outcome.get_result()
    name = os.path.basename(str(getattr(collector, "path", "")))
    if report.skipped and _in_ci() and any(word in name for word in ("browser", "playwright")):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"browser tests in {name} skipped in CI (CI={os.environ.get('CI')}): {reason}"
