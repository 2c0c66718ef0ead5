"""'Add from URL' core: fetching a page from a local HTTP server (127.0.0.1, a free port, in a thread).

Nothing leaves the machine: the server serves pages written in tests/news_pages.py, and DNS failures are
simulated. Each way a fetch can fail gives an ArticleError naming the address and the problem. The local
server is a private address, which only MAPAPP_FETCH_PRIVATE_HOSTS=1 lets a fetch reach: set for every test
here but those about that guard.
"""
from __future__ import annotations

import gzip
import http.server
import socket
import threading
import time

import pytest

from mapapp.errors import ArticleError
from mapapp.fetch import fetch, fetch_article, public_address

from local_server import serving
from news_pages import train_page

PAGE = train_page()
RELEASE = threading.Event()  # set at teardown: handlers that wait give up


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        return

    def _send(self, body: bytes, ctype: str | None = "text/html; charset=utf-8", status=200, length=True,
              headers=()):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 — one route per case
        path = self.path
        if path == "/page":
            self._send(PAGE.html.encode("utf-8"))
        elif path == "/cp1251":
            self._send("<p>Поезд прибыл в Хасан утром.</p>".encode("cp1251"), "text/html; charset=windows-1251")
        elif path == "/plain":
            self._send("date 2023-09-14\n\nThe train reached Khasan.".encode(), "text/plain")
        elif path == "/untyped":
            self._send(b"<html><body><p>The train reached Khasan at dawn.</p></body></html>", None)
        elif path == "/slow":
            RELEASE.wait(5)
            self._send(b"<p>late</p>")
        elif path == "/drip":  # every byte in time, the whole far too slow
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                if RELEASE.wait(0.1):
                    return
                self.wfile.write(b"<p>Khasan</p>" * 10)
                self.wfile.flush()
        elif path == "/big":
            self._send(b"<p>" + b"Khasan " * 200 + b"</p>")
        elif path == "/big-unsized":
            self._send(b"<p>" + b"Khasan " * 200 + b"</p>", length=False)
        elif path == "/pdf":
            self._send(b"%PDF-1.4", "application/pdf")
        elif path == "/gone":
            self._send(b"<p>Not here</p>", status=404)
        elif path == "/moved":
            self._send(b"", status=302, headers=[("Location", "/page")])
        elif path == "/to-file":
            self._send(b"", status=302, headers=[("Location", "file:///etc/passwd")])
        elif path == "/to-ftp":
            self._send(b"", status=302, headers=[("Location", "ftp://127.0.0.1/x")])
        elif path == "/gzip":
            self._send(gzip.compress(PAGE.html.encode()), headers=[("Content-Encoding", "gzip")])
        elif path == "/only-script":
            self._send(b"<html><script>alert(1)</script></html>")
        else:
            self._send(b"", status=500)


@pytest.fixture(autouse=True)
def _local_server_allowed(monkeypatch):
    monkeypatch.setenv("MAPAPP_FETCH_PRIVATE_HOSTS", "1")
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)


@pytest.fixture(scope="module")
def server():
    RELEASE.clear()
    with serving(_Handler, RELEASE) as base:
        yield base


def test_a_page_is_fetched_with_its_main_text_and_metadata(server):
    up = fetch_article(f"{server}/page", timeout=5)
    assert up.text == "\n\n".join(PAGE.body)
    assert (up.title, up.date, up.url, up.author, up.kind) == (PAGE.title, PAGE.date, PAGE.url, PAGE.author, "html")


def test_redirects_are_followed_and_the_final_address_kept(server):
    got = fetch(f"{server}/moved", timeout=5)
    assert got.url == f"{server}/page" and got.kind == "html" and got.charset == "utf-8"


@pytest.mark.parametrize("path, kind, text, url", [
    ("/cp1251", "html", "Поезд прибыл в Хасан утром.", "{server}/cp1251"),
    ("/plain", "text", "date 2023-09-14\n\nThe train reached Khasan.", "{server}/plain"),
    ("/untyped", "html", "The train reached Khasan at dawn.", "{server}/untyped"),
], ids=["charset-from-header", "plain-text", "no-content-type"])
def test_content_type_and_charset(server, path, kind, text, url):
    up = fetch_article(server + path, timeout=5)
    assert (up.kind, up.text, up.url) == (kind, text, url.format(server=server))


@pytest.mark.parametrize("path, limit, message", [
    ("/gone", None, "could not be fetched: the server answered HTTP 404 Not Found"),
    ("/pdf", None, "is application/pdf, not a web page or text"),
    ("/big", 1000, "is 1,407 bytes; the limit is 1,000 bytes (MAPAPP_MAX_ARTICLE_BYTES)"),
    ("/big-unsized", 1000, "is larger than the limit of 1,000 bytes"),
    ("/to-file", None, "redirects to a file: address; only http:// and https:// pages can be fetched"),
    ("/to-ftp", None, "redirects to a ftp: address; only http:// and https:// pages can be fetched"),
    ("/gzip", None, "was sent compressed (gzip)"),
    ("/only-script", None, "has no article text"),
], ids=["404", "pdf", "too-large", "too-large-unsized", "redirect-to-file", "redirect-to-ftp", "gzip",
        "no-text"])
