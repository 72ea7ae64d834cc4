"""/health: is the database reachable and what is loaded (for monitoring)."""

from __future__ import annotations

from flask import Blueprint, jsonify

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
