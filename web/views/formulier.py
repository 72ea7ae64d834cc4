"""The partner's own form (``/bijdragen/<token>``): no account, only its invitation link.

The token in the link is the partner's only key (:mod:`lea_graph.uitnodigingen`): it
opens that partner's form and nothing else. An unknown (or tampered) token gives 404,
an expired or replaced one 410, a revoked one 403. The form is prefilled with what the
network holds; rows that are in the network show what they are (the school, the wijk,
the partner) and only what may change (schooljaar, deelnemers, soort, or removing them);
new rows pick a school, wijk or partner from the network. What is sent is read as a
proposal by :func:`lea_graph.voorstellen.proposal_from_form` and checked with
the rules of an upload (:func:`lea_graph.voorstellen.check`) and waits for a
coordinator: nothing in the network changes before approval.

Every POST carries the CSRF token of the session; the form is rate limited per link
and per address, and capped in size (:data:`lea_graph.voorstellen.LIMITS`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, render_template, request

from lea_graph import model, monitor, tijd, uitnodigingen, voorstellen
from lea_graph.errors import LeaGraphError
from lea_graph.text import fold
from lea_graph.uitnodigingen import Check
from web import services
from web.auth import rate_limit
from web.db import meta
from web.screens.netwerk import options
from web.screens.samenwerking import eigen_oordeel

bp = Blueprint("formulier", __name__, url_prefix="/bijdragen")

#: How a refused link is answered: status and the Dutch explanation.
REFUSED = {
    "onbekend": (
        404,
        "Deze link is niet bekend. Controleer of u de hele link hebt gekopieerd, of vraag "
        "de coördinator van de LEA om een nieuwe.",
    ),
    "verlopen": (
        410,
        "Deze link is verlopen. Vraag de coördinator van de LEA om een nieuwe link.",
    ),
    "vervangen": (
        410,
        "Er is een nieuwere link voor uw organisatie gemaakt; deze werkt niet meer. Gebruik "
        "de nieuwste link, of vraag de coördinator om een nieuwe.",
    ),
    "ingetrokken": (
        403,
        "Deze link is ingetrokken door de coördinator van de LEA. Neem contact op als u uw "
        "gegevens toch wilt bijwerken.",
    ),
}


#: Empty lines offered for new rows, and how many more "Meer regels" adds.
NEW_LINES = 3


def _address() -> str:
    return request.remote_addr or "?"


def _holder(token: str) -> str:
    """The partner of a valid link, or the refusal (404, 410 or 403)."""
    lookups = rate_limit("link_opzoeken")
    if lookups.full(_address()):
        abort(429, description="Te veel verzoeken. Probeer het over een minuut opnieuw.")
    lookups.add(_address())
    found: Check = uitnodigingen.check(uitnodigingen.invitations_file(services.data_dir()), token)
    if not found.ok:
        status, message = REFUSED[found.status]
        abort(status, description=message)
    if services.kind(found.partner) != "partner":
        abort(
            410,
            description="Uw organisatie staat niet meer in het netwerk. Neem contact op met "
            "de coördinator van de LEA.",
        )
    return found.partner


def _years() -> list[str]:
    """The schooljaren a partner can choose (:func:`lea_graph.model.schooljaar_keuzes`);
    a row's own schooljaar outside them stays shown as it is (see the template)."""
    return model.schooljaar_keuzes(tijd.today())


def _choices(partner: str) -> dict[str, Any]:
    """What new rows can pick: schools grouped by wijk, wijken, other partners, hubs
    (each list sorted by name as the other pages sort them)."""
    wijk_name = dict(options("wijk"))
    schools: dict[str, list[tuple[str, str]]] = {}
    for school, name in options("school"):
        wijk = wijk_name.get(services.school_wijk(school) or "", "Zonder wijk")
        schools.setdefault(wijk, []).append((school, name))
    return {
        "scholen": sorted(schools.items(), key=lambda x: fold(x[0])),
        "wijken": options("wijk"),
        "partners": [p for p in options("partner") if p[0] != partner],
        "hubs": options("hub"),
        "jaren": _years(),
    }


