"""Make docs/screenshot.png: the dashboard on the built-in story with the Vostochny summit selected.

    python docs/make_screenshot.py [--out docs/screenshot.png] [--online]

Starts the app on a free port, opens it in headless Chromium (/usr/bin/chromium) at 1400×1000, clicks the
summit star, waits for the detail panel and the re-centred map, and saves the screenshot. By default every
request other than to the local app is blocked (no tiles: the map shows its built-in land outline), so the
image is reproducible offline; ``--online`` lets the basemap tiles load.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_support import (CHROMIUM, MAP_FRAME, StreamlitServer, chromium_browser, map_frame,  # noqa: E402
                             offline, open_dashboard, watch_errors)
from mapapp.ui.mapview import SELECTED_ZOOM  # noqa: E402

#: True once the map is centred on the selection (at SELECTED_ZOOM), not moving, and its star is drawn.
MAP_SETTLED_JS = """
() => {
  const maps = [...new Set(Object.values(window).filter(v => v instanceof L.Map))];
  return maps.length === 1 && maps[0].getZoom() === %d && !maps[0]._animatingZoom
         && !(maps[0]._panAnim && maps[0]._panAnim._inProgress)
         && document.querySelector('.mapapp-star') !== null;
}
""" % SELECTED_ZOOM


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png", help="PNG file to write")
    args.add_argument("--online", action="store_true", help="let basemap tiles load (needs internet)")
    opts = args.parse_args(argv)
    if not CHROMIUM.is_file():
        print(f"error: Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    with StreamlitServer(story=ROOT) as server, chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
        watch = offline(context, (server.url, "data:", "blob:", "about:", *(("http", ) if opts.online else ())))
        page = context.new_page()
        watch_errors(page, watch)
        frame = open_dashboard(page, server.url)
        frame.locator(".mapapp-star").click()
        page.locator(".mapapp-panel").wait_for(timeout=30_000)
        # The app reruns to centre the map on the selection; wait for that map to settle.
        page.locator(MAP_FRAME).wait_for()
        page.frame_locator(MAP_FRAME).locator(".mapapp-star").wait_for()
        map_frame(page).wait_for_function(MAP_SETTLED_JS, timeout=30_000)
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
        opts.out.parent.mkdir(parents=True, exist_ok=True)
        # The click scrolled the page to the map; show the dashboard from its top (title, controls, map).
        page.locator('[data-testid="stMain"]').evaluate("el => el.scrollTo(0, 0)")
        page.screenshot(path=str(opts.out))
        context.close()
    if watch.problems():
        print("warning: the page reported errors:\n  " + "\n  ".join(watch.problems()), file=sys.stderr)
    print(f"wrote {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
