"""Console: a beheerder runs one read-only Cypher query on the loaded network.

The query passes :meth:`lea_graph.store.Store.read_only`: the guard of
:mod:`lea_graph.store.guard`, then the store's own read-only mode, with the time limit
``CONSOLE_TIMEOUT_MS`` and the row cap ``CONSOLE_MAX_ROWS``. Parameters are a JSON
object and reach the database only as parameters. The result is shown as a table of
escaped text; nodes (and the edges between them) are also drawn as a network, whose
data sits in a JSON block on the page (no inline script, so the page works under the
Content-Security-Policy). Refused queries and database errors give a Dutch message with
status 400.
"""

from __future__ import annotations

import json
import time

from flask import Blueprint, abort, current_app, request

from lea_graph.cypher import named_queries
from lea_graph.text import number
from web import services
from web.auth import current_user
from web.db import StoreError, StoreUnavailable
from web.pages import render_page
from web.screens.console import (
    ConsoleInputError,
    cell_text,
    network_data,
    parse_params,
    sample_params,
)

bp = Blueprint("console", __name__)

#: Longest query text the console accepts (characters).
MAX_QUERY_CHARS = 20_000
#: Network data block id (``data-json`` of the network element).
NETWORK_ID = "console-netwerk"


# -- the page --------------------------------------------------------------------------------


@bp.route("/console", methods=["GET", "POST"])
def index():
    examples = named_queries()
    cypher, params_text = "", ""
    chosen = None
    result = None
    error = ""
    status = 200
    elapsed_ms = None
    net = None
    if request.method == "POST":
        cypher = request.form.get("cypher", "")
        params_text = request.form.get("parameters", "")
        config = current_app.config
        try:
            if len(cypher) > MAX_QUERY_CHARS:
                raise ConsoleInputError(
                    f"De vraag is te lang (meer dan {number(MAX_QUERY_CHARS)} tekens)."
                )
            params = parse_params(params_text)
            user = current_user() or {}
            # No query text in the log: it can hold data values. Who, and how long, is enough.
            current_app.logger.info(
                "Console-vraag door %s (%d tekens)", user.get("naam", "?"), len(cypher)
            )
            started = time.perf_counter()
            result = services.read_only(
                cypher,
                params,
                timeout_ms=int(config["CONSOLE_TIMEOUT_MS"]),
                max_rows=int(config["CONSOLE_MAX_ROWS"]),
            )
            elapsed_ms = (time.perf_counter() - started) * 1000
            net = network_data(result.rows, int(config.get("NODE_CAP", 1500)))
        except StoreUnavailable:
            raise  # the app's 503 page
        except (ConsoleInputError, StoreError) as exc:
            error, status, result = str(exc), 400, None
    elif request.args.get("voorbeeld"):
        chosen = examples.get(request.args["voorbeeld"])
        if chosen is None:
            abort(404, description=f"Er is geen voorbeeldvraag '{request.args['voorbeeld']}'.")
        cypher = f"// {chosen.title}\n{chosen.cypher}"
        params = sample_params(chosen)
        params_text = json.dumps(params, ensure_ascii=False, indent=2) if params else ""
    rows = [[cell_text(v) for v in row] for row in result.rows] if result else []
    page = render_page(
        "console.html",
        examples=examples,
        chosen=chosen,
        cypher=cypher,
        params_text=params_text,
        result=result,
        rows=rows,
        error=error,
        elapsed_ms=elapsed_ms,
        net=net,
        net_id=NETWORK_ID,
        max_rows=int(current_app.config["CONSOLE_MAX_ROWS"]),
        timeout_s=int(current_app.config["CONSOLE_TIMEOUT_MS"]) / 1000,
    )
    return page, status