def _page(
    token: str,
    partner: str,
    proposal: dict[str, Any],
    basis: dict[str, list[dict[str, str]]],
    *,
    problems: list | None = None,
    message: str = "",
    new_lines: int = NEW_LINES,
    status: int = 200,
):
    names = voorstellen.Names(services.dataset())
    shown, located = _lines(proposal, basis, partner, names, problems or [])
    latest = voorstellen.latest_for(services.data_dir(), partner)
    made_up = any(r.get("bron") == "voorbeeld" for rows in basis.values() for r in rows)
    return (
        render_template(
            "formulier.html",
            token=token,
            partner=services.node(partner, "partner"),
            proposal=proposal,
            shown=shown,
            hubs=[r["hub"] for r in proposal.get("hub_leden", [])],
            choices=_choices(partner),
            problems=located,
            message=message,
            new_lines=new_lines,
            latest=latest,
            voorbeeld=made_up,
            versie=str(meta().get("versie", "")),
            limits=voorstellen.LIMITS,
            monitor_ronde=_open_round(),
        ),
        status,
    )


#: The form's sections of lines: the table and the prefix of its fields (``act-0-school``).
LINE_SECTIONS = {"activiteiten": "act", "wijkinzet": "inzet", "samenwerkingen": "sam"}


def _lines(
    proposal: dict[str, Any],
    basis: dict[str, list[dict[str, str]]],
    partner: str,
    names: voorstellen.Names,
    problems: list,
) -> tuple[dict[str, dict[str, list[dict[str, Any]]]], list[dict[str, str]]]:
    """The lines of the form per section, and the problems as the form shows them.

    Each section has ``bestaand``: one line per row that is in the network now (in the
    network's order, so its count only changes when the network does; a row the partner
    ticked away stays, ticked), and ``nieuw``: the new lines the partner filled in. Each
    line has ``n``, its number in the fields' names, and ``fouten``: per field, the
    problem's message and the id of that message. A problem is ``tekst`` (where and what,
    with the label on screen) and ``doel`` (the id of its field, or of its line).
    """
    shown: dict[str, dict[str, list[dict[str, Any]]]] = {}
    where: dict[tuple[str, int], dict[str, Any]] = {}
    for table in LINE_SECTIONS:
        rows = proposal.get(table, [])
        kept = {r["bestaand"]: r for r in rows if isinstance(r.get("bestaand"), int)}
        existing = []
        for i, old in enumerate(basis[table]):
            row = kept.get(i) or {
                **voorstellen.form_row(table, old, partner),
                "bestaand": i,
                "weg": True,
            }
            existing.append(
                {
                    **row,
                    "n": i,
                    "fouten": {},
                    "omschrijving": voorstellen.describe(table, old, partner, names, in_form=True),
                }
            )
        new = []
        for row in rows:
            if isinstance(row.get("bestaand"), int):
                continue
            new.append({**row, "n": len(basis[table]) + len(new), "fouten": {}})
        shown[table] = {"bestaand": existing, "nieuw": new}
        line_of = [
            existing[r["bestaand"]] if isinstance(r.get("bestaand"), int) else None for r in rows
        ]
        it = iter(new)
        for k, line in enumerate(line_of, start=1):
            where[(table, k)] = line if line is not None else next(it)
    sections = {label: t for t, label in voorstellen._SECTION.items()}
    located = []
    for p in problems:
        table = sections.get(p.sectie, "")
        line = where.get((table, p.regel)) if p.regel else None
        label = voorstellen.FORM_LABELS.get(p.veld, p.veld)
        about = p.naam or (f"regel {p.regel}" if p.regel else "")
        head = ", ".join(x for x in (p.sectie, about) if x)
        target = ""
        if line is not None:
            prefix = LINE_SECTIONS[table]
            field = f"{prefix}-{line['n']}-{p.veld}"
            shown_here = p.veld in _FIELDS_SHOWN[table] or not isinstance(line.get("bestaand"), int)
            target = field if shown_here else f"{prefix}-{line['n']}"
            line["fouten"][p.veld] = {"melding": p.melding, "id": f"{field}-fout"}
        elif p.sectie == voorstellen._SECTION["partners"] and p.veld:
            target = p.veld
        typed = f" (u vulde in: '{p.waarde}')" if p.waarde else ""
        field_text = f", {label}" if p.veld and label not in p.melding else ""
        located.append({"tekst": f"{head}{field_text}{typed}: {p.melding}", "doel": target})
    return shown, located


