"""/health: is the database reachable and what is loaded (for monitoring); /ready: may
the explorer get visitors (the database answers and the analyses are computed)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from web import services
from web.db import StoreError

bp = Blueprint("health", __name__)


@bp.route("/health")
def health():
    try:
        stats = services.live_stats()
    except StoreError as exc:
        return jsonify({"status": "niet beschikbaar", "melding": str(exc)}), 503
    return jsonify(
        {
            "status": "ok",
            "opslag": stats["backend"],
            "geladen": stats["loaded"],
            "versie": stats["version"],
            "geladen_op": stats["loaded_at"],
            "knopen": stats["total_nodes"],
            "relaties": stats["total_edges"],
        }
    )


def _not_ready(reason: str):
    return jsonify({"status": "niet klaar", "reden": reason}), 503


@bp.route("/ready")
def ready():
    """200 when the store answers and the loaded network's analyses are computed (a load
    balancer may send visitors); else 503 with the reason in Dutch. When the analyses
    are not computed and no warm-up runs, one is started (a server started without
    ``lea-graph serve`` gets ready too)."""
    try:
        stats = services.live_stats()
    except StoreError as exc:
        return _not_ready(f"De database antwoordt niet: {exc}")
    if not stats["loaded"]:
        return _not_ready("Er is nog geen netwerk geladen.")
    if not services.analyses_warm():
        if services.warm_up_failed() and not services.warming():
            # Not started again at every probe: a new load or a restart tries again.
            return _not_ready(
                "Het berekenen van de analyses is mislukt; zie het logboek van de server."
            )
        if not services.warming():
            services.warm_up(current_app._get_current_object())  # type: ignore[attr-defined]
        return _not_ready(
            "De analyses van het netwerk worden nog berekend. Probeer het zo opnieuw."
        )
    return jsonify({"status": "klaar", "versie": stats["version"]})
