"""What keeps the local page local: the Host check, a CSRF token on every form, the upload
cap (Flask's MAX_CONTENT_LENGTH, answered by errors.py with 413) and strict headers.

The Host check stops DNS rebinding — a web page elsewhere whose name resolves to
127.0.0.1 could otherwise read this page through the officer's browser: a request is
served only when its Host header names the address the server is bound to (for the
loopback address also ``localhost``; when bound to every interface, any IP address —
never a name a stranger controls) with the bound port.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from flask import Flask, Response, abort, current_app, request, session

CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def split_host(host_header: str) -> tuple[str, str] | None:
    """("127.0.0.1", "8765") from ``127.0.0.1:8765``, ("::1", "80") from ``[::1]``."""
    if host_header.startswith("["):
        name, bracket, rest = host_header[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        return name, rest[1:] if rest else "80"
    name, _, port = host_header.partition(":")
    return None if ":" in port else (name, port or "80")


def host_allowed(host_header: str, bound_host: str, bound_port: int) -> bool:
    """May a request with this Host header be served by a server bound to host:port?"""
    parts = split_host(host_header)
    if parts is None or parts[1] != str(bound_port):
        return False
    name = parts[0].lower()
    bound, asked = _ip(bound_host), _ip(name)
    if bound is None:  # bound by name (e.g. --host localhost): that name only
        return name == bound_host.lower()
    if bound.is_unspecified:  # 0.0.0.0 or :: — any address literal, no names
        return asked is not None
    if bound.is_loopback and name == "localhost":
        return True
    return asked == bound


def csrf_token() -> str:
    """This browser session's token, made on first use; every form carries it."""
    return _session_secret("csrf", 32)


def session_id() -> str:
    """An id for this browser session: whose runs are whose."""
    return _session_secret("sid", 16)


def _session_secret(key: str, nbytes: int) -> str:
    """The session's random value under ``key``, made (``nbytes`` of randomness) on first use."""
    value = session.get(key)
    if not isinstance(value, str):
        value = secrets.token_urlsafe(nbytes)
        session[key] = value
    return value


def init_app(app: Flask) -> None:
    @app.before_request
    def check_host() -> None:
        config = current_app.config
        if not host_allowed(request.host, config["HOST"], int(config["PORT"])):
            abort(421)

    @app.before_request
    def check_csrf() -> None:
        if request.method not in UNSAFE_METHODS:
            return
        sent = request.form.get(CSRF_FIELD, "")  # parses the body: 413 when too large
        expected = session.get("csrf")
        if not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
            abort(403)

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response
