"""The coordinator's side of the partners' own data: invitation links, the review queue
(``/beheer/voorstellen``) and the partners to remind (``/beheer/actualiteit``).

Approving a proposal makes a new version of the network like an upload does, as one
recorded load (:mod:`lea_graph.loading`): with the load lock held, the proposal is
applied to the network as it is *then*; the current network is snapshotted, the new one
loaded, the audit entry (naming the partner and the coordinator) and the proposal's
state written with it. Two coordinators approving at once therefore never undo each
other: the second approval waits, and is applied on top of the first. It goes ahead
only while the partner's own rows are still as the coordinator saw them (the review
page sends their fingerprint, ``stand``); otherwise the review is shown again.
Rejecting keeps the network as it is and records a note the partner sees when it opens
its link again. A proposal whose partner's rows changed after it was sent shows how,
and is approved only when the coordinator ticks that the proposal was reviewed against
the new state.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, url_for

from lea_graph import audit, tijd, uitnodigingen, voorstellen
from lea_graph.errors import LeaGraphError
from lea_graph.loading import Current, NetworkChanged
from web import services
from web.auth import current_user
from web.db import StoreBusy
from web.pages import render_page, render_screen
from web.screens.voorstel import actualiteit_screen, queue_screen, review_screen

bp = Blueprint("voorstellen", __name__, url_prefix="/beheer")

#: The choices of months on the freshness page.
MONTHS = (3, 6, 9, 12, 24)


def _partner(partner_id: str) -> dict:
    return services.node(partner_id, "partner")


def _invitations_file():
    return uitnodigingen.invitations_file(services.data_dir())


def invitation_link(token: str) -> str:
    """The whole link a partner opens: ``PUBLIC_URL`` (the address partners reach the
    explorer on) if set, else the address of this request."""
    base = (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    return f"{base}{url_for('formulier.form', token=token)}"


@bp.route("/uitnodiging/<partner_id>", methods=["POST"])
def invite(partner_id: str):
    p = _partner(partner_id)
    days = request.form.get("dagen", str(uitnodigingen.DEFAULT_DAYS))
    try:
        token = uitnodigingen.create(
            _invitations_file(), partner_id, days=int(days), door=current_user()["naam"]
        )
    except (ValueError, LeaGraphError):
        abort(
            400,
            description=f"Een uitnodiging is 1 tot {uitnodigingen.MAX_DAYS} dagen geldig, "
            f"niet '{days[:20]}'.",
        )
    current_app.logger.info(
        "Uitnodiging voor %s gemaakt door %s", partner_id, current_user()["naam"]
    )
    entry = uitnodigingen.load_invitations(_invitations_file())[partner_id]
    response = current_app.make_response(
        render_page(
            "uitnodiging.html", partner=p, link=invitation_link(token), entry=entry, stage="nieuw"
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/uitnodiging/<partner_id>/intrekken", methods=["POST"])
def revoke(partner_id: str):
    p = _partner(partner_id)
    done = uitnodigingen.revoke(_invitations_file(), partner_id)
    if done:
        current_app.logger.info(
            "Uitnodiging voor %s ingetrokken door %s", partner_id, current_user()["naam"]
        )
    return render_page("uitnodiging.html", partner=p, stage="ingetrokken" if done else "geen")


@bp.route("/voorstellen")
def queue():
    return render_screen("voorstellen.html", queue_screen(), title="Voorstellen van partners")


def _entry(ident: str) -> dict:
    entry = voorstellen.get(services.data_dir(), ident)
    if entry is None:
        abort(404, description="Dit voorstel bestaat niet.")
    return entry


@bp.route("/voorstellen/<ident>")
def voorstel(ident: str):
    return render_screen("voorstel.html", review_screen(_entry(ident)))


def _review_again(entry: dict, message: str, status: int):
    return render_screen("voorstel.html", review_screen(entry), message=message), status


class _Refused(Exception):
    """An approval that cannot go ahead: the message and status to show with the review."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@bp.route("/voorstellen/<ident>/goedkeuren", methods=["POST"])