#: The fields a line that is in the network shows (the rest is said in words).
_FIELDS_SHOWN = {table: fields for table, fields in voorstellen.FORM_SECTIONS.values()}


@bp.route("/<token>", methods=["GET"])
def form(token: str):
    partner = _holder(token)
    basis = voorstellen.partner_rows(services.dataset(), partner)
    return _page(token, partner, voorstellen.proposal_of(basis, partner), basis)


def _rate_limited() -> bool:
    token = request.view_args.get("token", "")
    return rate_limit("formulier_link").full(token) or rate_limit("formulier_adres").full(
        _address()
    )


def _sender(token: str) -> str:
    """The partner of a valid link that may still send (429 when it sent too often)."""
    partner = _holder(token)
    if _rate_limited():
        abort(
            429,
            description="U hebt dit formulier vaak verstuurd. Probeer het over een uur opnieuw.",
        )
    return partner


def _count_send(token: str) -> None:
    rate_limit("formulier_link").add(token)
    rate_limit("formulier_adres").add(_address())


@bp.route("/<token>", methods=["POST"])
def send(token: str):
    partner = _sender(token)
    dataset = services.dataset()
    basis = voorstellen.partner_rows(dataset, partner)
    if request.form.get("versie") != str(meta().get("versie", "")):
        return _page(
            token,
            partner,
            voorstellen.proposal_of(basis, partner),
            basis,
            message="Het netwerk is bijgewerkt terwijl u het formulier invulde. Hieronder "
            "staan de nieuwe gegevens; vul uw wijzigingen opnieuw in.",
            status=409,
        )
    proposal = voorstellen.proposal_from_form(request.form.to_dict(flat=False), partner, basis)
    if request.form.get("actie") == "meer":
        try:
            asked = int(request.form.get("nieuw", NEW_LINES) or NEW_LINES)
        except ValueError:
            asked = NEW_LINES
        lines = min(max(asked, 0), 30) + NEW_LINES
        return _page(token, partner, proposal, basis, new_lines=lines)
    _count_send(token)
    _, problems = voorstellen.check(dataset, partner, proposal, basis)
    if problems:
        return _page(token, partner, proposal, basis, problems=problems, status=422)
    entry = voorstellen.submit(
        services.data_dir(),
        partner,
        soort="wijziging",
        versie=str(meta().get("versie", "")),
        basis=basis,
        voorstel=proposal,
    )
    current_app.logger.info("Voorstel %s van %s ontvangen", entry["id"], partner)
    return _thanks(partner, entry)


@bp.route("/<token>/bevestig", methods=["POST"])
def confirm(token: str):
    partner = _sender(token)
    _count_send(token)
    entry = voorstellen.submit(
        services.data_dir(),
        partner,
        soort="bevestiging",
        versie=str(meta().get("versie", "")),
        basis=voorstellen.partner_rows(services.dataset(), partner),
    )
    return _thanks(partner, entry)


def _thanks(partner: str, entry: dict[str, Any]):
    return render_template(
        "formulier_verstuurd.html",
        partner=services.node(partner, "partner"),
        entry=entry,
        token=request.view_args.get("token", ""),
    )


# -- the samenwerkingsmonitor: the partner rates its collaborations ------------------------------

#: Empty lines offered for collaborations the network does not know yet.
NEW_COLLABORATIONS = 2


def _open_round() -> dict[str, Any] | None:
    """The round partners can answer now (open, closing date not passed), or None."""
    for r in services.monitor_rondes():
        if monitor.status(r) == "open":
            return r
    return None