def test_failures_name_the_address_and_the_problem(server, path, limit, message):
    with pytest.raises(ArticleError) as info:
        fetch_article(server + path, timeout=5, limit=limit)
    assert str(info.value).startswith(server + path) and message in str(info.value), str(info.value)


@pytest.mark.parametrize("path", ["/slow", "/drip"], ids=["no-answer", "answer-too-slow"])
def test_a_slow_server_times_out_in_about_the_time_given(server, path):
    t0 = time.monotonic()
    with pytest.raises(ArticleError) as info:
        fetch(server + path, timeout=0.5)
    assert "did not answer within 0.5 s (MAPAPP_FETCH_TIMEOUT)" in str(info.value)
    assert time.monotonic() - t0 < 2.5


@pytest.mark.parametrize("url, message", [
    ("file:///etc/passwd", "uses file:; only http:// and https:// pages can be fetched"),
    ("javascript:alert(1)", "uses javascript:"),
    ("ftp://example.org/a.html", "uses ftp:"),
    ("data:text/html,<p>Khasan</p>", "uses data:"),
    ("www.example.org/news", "is not a full address"),
    ("http:///path-only", "has no host name"),
    ("http://[::1/", "is not a valid web address"),
    ("http://example.org:port/", "is not a valid web address"),
    ("", "is not a full address"),
], ids=["file", "javascript", "ftp", "data", "no-scheme", "no-host", "bad-ipv6", "bad-port", "empty"])
def test_only_http_addresses_are_fetched(url, message, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a refused address must not reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(ArticleError) as info:
        fetch(url, timeout=1)
    assert message in str(info.value)


def test_unknown_host_and_refused_connection(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with pytest.raises(ArticleError, match="the server refused the connection"):
        fetch(f"http://127.0.0.1:{closed}/", timeout=2)
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(ArticleError, match=r"the host name was not found \(DNS\)"):
        fetch("http://news.example.invalid/story", timeout=2)


def test_the_timeout_setting_is_used(server, monkeypatch):
    monkeypatch.setenv("MAPAPP_FETCH_TIMEOUT", "0.3")
    with pytest.raises(ArticleError, match="within 0.3 s"):
        fetch(f"{server}/slow")


# --- only public addresses, unless allowed ---------------------------------------------------------------

@pytest.mark.parametrize("ip, public", [
    ("93.184.215.14", True), ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True), ("8.8.8.8", True),
    ("127.0.0.1", False), ("127.8.9.10", False), ("10.1.2.3", False), ("172.16.0.9", False),
    ("192.168.1.1", False), ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False),
    ("224.0.0.251", False), ("255.255.255.255", False), ("::1", False), ("::", False), ("fc00::1", False),
    ("fe80::1%eth0", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("::ffff:8.8.8.8", True),
])
def test_public_addresses(ip, public):
    assert public_address(ip) is public


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
def test_a_local_address_is_refused_before_anything_is_sent(server, host, monkeypatch):
    """However the host is written, the connection's own peer address is what counts; the server sees no
    request."""
    monkeypatch.delenv("MAPAPP_FETCH_PRIVATE_HOSTS")
    port = server.rsplit(":", 1)[1]
    seen = []
    monkeypatch.setattr(_Handler, "do_GET", lambda self: seen.append(self.path))
    with pytest.raises(ArticleError) as info:
        fetch(f"http://{host}:{port}/page", timeout=5)
    assert "is on a local or private network address" in str(info.value)
    assert "127.0.0.1" in str(info.value) and "MAPAPP_FETCH_PRIVATE_HOSTS=1" in str(info.value)
    assert seen == []


def test_through_a_proxy_the_target_host_is_checked(server, monkeypatch):
    """A proxy is reached instead of the target: the target's name is resolved and checked, and a local one is
    refused without asking the proxy (here the local test server stands for a proxy)."""
    monkeypatch.delenv("MAPAPP_FETCH_PRIVATE_HOSTS")
    monkeypatch.setenv("http_proxy", server)
    monkeypatch.setenv("no_proxy", "")
    seen = []
    monkeypatch.setattr(_Handler, "do_GET", lambda self: seen.append(self.path))
    with pytest.raises(ArticleError, match="is on a local or private network address, localhost"):
        fetch("http://localhost:9/internal", timeout=5)
    assert seen == []


def test_private_hosts_setting_is_checked(monkeypatch):
    from mapapp.errors import SettingError

    monkeypatch.setenv("MAPAPP_FETCH_PRIVATE_HOSTS", "yes")
    with pytest.raises(SettingError, match="MAPAPP_FETCH_PRIVATE_HOSTS"):
        fetch("http://example.org/", timeout=1)
