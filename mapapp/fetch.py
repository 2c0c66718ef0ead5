"""'Add from URL': fetch one web page (http/https only) with a time limit and a size cap, then read it as an article.

Everything that can go wrong — a scheme that is not http(s), a host that does not resolve, a refused
connection, a timeout, an HTTP error status, a page over ``MAPAPP_MAX_ARTICLE_BYTES``, a PDF or image —
is an :class:`~mapapp.errors.ArticleError` naming the address and what happened. The standard library's
HTTP client is used, with only the http and https handlers: redirects to any other scheme are refused.

Only public addresses are fetched unless ``MAPAPP_FETCH_PRIVATE_HOSTS=1``: every connection (the first and
each redirect's) is checked for the address it actually reached, before anything is sent, so a name that
resolves to 127.0.0.1, 10.x, 169.254.169.254 (cloud metadata) or ::1 is refused however it was reached.
Through a proxy the connection reaches the proxy, so there the target's name is resolved and checked instead.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from . import __version__, settings
from .errors import ArticleError
from .htmltext import Upload, upload_text

_KINDS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text", "text/markdown": "markdown",
          "text/x-markdown": "markdown"}
_CHUNK = 65_536


@dataclass(frozen=True)
class Fetched:
    """A fetched page: where it ended up (after redirects), its bytes, its kind and declared charset."""

    url: str
    data: bytes
    kind: str  # html | text | markdown
    charset: str | None


def check_url(url: str) -> str:
    """The address, stripped, if it is an http(s) URL with a host; ArticleError otherwise."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ArticleError(url or "the address", None, f"is not a valid web address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        what = f"uses {parts.scheme}:" if parts.scheme else "is not a full address"
        raise ArticleError(url or "the address", None, f"{what}; only http:// and https:// pages can be fetched")
    if not parts.hostname:
        raise ArticleError(url, None, "has no host name")
    return url


