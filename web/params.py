"""What a request's parameters ask for, where a page and its ``/api`` answer both read
them: the changes of a scenario (``/scenario``, ``/api/v1/scenario``) and the comparison of
``/veranderingen`` and ``/api/v1/veranderingen``. Kept out of the views, so that no view
imports another."""

from __future__ import annotations

from flask import abort, request

from lea_graph.errors import LeaGraphError
from web import services
from web.auth import current_user, rate_limit
from web.screens.veranderingen import choice, veranderingen_screen

__all__ = ["MAX_CHANGES", "chosen_screen", "plan"]

#: Changes in one scenario at most (each is a full recomputation of the analyses).
MAX_CHANGES = 60


def plan() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The scenario's changes from the parameters: ``zonder``, ``met_lid`` (PARTNER:HUB)
    and ``met_activiteit`` (PARTNER:SCHOOL[:HUB]), plus the page form's fields for one
    new membership (``lid_partner``, ``lid_hub``) and one new activity (``act_partner``,
    ``act_school``, ``act_hub``); each sorted, without repeats (one cache key for one
    scenario).

    A visitor who is not logged in gets at most the ``scenario`` rate limit of
    scenarios per address (429): each new one is a full recomputation of the analyses.
    """
    args = request.args
    zonder = [v for v in args.getlist("zonder") if v]
    met_lid = [v for v in args.getlist("met_lid") if v]
    met_activiteit = [v for v in args.getlist("met_activiteit") if v]
    if args.get("lid_partner") and args.get("lid_hub"):
        met_lid.append(f"{args['lid_partner']}:{args['lid_hub']}")
    if args.get("act_partner") and args.get("act_school"):
        hub = args.get("act_hub")
        met_activiteit.append(
            f"{args['act_partner']}:{args['act_school']}" + (f":{hub}" if hub else "")
        )
    if len(zonder) + len(met_lid) + len(met_activiteit) > MAX_CHANGES:
        raise LeaGraphError(f"Een scenario heeft hoogstens {MAX_CHANGES} wijzigingen.")
    if (zonder or met_lid or met_activiteit) and current_user() is None:
        _count_anonymous()
    return _canonical(zonder), _canonical(met_lid), _canonical(met_activiteit)


def _canonical(values: list[str]) -> tuple[str, ...]:
    return tuple(sorted({v[:300] for v in values}))


def _count_anonymous() -> None:
    """Count a scenario of a visitor who is not logged in; 429 beyond the limit."""
    limit, address = rate_limit("scenario"), request.remote_addr or "?"
    if limit.full(address):
        abort(
            429,
            description="Te veel scenario's achter elkaar. Probeer het over een paar minuten "
            "opnieuw, of log in.",
        )
    limit.add(address)


def chosen_screen():
    """The screen for the comparison the page's parameters ask for."""
    chosen = choice(request.args.to_dict())
    if chosen["vergelijk"] == "jaren":
        return chosen, veranderingen_screen("jaren", chosen["jaar_voor"], chosen["jaar_na"], None)
    year = services.schooljaar()
    return chosen, veranderingen_screen("versies", chosen["voor"], chosen["na"], year)
