"""The serve command: the explorer in the browser, on waitress."""

from __future__ import annotations

import errno
import os
import signal
import socket
import sys
from pathlib import Path

import click

from lea_graph.cli.errors import DutchError
from lea_graph.cli.options import store_options
from lea_graph.errors import os_reason
from lea_graph.text import number

__all__ = ["serve"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _unknown_host(host: str) -> DutchError:
    return DutchError(
        f"'{host}' is geen bekend adres; geef met --host een naam of IP-adres van deze "
        "computer (bijvoorbeeld 127.0.0.1)."
    )


def _listen_error(exc: OSError, host: str, port: int) -> DutchError:
    """What to tell when the explorer cannot listen on ``host:port``."""
    if isinstance(exc, socket.gaierror):
        return _unknown_host(host)
    if exc.errno == errno.EADDRINUSE:
        return DutchError(
            f"Poort {port} op {host} is al in gebruik (draait de verkenner al?); kies een "
            "andere met --port."
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        if port < 1024:
            return DutchError(
                f"Poort {port} mag alleen de beheerder (root) gebruiken; kies een poort vanaf "
                "1024 met --port, bijvoorbeeld 8050."
            )
        return DutchError(f"Geen toestemming om op {host}:{port} te luisteren.")
    if exc.errno == errno.EADDRNOTAVAIL:
        return DutchError(
            f"Adres {host} hoort niet bij deze computer; kies met --host een eigen adres "
            "(bijvoorbeeld 127.0.0.1)."
        )
    return DutchError(f"Kan niet luisteren op {host}:{port}: {os_reason(exc)}.")


def _check_address(host: str, port: int) -> None:
    """Fail at once, before the store starts, when ``host:port`` cannot be listened on.

    The sockets are tried as waitress makes them (every address of ``host``, with
    SO_REUSEADDR) and closed again; waitress binds its own right after.
    """
    try:
        infos = socket.getaddrinfo(
            host, port, socket.AF_UNSPEC, socket.SOCK_STREAM, socket.IPPROTO_TCP, socket.AI_PASSIVE
        )
    except UnicodeError:  # a name no resolver accepts, such as one label over 63 letters
        raise _unknown_host(host) from None
    except OSError as exc:
        raise _listen_error(exc, host, port) from exc
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                raise _listen_error(exc, host, port) from exc


@click.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8050, show_default=True, help="Poort."
)
@click.option("--threads", type=click.IntRange(min=1), default=8, show_default=True)
def serve(backend: str | None, data_dir: Path | None, host: str, port: int, threads: int) -> None:
    """Start de verkenner in de browser (http://127.0.0.1:8050).

    Met een lege database wordt eerst het Tilburgse netwerk geladen. De server is
    waitress (geen ontwikkelserver, nooit in debugmodus).
    """
    development = os.environ.get("LEA_DEVELOPMENT", "").lower() in ("1", "true", "ja") or (
        host in LOCAL_HOSTS and "LEA_DEVELOPMENT" not in os.environ
    )
    if not development and not os.environ.get("LEA_SECRET_KEY"):
        raise DutchError(
            f"Op {host} is LEA Graph bereikbaar voor anderen: zet eerst LEA_SECRET_KEY (een lange "
            "willekeurige tekst) en draai achter HTTPS. Lokaal (--host 127.0.0.1) hoeft dat niet."
        )
    _check_address(host, port)

    # Only this command needs the web application and waitress: the other commands start
    # without loading Flask and the explorer's views.
    from waitress import serve as waitress_serve

    from web import create_app

    app = create_app(
        {
            "STORE": backend,
            "DATA_DIR": str(data_dir) if data_dir else None,
            "DEVELOPMENT": development,
        }
    )
    app.debug = False
    try:
        with app.app_context():
            from web.db import get_store

            stats = get_store().stats()
        if app.extensions.get("lea_seeded"):
            click.echo("De database was leeg: het Tilburgse voorbeeldnetwerk is geladen.")
        click.echo(
            f"LEA Graph op http://{host}:{port}/ ({stats['backend']}, "
            f"{number(stats['total_nodes'])} knopen). Stoppen met Ctrl+C."
        )
        from web.services import warm_up

        warm_up(app)  # the analyses are ready before the first visitor asks for them
        # Stop cleanly on SIGTERM too (service managers send it): the store is closed and,
        # if no other process uses it, the embedded database server is stopped.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            waitress_serve(
                app,
                host=host,
                port=port,
                threads=threads,
                ident="LEA Graph",
                # waitress answers 413 as soon as the headers announce a larger body,
                # instead of buffering it (up to 1 GB) for Flask to refuse; it refuses a
                # body of this size or more, Flask one larger than MAX_CONTENT_LENGTH.
                max_request_body_size=app.config["MAX_CONTENT_LENGTH"] + 1,
            )
        except OSError as exc:  # the address was taken after the check above
            raise _listen_error(exc, host, port) from exc
        except KeyboardInterrupt:
            pass
    finally:
        store = app.extensions.get("lea_store")
        if store is not None:
            store.close()
