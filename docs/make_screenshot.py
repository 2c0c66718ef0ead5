"""Make docs/screenshot.png: the dashboard on the built-in story as a reader first sees it on a laptop
(1440×900), with a route leg clicked: the whole journey on the map, the leg's story in the panel beside it.

    python docs/make_screenshot.py [--out docs/screenshot.png] [--leg LEG_ID] [--online]

Starts the app on a free port, opens it in headless Chromium (/usr/bin/chromium), waits for the map's first
fit, clicks the leg (``--leg``, default the one to the summit; any leg if the story has no such id) where it
lies on top, waits for its panel and saves the screenshot. By default every request other than to the local
app is blocked (no tiles: the map shows its built-in land outline), so the image is reproducible offline;
``--online`` lets the basemap tiles load.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_support import (CHROMIUM, LEG_TARGETS_JS, MAP_FRAME, StreamlitServer,  # noqa: E402
                             chromium_browser, map_frame, offline, open_dashboard, watch_errors)

SIZE = {"width": 1440, "height": 900}
STATUS = '[data-testid="stStatusWidget"]'


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png", help="PNG file to write")
    args.add_argument("--leg", default="leg_a4_khabarovsk_vostochny", help="id of the route leg to click")
    args.add_argument("--online", action="store_true", help="let basemap tiles load (needs internet)")
    opts = args.parse_args(argv)
    if not CHROMIUM.is_file():
        print(f"error: Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    with StreamlitServer(story=ROOT) as server, chromium_browser() as browser:
        context = browser.new_context(viewport=SIZE, device_scale_factor=1)
        watch = offline(context, (server.url, "data:", "blob:", "about:", *(("http", ) if opts.online else ())))
        page = context.new_page()
        watch_errors(page, watch)
        open_dashboard(page, server.url)
        frame = map_frame(page)
        frame.wait_for_function("() => window.mapapp && window.mapapp.fits >= 1", timeout=30_000)
        page.locator(STATUS).wait_for(state="hidden", timeout=30_000)
        targets = frame.evaluate(LEG_TARGETS_JS)
        if not targets:
            print("error: no route leg to click on the map", file=sys.stderr)
            return 1
        target = next((t for t in targets if t["id"] == opts.leg), targets[0])
        box = page.locator(MAP_FRAME).bounding_box()
        page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
        page.locator(".mapapp-leg-panel").wait_for(timeout=30_000)
        page.locator(STATUS).wait_for(state="hidden", timeout=30_000)
        page.mouse.move(1, SIZE["height"] - 1)  # no tooltip left over the map
        opts.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(opts.out))
        context.close()
    if watch.problems():
        print("warning: the page reported errors:\n  " + "\n  ".join(watch.problems()), file=sys.stderr)
    print(f"wrote {opts.out} ({target['id']} selected)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