def _monitor_lines(
    partner: str,
    r: dict[str, Any] | None,
    sent: dict[str, Any] | None,
    sent_ended: list[str] | None = None,
):
    """The collaborations the form asks about: those on record in the network and those
    the partner named before (or just sent), then :data:`NEW_COLLABORATIONS` empty ones.
    Each line: ``n``, ``partner``, ``naam``, ``bekend`` (on record), ``mee`` (ticked:
    unless the partner said it ended) and ``antwoord``."""
    indeling = services.monitor_indeling(r["schooljaar"] if r else None)
    names = indeling["partners"]
    entry = ((r or {}).get("antwoorden") or {}).get(partner, {})
    answers = entry.get("samenwerkingen", {}) if sent is None else sent
    ended = set(entry.get("niet_meer", []) if sent_ended is None else sent_ended)
    recorded = sorted(
        {b for a, b in indeling["samenwerkingen"] if a == partner}
        | {a for a, b in indeling["samenwerkingen"] if b == partner},
        key=lambda p: names.get(p, p).lower(),
    )
    lines = []
    for p in recorded:
        lines.append({"partner": p, "naam": names.get(p, p), "bekend": True,
                      "mee": p not in ended, "antwoord": answers.get(p, {})})  # fmt: skip
    for p in sorted(set(answers) - set(recorded), key=lambda p: names.get(p, p).lower()):
        lines.append({"partner": p, "naam": names.get(p, p), "bekend": False, "mee": True,
                      "antwoord": answers[p]})  # fmt: skip
    for _ in range(NEW_COLLABORATIONS):
        lines.append({"partner": "", "naam": "", "bekend": False, "mee": True, "antwoord": {}})
    for n, line in enumerate(lines):
        line["n"] = n
    return lines


def _monitor_page(
    token: str, partner: str, *, sent=None, ended=None, problems=(), message="", status=200
):
    r = _open_round()
    mine = ((r or {}).get("antwoorden") or {}).get(partner)
    names = services.monitor_indeling(r["schooljaar"] if r else None)["partners"]
    earlier = [
        {"ronde": x["naam"], "ingevuld": x["antwoorden"][partner]["ingevuld"],
         "aantal": len(x["antwoorden"][partner]["samenwerkingen"]),
         "namen": sorted(names.get(p, p) for p in x["antwoorden"][partner]["samenwerkingen"])}
        for x in services.monitor_rondes()
        if partner in (x.get("antwoorden") or {}) and (r is None or x["id"] != r["id"])
    ]  # fmt: skip
    return (
        render_template(
            "formulier_samenwerking.html",
            token=token,
            partner=services.node(partner, "partner"),
            ronde=r,
            sluit=tijd.datum_nl(r["sluit"]) if r else "",
            mine=mine,
            stand=(mine or {}).get("ingevuld", ""),
            lines=_monitor_lines(partner, r, sent, ended) if r else [],
            keuzes=[(p, n) for p, n in options("partner") if p != partner],
            problems=[p.tekst() for p in problems],
            message=message,
            oordeel=eigen_oordeel(partner),
            eerder=earlier,
            schaal=monitor.SCHAAL,
            frequenties=monitor.FREQUENTIES,
            niveaus=monitor.NIVEAUS,
            waarde=monitor.WAARDE,
            vertrouwen=monitor.VERTROUWEN,
            max_tekst=monitor.MAX_TEKST,
        ),
        status,
    )


@bp.route("/<token>/samenwerking", methods=["GET"])
def samenwerking(token: str):
    return _monitor_page(token, _holder(token))


@bp.route("/<token>/samenwerking", methods=["POST"])
def samenwerking_send(token: str):
    partner = _sender(token)
    r = _open_round()
    if r is None:
        return _monitor_page(
            token, partner, message="Er is nu geen ronde open; er is niets bewaard.", status=409
        )
    names = services.monitor_indeling(r["schooljaar"])["partners"]
    form = request.form.to_dict(flat=False)
    answers, problems = monitor.answers_from_form(form, partner, names)
    ended = monitor.ended_from_form(form, partner, names)
    _count_send(token)
    if problems:
        return _monitor_page(
            token, partner, sent=answers, ended=ended, problems=problems, status=422
        )
    try:
        monitor.save_answers(
            services.data_dir(),
            r["id"],
            partner,
            answers,
            niet_meer=ended,
            stand=request.form.get("stand", ""),
        )
    except LeaGraphError as exc:
        g.pop("lea_monitor_rondes", None)  # show the answers as they are now
        return _monitor_page(token, partner, message=str(exc), status=409)
    current_app.logger.info("Monitor: antwoorden van %s in ronde %s", partner, r["id"])
    return render_template(
        "formulier_verstuurd.html",
        partner=services.node(partner, "partner"),
        entry={"soort": "monitor", "aantal": len(answers)},
        ronde=r,
        sluit=tijd.datum_nl(r["sluit"]),
        token=token,
    )