def fetch(url: str, timeout: float | None = None, limit: int | None = None) -> Fetched:
    """GET an http(s) page: at most ``limit`` bytes, within about ``timeout`` seconds in all."""
    url = check_url(url)
    timeout = float(timeout if timeout is not None else settings.get("fetch_timeout"))
    limit = int(limit or settings.get("max_article_bytes"))
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={
        "User-Agent": f"mapapp/{__version__} (article reader)", "Accept-Encoding": "identity",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.1"})
    try:
        with _opener(url).open(request, timeout=timeout) as response:
            final = response.geturl()
            kind, charset = _content_type(url, response.headers)
            if response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity"):
                raise ArticleError(url, None, f"was sent compressed ({response.headers['Content-Encoding']}), "
                                              "which this app does not read")
            length = response.headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > limit:
                raise ArticleError(url, None, f"is {int(length):,} bytes; the limit is {limit:,} bytes "
                                              "(MAPAPP_MAX_ARTICLE_BYTES)")
            data = _read(response, url, limit, deadline, timeout)
    except urllib.error.HTTPError as exc:
        raise ArticleError(url, None, f"could not be fetched: the server answered HTTP {exc.code} "
                                      f"{exc.reason}") from None
    except urllib.error.URLError as exc:
        raise ArticleError(url, None, f"could not be fetched: {_reason(exc.reason, timeout)}") from None
    except (TimeoutError, socket.timeout):
        raise ArticleError(url, None, _timed_out(timeout)) from None
    except http.client.HTTPException as exc:
        raise ArticleError(url, None, f"could not be fetched: the server sent a broken answer "
                                      f"({type(exc).__name__})") from None
    except OSError as exc:
        raise ArticleError(url, None, f"could not be fetched: {_reason(exc, timeout)}") from None
    if kind is None:
        kind = "html" if data.lstrip()[:1] == b"<" else "text"
    return Fetched(url=final, data=data, kind=kind, charset=charset)


def fetch_article(url: str, timeout: float | None = None, limit: int | None = None) -> Upload:
    """A web page as an article: its main text and its title, date, canonical URL and author."""
    page = fetch(url, timeout, limit)
    return upload_text(url, page.data, limit, kind=page.kind, charset=page.charset, base_url=page.url)


def _read(response, url: str, limit: int, deadline: float, timeout: float) -> bytes:
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise ArticleError(url, None, _timed_out(timeout))
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise ArticleError(url, None, f"is larger than the limit of {limit:,} bytes (MAPAPP_MAX_ARTICLE_BYTES)")
        chunks.append(chunk)


def _content_type(url: str, headers) -> tuple[str | None, str | None]:
    """(kind, charset) from the Content-Type header; None kind when the server gives no type."""
    raw = headers.get("Content-Type", "")
    if not raw.strip():
        return None, None
    msg = Message()
    msg["Content-Type"] = raw
    mime = msg.get_content_type().lower()
    if mime not in _KINDS:
        raise ArticleError(url, None, f"is {mime}, not a web page or text; fetch the article's HTML page")
    return _KINDS[mime], msg.get_param("charset")


def _timed_out(timeout: float) -> str:
    return f"did not answer within {timeout:g} s (MAPAPP_FETCH_TIMEOUT); try again later or save the page " \
           "and upload it"


def _reason(reason, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return _timed_out(timeout)
    if isinstance(reason, socket.gaierror):
        return "the host name was not found (DNS); check the address"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection failed ({getattr(reason, 'reason', None) or reason})"
    if isinstance(reason, OSError):
        return reason.strerror or str(reason) or type(reason).__name__
    return str(reason)


def public_address(ip: str) -> bool:
    """Whether ``ip`` is a public Internet address (not loopback, private, link-local, shared, reserved…);
    an IPv4 address written as IPv6 (``::ffff:127.0.0.1``) is judged as the IPv4 address."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _refuse(url: str, host: str, ip: str) -> ArticleError:
    where = host if host == ip else f"{host} ({ip})"
    return ArticleError(url, None, f"is on a local or private network address, {where}; 'Add from URL' only "
                                   "fetches public pages (set MAPAPP_FETCH_PRIVATE_HOSTS=1 to allow a server "
                                   "on this machine or an intranet)")


def _check_target(url: str) -> None:
    """Through a proxy: refuse ``url`` when its host resolves to a non-public address."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return  # the proxy reports a name it cannot find
    for info in infos:
        if not public_address(info[4][0]):
            raise _refuse(url, host, info[4][0])


def _guarded(connection_class, url: str):
    """``connection_class`` whose socket, once connected, must have reached a public address (checked on the
    peer address itself, so no second DNS answer can slip past)."""

    class Guarded(connection_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = self._connect_public

        def _connect_public(self, address, *args, **kwargs):
            sock = socket.create_connection(address, *args, **kwargs)
            ip = sock.getpeername()[0]
            if not public_address(ip):
                sock.close()
                raise _refuse(url, str(address[0]), ip)
            return sock

    return Guarded


class _HTTP(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_guarded(http.client.HTTPConnection, req.full_url), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_guarded(http.client.HTTPSConnection, req.full_url), req,
                            context=self._context)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) addresses (and, through a proxy, only to public hosts)."""

    def __init__(self, check_targets: bool):
        super().__init__()
        self.check_targets = check_targets

    def http_error_302(self, req, fp, code, msg, headers):
        target = urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            fp.close()
            raise ArticleError(req.full_url, None, f"redirects to a {scheme}: address; only http:// and https:// "
                                                   "pages can be fetched")
        if self.check_targets:
            _check_target(target)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(url: str) -> urllib.request.OpenerDirector:
    """An opener with the http(s) handlers only (no file:, ftp: or data:); unless private hosts are allowed,
    one that refuses non-public addresses (see the module docstring)."""
    private_ok = bool(settings.get("fetch_private_hosts"))
    proxied = _proxied(url)
    if not private_ok and proxied:
        _check_target(url)
    direct = private_ok or proxied
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(),
                    urllib.request.HTTPHandler() if direct else _HTTP(),
                    urllib.request.HTTPSHandler() if direct else _HTTPS(),
                    _Redirects(check_targets=not private_ok and proxied),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _proxied(url: str) -> bool:
    """Whether the environment sends requests for ``url`` through a proxy."""
    parts = urlsplit(url)
    return parts.scheme.lower() in urllib.request.getproxies() and not urllib.request.proxy_bypass(
        parts.hostname or "")