def approve(ident: str):
    entry = _entry(ident)
    if entry["status"] != "open":
        return _review_again(entry, "Dit voorstel is al beoordeeld.", 409)
    partner = entry["partner"]
    reviewed = request.form.get("stand", "")
    seen = bool(request.form.get("gezien"))
    data_dir = services.data_dir()

    def change(current: Current):
        # With the load lock held: the proposal applied to the network as it is now.
        latest = voorstellen.get(data_dir, ident)
        if latest is None or latest["status"] != "open":
            raise _Refused("Dit voorstel is al beoordeeld.", 409)
        dataset = current.dataset()
        if dataset is None or partner not in set(dataset.ids("partners")):
            raise _Refused("Deze partner staat niet meer in het netwerk.", 409)
        if voorstellen.stand(dataset, partner) != reviewed:
            raise NetworkChanged(
                "De gegevens van deze partner zijn veranderd terwijl u het voorstel bekeek: "
                f"nu staat {current.describe()} klaar. Er is niets geladen. Hieronder staat "
                "het voorstel opnieuw, tegen de huidige stand; keur het opnieuw goed als het "
                "klopt.",
                current,
            )
        if voorstellen.changed_since(latest, dataset) and not seen:
            raise _Refused(
                "De gegevens van deze partner zijn veranderd sinds het voorstel werd "
                "verstuurd. Bekijk wat er veranderde, vink aan dat u het voorstel tegen de "
                "huidige stand hebt beoordeeld en keur het dan goed.",
                409,
            )
        new, _ = voorstellen.apply(dataset, latest)
        if new is None:
            raise _Refused("Het voorstel heeft fouten en kan niet worden goedgekeurd.", 422)
        return new

    user = current_user()["naam"]
    name = services.name(partner)
    try:
        loaded = services.load(
            change,
            user=user,
            source=f"voorstel van {name}",
            action="voorstel goedkeuren",
            voorstel=ident,
            partner=partner,
        )
    except StoreBusy:
        return _review_again(entry, "Er wordt al een netwerk geladen. Probeer het zo opnieuw.", 409)
    except NetworkChanged as exc:
        return _review_again(_entry(ident), str(exc), 409)
    except _Refused as exc:
        return _review_again(_entry(ident), str(exc), exc.status)
    current_app.logger.info(
        "Voorstel %s van %s goedgekeurd door %s (versie %s)",
        ident, partner, user, loaded.report.version,
    )  # fmt: skip
    if not current_app.testing:
        services.warm_up(current_app._get_current_object())  # type: ignore[attr-defined]
    return redirect(url_for("voorstellen.queue", goedgekeurd=ident), 303)


@bp.route("/voorstellen/<ident>/afwijzen", methods=["POST"])
def reject(ident: str):
    entry = _entry(ident)
    if entry["status"] != "open":
        return _review_again(entry, "Dit voorstel is al beoordeeld.", 409)
    note = voorstellen.clean_text(request.form.get("notitie"))
    if not note:
        return _review_again(
            entry, "Schrijf in de notitie waarom u het voorstel afwijst; de partner leest het.", 400
        )
    if len(note) > voorstellen.LIMITS["opmerking"]:
        return _review_again(
            entry, f"De notitie is hooguit {voorstellen.LIMITS['opmerking']} tekens.", 400
        )
    user = current_user()["naam"]
    try:
        # Decided with the load lock held, so that an approval of the same proposal
        # cannot be under way at the same moment.
        with services.exclusive():
            if voorstellen.get(services.data_dir(), ident)["status"] != "open":
                return _review_again(_entry(ident), "Dit voorstel is al beoordeeld.", 409)
            voorstellen.decide(
                services.data_dir(), ident, status="afgewezen", door=user, notitie=note
            )
    except StoreBusy:
        return _review_again(entry, "Er wordt al een netwerk geladen. Probeer het zo opnieuw.", 409)
    audit.record(
        services.data_dir(),
        gebruiker=user,
        actie="voorstel afwijzen",
        bron=f"voorstel van {entry['partner']}",
        partner=entry["partner"],
        voorstel=ident,
    )
    return redirect(url_for("voorstellen.queue", afgewezen=ident), 303)


@bp.route("/actualiteit")
def actualiteit():
    try:
        months = int(request.args.get("maanden", "6"))
    except ValueError:
        months = -1
    if not 1 <= months <= 120:
        abort(404, description="Kies een aantal maanden van 1 tot 120.")
    screen = actualiteit_screen(months, tijd.today())
    return render_screen(
        "actualiteit.html", screen, title="Actualiteit van de partners", months=MONTHS
    )
