"""The faster loading (issue 14, item 6) reads stories as before: events.csv rows and problems as
csv.DictReader gave them, links that leave the story still refused, and no geodesic library imported to
load a story that has no air leg."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from mapapp.errors import DataError
from mapapp.load import EVENT_COLUMNS, _csv_problem, _read_csv
from mapapp.saferead import read_bytes
from story_factory import write_story

ROOT = Path(__file__).resolve().parent.parent


def reference_rows(path: Path, columns=EVENT_COLUMNS) -> tuple[list, list[str]]:
    """events.csv read with csv.DictReader, as the loader did before: (rows, problem messages)."""
    problems: list = []
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        return None, [str(_csv_problem(path, 1, exc))]
    if [c for c in columns if c not in header]:
        return None, ["missing columns"]
    reader.fieldnames = header
    rows = []
    start = reader.line_num + 1
    try:
        for row in reader:
            line = start = reader.line_num
            start += 1
            if None in row:
                problems.append(DataError(path, f"line {line}", "more cells than header columns "
                                                                "(unquoted comma in a cell?)"))
                continue
            rows.append((line, {k: (v or "").strip() for k, v in row.items()}))
    except csv.Error as exc:
        lines = text.splitlines()
        while start <= len(lines) and not lines[start - 1].strip():
            start += 1
        problems.append(_csv_problem(path, start, exc))
    return rows, [str(p) for p in problems]


def rows_now(path: Path) -> tuple[list, list[str]]:
    problems: list = []
    rows = _read_csv(path, EVENT_COLUMNS, problems)
    return rows, [str(p) if "missing column" not in str(p) else "missing columns" for p in problems]


HEADER = ",".join(EVENT_COLUMNS)
CELLS = st.sampled_from(("e1", " spaced ", "", "a,b", '"quoted, comma"', '"two\nlines"', '"say ""hi"""',
                         '"open', "x\"y", "Хасан", "\t"))
LINES = st.one_of(st.lists(CELLS, min_size=0, max_size=11).map(",".join), st.sampled_from(("", " ", "\r")))


@settings(max_examples=400, deadline=None)
@given(header=st.sampled_from((HEADER, " id , place_id," + HEADER[len("id,place_id,"):], HEADER + ",id",
                               HEADER + ",extra", "\ufeff" + HEADER, HEADER.replace(",", ";"), "")),
       lines=st.lists(LINES, max_size=8), newline=st.sampled_from(("\n", "\r\n")))
def test_events_csv_rows_and_problems_as_dictreader_gave_them(tmp_path_factory, header, lines, newline):
    path = tmp_path_factory.getbasetemp() / "events.csv"  # one file, rewritten for each example
    path.write_bytes(newline.join([header, *lines]).encode("utf-8"))
    assert rows_now(path) == reference_rows(path)


def test_a_link_into_a_sibling_folder_with_the_same_prefix_is_outside_the_story(tmp_path):
    story = tmp_path / "story"
    (tmp_path / "story2").mkdir()
    (tmp_path / "story2" / "secret.txt").write_text("secret")
    story.mkdir()
    os.symlink(tmp_path / "story2" / "secret.txt", story / "a.txt")
    with pytest.raises(DataError, match="outside the story folder"):
        read_bytes(story / "a.txt", story)
    (story / "inside.txt").write_text("ok")
    os.symlink(story / "inside.txt", story / "b.txt")
    assert read_bytes(story / "b.txt", story) == b"ok"


def test_loading_a_story_without_air_legs_does_not_import_pyproj(tmp_path):
    root = write_story(tmp_path / "story")
    code = ("import sys; from mapapp.load import load_story; from mapapp.link import link_story; "
            f"link_story(load_story({str(root)!r})); print('pyproj' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\t\r\x0b\x0c\x1c\x00\x7f\u00a0\u2028\u200b\u202eé😀"))
               | st.characters(), max_size=40))
def test_an_article_is_printable_but_its_whitespace_as_before(text):
    from mapapp.load import _printable_but_spaces

    assert _printable_but_spaces(text) == "".join(text.split()).isprintable()


def test_dates_read_twice_are_the_same_and_bad_ones_fail_each_time():
    from mapapp.validate import parse_date

    assert parse_date("2023-09-12") == parse_date("2023-09-12") == date(2023, 9, 12)
    for _ in range(2):
        with pytest.raises(ValueError):
            parse_date("2023-02-30")
