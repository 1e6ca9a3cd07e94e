"""Run the page under waitress on this PC until Ctrl-C (``roadfund web``).

The socket is bound here, before the app is made, so the app knows its real port for
the Host check (``--port 0``: any free port). waitress gets the host explicitly — it
would listen on every interface by default. On Ctrl-C (or SIGTERM) the server closes and
the private folder with every upload and run is removed.
"""

from __future__ import annotations

import errno
import ipaddress
import signal
import socket
import sys
import threading
import webbrowser
from types import FrameType

import click

from roadfund.web import MAX_UPLOAD_BYTES, create_app, state
from roadfund.web.engine_api import ExitStatus, Lang, label

DEFAULT_PORT = 8765
THREADS = 4


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (raises OSError when it cannot be had)."""
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        if sys.platform != "win32":  # on Windows this would let two servers share a port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError:
        sock.close()
        raise
    return sock


def url_for_address(host: str, port: int) -> str:
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(*, host: str, port: int | None, open_browser: bool, lang: Lang) -> int:
    """Serve until interrupted; the exit status (0, or 2 when the port cannot be had)."""
    import waitress

    if not is_loopback(host):
        click.echo(label("web.cli.exposed", lang, host=host), err=True)
    try:
        sock = bind(host, DEFAULT_PORT if port is None else port)
    except OSError as error:
        if port is not None or error.errno != errno.EADDRINUSE:
            click.echo(
                label("web.cli.no_port", lang, host=host, port=port, reason=error.strerror),
                err=True,
            )
            return ExitStatus.USAGE
        sock = bind(host, 0)  # the default port is taken: any free one
    bound_port = sock.getsockname()[1]
    app = create_app({"HOST": host, "PORT": bound_port, "LANG": lang})
    server = waitress.create_server(  # type: ignore[attr-defined]  # the stubs omit the re-export
        app,
        sockets=[sock],
        threads=THREADS,
        max_request_body_size=4 * MAX_UPLOAD_BYTES,  # larger: waitress's own 413
        clear_untrusted_proxy_headers=True,
        ident="roadfund",
    )
    url = url_for_address(host, bound_port)
    click.echo(label("web.cli.serving", lang, url=url))
    click.echo(
        label("web.cli.workspace", lang, path=str(app.extensions["roadfund"].workspace.root))
    )
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    # Ctrl-C and SIGTERM stop the server, even where the shell started it with SIGINT ignored.
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run()  # returns on KeyboardInterrupt, having closed the server
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.close()
        with app.app_context():
            state().close()
        click.echo(label("web.cli.stopped", lang))
    return ExitStatus.OK
