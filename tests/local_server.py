"""A local HTTP server for fetch tests: 127.0.0.1, a free port, in a thread; nothing leaves the machine."""
from __future__ import annotations

import contextlib
import http.server
import threading


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler], release: threading.Event | None = None):
    """Serve ``handler`` while the block runs; yields the base URL. ``release`` is set at the end (waiting
    handlers give up)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        if release is not None:
            release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def pages_handler(pages: dict[str, tuple[str, bytes]]) -> type[http.server.BaseHTTPRequestHandler]:
    """A handler serving ``{path: (content type, body)}``; 404 for any other path."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            return

        def do_GET(self):
            ctype, body = pages.get(self.path, ("text/html", b"<p>Not found</p>"))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
