"""The dashboard on a hostile story folder (issue 16, items 4 and 5): an error naming the file, not a hang, a
traceback or a silently smaller story."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from story_factory import write_story

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def _pipe(root, outside):
    os.mkfifo(root / "seeds/pipe.txt")


def _secret(root, outside):
    (outside / "diary.txt").write_text("date 2023-09-01\n\nA private diary.\n", encoding="utf-8")
    (root / "seeds/secret.txt").symlink_to(outside / "diary.txt")


def _loop(root, outside):
    (root / "geodata/routes.geojson").unlink()
    (root / "geodata/routes.geojson").symlink_to(root / "geodata/routes.geojson")


@pytest.fixture(autouse=True)
def _no_story_setting(monkeypatch):
    monkeypatch.delenv("MAPAPP_STORY", raising=False)


@pytest.mark.parametrize("make, name, detail", [
    (_pipe, "pipe.txt", "is a pipe, not a regular file"),
    (_secret, "secret.txt", "outside the story folder"),
    (_loop, "routes.geojson", "symbolic link that loops"),
], ids=["fifo", "link-outside", "looping-link"])
def test_the_app_names_the_bad_file(tmp_path, monkeypatch, make, name, detail):
    from streamlit.testing.v1 import AppTest

    root = write_story(tmp_path / "story")
    (tmp_path / "outside").mkdir()
    make(root, tmp_path / "outside")
    monkeypatch.setenv("MAPAPP_STORY", str(root))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.error) == 1
    message = at.error[0].value
    assert name.replace(".", "") in message.replace("\\", "").replace(".", "") and detail in message, message
    assert "private diary" not in str([m.value for m in at.markdown])
