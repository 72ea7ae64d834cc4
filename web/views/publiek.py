"""Published views (issue 29 §2): ``/publiek/<token>`` for everyone, read-only, without
the explorer's menu, embeddable on the sites named in ``EMBED_ORIGINS``; and the
coordinator's page ``/beheer/publiceren`` to publish and unpublish them.

A published view's HTML is kept per loaded network version (:func:`web.services.cached`,
keyed by its token and when it was published) and dropped when it is unpublished; the
publications file is read on every request, so an unpublished address answers 404 at
once, also in another process that still holds the HTML.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import escape

from lea_graph import publicaties
from lea_graph.errors import LeaGraphError
from web import services
from web.auth import current_user
from web.pages import render_page
from web.screens.publiek import publiek_screen, publish_choices, settings_problem

bp = Blueprint("publiek", __name__)
beheer_bp = Blueprint("publiceren", __name__, url_prefix="/beheer/publiceren")

#: The iframe's height (pixels) per kind of view; its width follows the page.
HEIGHTS = {"wijk": 700, "kaart": 1000, "hub": 1000}

NOT_FOUND = "Deze weergave is niet (meer) openbaar. Vraag de gemeente om de juiste link."


def _file():
    return publicaties.publications_file(services.data_dir())


def _key(entry: dict) -> tuple:
    return ("publiek", entry["token"], entry.get("aangemaakt"))


def _not_found(message: str = NOT_FOUND):
    return render_template("publiek.html", missing=message), 404


@bp.route("/publiek/<token>")
def bekijk(token: str):
    """A published view, or a Dutch 404 page when it is not (or no longer) published."""
    try:
        entry = publicaties.find(_file(), token)
    except LeaGraphError:
        current_app.logger.exception("Publicaties niet leesbaar")
        entry = None
    if entry is None:
        return _not_found()
    settings = entry.get("instellingen") or {}
    problem = settings_problem(entry["soort"], entry.get("doel", ""), settings)
    if problem:
        return _not_found(f"{problem} Deze weergave kan daarom niet worden getoond.")

    def render() -> str:
        screen = publiek_screen(
            entry["soort"], entry.get("doel", ""), tuple(sorted(settings.items()))
        )
        return render_template("publiek.html", screen=screen, pub=entry)

    html = services.cached(_key(entry), render)
    return Response(html, mimetype="text/html", headers={"Cache-Control": "no-cache"})


# -- the coordinator's page ------------------------------------------------------------------


def _base() -> str:
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def _row(entry: dict, names: dict[str, str]) -> dict:
    address = _base() + url_for("publiek.bekijk", token=entry["token"])
    snippet = (
        f'<iframe src="{escape(address)}" title="{escape(entry["titel"])}" width="100%" '
        f'height="{HEIGHTS[entry["soort"]]}" loading="lazy"></iframe>'
    )
    settings = entry.get("instellingen") or {}
    what = [publicaties.SOORTEN[entry["soort"]]]
    if entry.get("doel"):
        what.append(names.get(entry["doel"], "niet meer in de gegevens"))
    if settings.get("kleur"):
        what.append(
            f"kleur: {publish_choices()['kleuringen'].get(settings['kleur'], settings['kleur'])}"
        )
    if settings.get("hub"):
        what.append(f"hub {names.get(settings['hub'], 'niet meer in de gegevens')}")
    if settings.get("gemeente"):
        what.append(f"gemeente {settings['gemeente']}")
    what.append(
        f"schooljaar {settings['schooljaar']}" if settings.get("schooljaar") else "alle schooljaren"
    )
    return {**entry, "adres": address, "code": snippet, "wat": ", ".join(what)}


def _page(message: str = "", status: int = 200, nieuw: str = "", ok: bool = False):
    try:
        entries = publicaties.load_publications(_file())
    except LeaGraphError as exc:
        abort(500, description=str(exc))
    choices = publish_choices()
    names = dict(choices["wijken"] + choices["hubs"])
    rows = [_row({**e, "token": t}, names) for t, e in entries.items()]
    return render_page(
        "publiceren.html",
        publicaties=rows,
        keuzes=choices,
        soorten=publicaties.SOORTEN,
        message=message,
        ok=ok,
        nieuw=nieuw,
    ), status


@beheer_bp.route("", methods=["GET"])
def index():
    nieuw = request.args.get("nieuw", "")
    message = ""
    if request.args.get("ingetrokken"):
        message = "De publicatie is ingetrokken. Het openbare adres werkt niet meer."
    return _page(message, nieuw=nieuw, ok=True)


@beheer_bp.route("", methods=["POST"])
def publiceer():
    form = request.form
    soort = form.get("soort", "")
    if soort not in publicaties.SOORTEN:
        return _page("Kies wat u wilt publiceren.", 400)
    doel = form.get(soort, "") if soort in ("wijk", "hub") else ""
    settings = {"schooljaar": form.get("schooljaar", "")}
    if soort == "kaart":
        settings |= {
            "kleur": form.get("kleur", ""),
            "hub": form.get("kaart_hub", "") if form.get("kleur") == "hub" else "",
            "gemeente": form.get("gemeente", ""),
        }
    if soort in ("wijk", "hub") and not doel:
        return _page(f"Kies een {soort}.", 400)
    problem = settings_problem(soort, doel, settings)
    if problem:
        return _page(problem, 400)
    names = dict(publish_choices()["wijken"] + publish_choices()["hubs"])
    title = form.get("titel", "").strip()
    if not title:
        title = {
            "wijk": f"Wie doet wat in {names.get(doel, '')}",
            "hub": f"Bereik van de hub {names.get(doel, '')} per wijk",
            "kaart": "Kaart van de wijken",
        }[soort]
    user = current_user()
    token = publicaties.publish(
        _file(), soort, doel=doel, instellingen=settings, titel=title, door=user["naam"]
    )
    current_app.logger.info("Gepubliceerd door %s: %s %s", user["naam"], soort, doel)
    return redirect(url_for("publiceren.index", nieuw=token) + f"#pub-{token}")


@beheer_bp.route("/<token>/intrekken", methods=["POST"])
def intrekken(token: str):
    entry = publicaties.unpublish(_file(), token)
    if entry is None:
        abort(404, description="Deze publicatie bestaat niet (meer).")
    services.discard(_key({**entry, "token": token}))
    current_app.logger.info("Publicatie ingetrokken door %s", current_user()["naam"])
    return redirect(url_for("publiceren.index", ingetrokken=1))
