"""Property tests (Hypothesis): random and hostile story files — bytes, JSON, CSV — make the loader and the
validator raise nothing but mapapp's own errors, and never hang."""
from __future__ import annotations

import json
import os
import resource
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from mapapp import validate
from mapapp.errors import MapAppError
from mapapp.layers import parse_layers
from mapapp.load import load_story, parse_article
from story_factory import collection, default_events, default_places, default_routes, events_csv, write_story

FILES = ["geodata/places.geojson", "geodata/events.csv", "geodata/routes.geojson", "geodata/story.json",
         "geodata/article_links.json", "seeds/001_train.txt"]
SECONDS = 10  # one load of a small story takes milliseconds; this long means it hangs

PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)
keys = st.sampled_from(["id", "name", "kind", "country", "sources", "aliases", "part_of", "description",
                        "category", "mode", "date_start", "date_end", "from_place", "to_place", "approximate"])
csv_cells = st.text(alphabet=st.sampled_from('ab,"\n\r;\t 1-é\x00'), max_size=12)


@contextmanager
def time_limit(seconds: int = SECONDS):
    """Fail (not hang) when the body runs longer than ``seconds``."""
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: it hangs")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _load(files: dict[str, bytes]) -> None:
    """Write a valid story, replace ``files`` with the given bytes, load it: success or a MapAppError."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_story(Path(tmp) / "story")
        for name, data in files.items():
            (root / name).write_bytes(data)
        with time_limit():
            try:
                load_story(root)
            except MapAppError:
                pass  # the property is about what else may come out


@PROPS
@given(st.sampled_from(FILES), st.binary(max_size=400))
def test_random_bytes_in_any_story_file(name, data):
    _load({name: data})


@PROPS
@given(st.sampled_from(FILES), json_values)
def test_random_json_in_any_story_file(name, value):
    _load({name: json.dumps(value).encode()})


@PROPS
@given(st.lists(st.lists(csv_cells, min_size=1, max_size=10), max_size=6), st.booleans())
def test_random_csv_rows_after_the_header(rows, cut):
    text = events_csv(default_events()) + "\n".join(",".join(r) for r in rows)
    data = text.encode("utf-8", "surrogatepass")
    _load({"geodata/events.csv": data[: len(data) // 2] if cut else data})


@PROPS
@given(st.sampled_from(["places", "routes"]), st.integers(0, 5), keys, json_values)
def test_any_property_of_any_feature_set_to_any_json_value(which, index, key, value):
    features = default_places() if which == "places" else default_routes()
    features[index % len(features)]["properties"][key] = value
    _load({f"geodata/{which}.geojson": json.dumps(collection(features)).encode()})


@PROPS
@given(st.sampled_from(["geometry", "type", "crs", "features"]), json_values)
def test_any_structure_of_places_set_to_any_json_value(key, value):
    doc = collection(default_places())
    if key in ("crs", "features"):
        doc[key] = value
    else:
        doc["features"][0][key] = value
    _load({"geodata/places.geojson": json.dumps(doc).encode()})


@PROPS
@given(st.sampled_from(["title", "layers", "periods", "labels"]), json_values)
def test_any_story_json_field_set_to_any_json_value(key, value):
    _load({"geodata/story.json": json.dumps({key: value}).encode()})


@PROPS
@given(json_values)
def test_any_article_links_entry(value):
    doc = {"format": 1, "articles": {"001_train": {"links": [value]}, "002_later": value}}
    _load({"geodata/article_links.json": json.dumps(doc).encode()})


@PROPS
@given(json_values, st.lists(st.tuples(st.integers(0, 100), st.dictionaries(keys, csv_cells)), max_size=5))
def test_the_validator_on_raw_records(doc, rows):
    """validate.* take any parsed JSON / CSV records: they list problems and never raise."""
    layers = parse_layers(None, Path("story.json"), [], [])
    with time_limit():
        problems: list = []
        validate.places(doc, Path("places.geojson"), problems)
        validate.routes(doc, Path("routes.geojson"), problems, layers)
        full_rows = [(line, {k: row.get(k, "") for k in ("id", "place_id", "category", "title", "date_start",
                                                        "date_end", "participants", "description", "sources")})
                     for line, row in rows]
        validate.events(full_rows, Path("events.csv"), problems, layers)
        assert all(isinstance(p, MapAppError) for p in problems)


@PROPS
@given(st.binary(max_size=600))
def test_article_bytes(data):
    with time_limit():
        try:
            parse_article(data, name="x.txt", article_id="x")
        except MapAppError:
            pass


def _special(kind: str, path: Path, outside: Path) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling link":
        path.symlink_to(outside / "missing")
    elif kind == "looping link":
        path.symlink_to(path)
    elif kind == "link outside":
        (outside / "elsewhere").write_text("{}", encoding="utf-8")
        path.symlink_to(outside / "elsewhere")
    elif kind == "device link":
        path.symlink_to("/dev/zero")


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(FILES), st.sampled_from(["fifo", "folder", "dangling link", "looping link", "link outside",
                                                "device link"]))
def test_special_files_in_place_of_any_story_file(name, kind):
    """Not a regular file in the story: a MapAppError naming it, within seconds and bounded memory."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_story(Path(tmp) / "story")
        _special(kind, root / name, Path(tmp))
        with time_limit(), memory_limit():
            try:
                load_story(root)
            except MapAppError as exc:
                assert str(root / name) in str(exc)
            else:
                raise AssertionError(f"{kind} as {name} was accepted")


@contextmanager
def memory_limit(extra: int = 1 << 30):
    """A runaway read (of /dev/zero) fails with MemoryError instead of taking the machine's memory: at most
    ``extra`` bytes more address space than the process has now."""
    used = next(int(line.split()[1]) * 1024 for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmSize:"))
    old = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (used + extra, old[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, old)


@PROPS
@given(st.data())
def test_a_csv_cut_inside_any_quoted_cell_is_reported(data):
    """Wherever a file is cut inside a quoted cell, validate says so instead of dropping the rows after it."""
    rows = default_events()
    for row in rows:
        row["description"] = f'He said "go", then\nleft {row["id"]}.'
    text = events_csv(rows)
    inside = [i for i in range(len(text)) if text[:i].count('"') % 2 == 1]  # offsets within a quoted cell
    cut = data.draw(st.sampled_from(inside))
    with tempfile.TemporaryDirectory() as tmp:
        root = write_story(Path(tmp) / "story", events_text=text[:cut])
        with time_limit():
            try:
                load_story(root)
            except MapAppError as exc:
                assert "is never closed" in str(exc), str(exc)
            else:
                raise AssertionError(f"a file cut at {cut} inside quotes was accepted")
