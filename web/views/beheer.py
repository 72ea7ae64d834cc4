"""Beheer: a coordinator uploads a new network, checks the report or preview, and loads
it; a beheerder reads the audit log.

Flow: the upload (and the optional file of wijk boundaries beside it, GeoJSON or a
GeoPackage, read like ``--geo``) is stored under a random name in ``uploads/`` in the
data directory (mode 600) and validated. With errors, the report is shown and the file deleted. When
valid, the preview shows what changes; the confirmation re-reads the same file, takes a
snapshot of the current network, loads atomically and writes the audit log. Cancelled
uploads are deleted, and so is an upload whose reading fails in any way. Abandoned ones
are swept after an hour: when the app starts, and on a request at most every ten
minutes.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, abort, current_app, request, session, url_for

from lea_graph import audit, tijd
from lea_graph.dataset import Dataset
from lea_graph.diff import dataset_diff, rule_text
from lea_graph.errors import LeaGraphError, ReadError
from lea_graph.ingest import Problem, ValidationReport, read_dataset
from lea_graph.loading import RESTORE_ACTION, Current, NetworkChanged, restore_source
from lea_graph.snapshots import (
    KEEP,
    find_snapshot,
    list_snapshots,
    saved_versions,
    snapshot_label,
)
from lea_graph.text import dutch_list
from web import services
from web.auth import current_user
from web.db import SEED_ACTION, StoreBusy
from web.pages import render_page
from web.tables import Col, Table, num

bp = Blueprint("beheer", __name__, url_prefix="/beheer")

SUFFIXES = (".zip", ".xlsx")
GEO_SUFFIXES = (".geojson", ".json", ".gpkg")
PENDING_MAX_AGE = 3600  # seconds
SWEEP_EVERY = 600  # seconds between two sweeps of abandoned uploads


def _uploads() -> Path:
    folder = services.data_dir() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def sweep_uploads(folder: Path, max_age: float = PENDING_MAX_AGE) -> None:
    """Delete the files in ``folder`` older than ``max_age`` seconds: uploads nobody
    confirmed or cancelled, and whatever a process that died while reading left.

    Parameters
    ----------
    folder
        The ``uploads`` folder of a data directory (nothing happens if there is none).
    max_age
        Seconds since a file was last written.
    """
    if not folder.is_dir():
        return
    now = time.time()
    for f in folder.iterdir():
        try:
            if f.is_file() and now - f.stat().st_mtime > max_age:
                f.unlink(missing_ok=True)
        except OSError:  # another process swept it first
            continue


def _clean_old() -> None:
    sweep_uploads(_uploads())


@bp.record_once
def _sweep_at_start(state) -> None:
    """Sweep abandoned uploads when the app starts."""
    with state.app.app_context():
        sweep_uploads(services.data_dir() / "uploads")
        state.app.extensions["lea_uploads_swept"] = time.monotonic()


@bp.before_app_request
def _sweep_now_and_then() -> None:
    """Sweep abandoned uploads on any request, at most every :data:`SWEEP_EVERY` seconds,
    so that they go also when nobody opens the upload page."""
    now = time.monotonic()
    if now - current_app.extensions.get("lea_uploads_swept", 0.0) >= SWEEP_EVERY:
        current_app.extensions["lea_uploads_swept"] = now
        sweep_uploads(services.data_dir() / "uploads")


def _pending() -> tuple[Path, str, tuple[Path, str] | None] | None:
    """The current user's validated upload waiting for confirmation: the file, its name
    and the wijk boundaries that came with it (their file and name), if any."""
    info = session.get("upload")
    if not info:
        return None
    path = _uploads() / info["bestand"]
    geo = None
    if info.get("geo"):
        geo = (_uploads() / info["geo"], info["geo_naam"])
        if not geo[0].exists():
            return None
    return (path, info["naam"], geo) if path.exists() else None


def _drop_pending() -> None:
    info = session.pop("upload", None) or {}
    for name in (info.get("bestand"), info.get("geo")):
        if name:
            (_uploads() / Path(name).name).unlink(missing_ok=True)


def _read(path: Path, display_name: str, geo: tuple[Path, str] | None = None) -> ValidationReport:
    try:
        if geo is None:
            return read_dataset(path, name=display_name)
        return read_dataset(path, geo=geo[0], geo_name=geo[1], name=display_name)
    except ReadError as exc:
        return ValidationReport(problems=[Problem(display_name, None, None, "", str(exc))])


def _save(file, suffix: str) -> tuple[str, Path]:
    """Store an uploaded file under a random name (mode 600); return the name and path."""
    stored = f"{secrets.token_hex(16)}{suffix}"
    path = _uploads() / stored
    try:
        file.save(path)
        os.chmod(path, 0o600)
    except BaseException:  # a broken connection, a full disk: keep no half file
        path.unlink(missing_ok=True)
        raise
    return stored, path


PROBLEM_COLUMNS = [
    Col("soort", "Soort"), Col("tabel", "Tabel of bestand"),
    num("rij", "Rij (zoals in Excel)"), Col("kolom", "Kolom"), Col("waarde", "Waarde"),
    Col("melding", "Melding")
]  # fmt: skip


def problems_table(report: ValidationReport) -> Table:
    rows = [
        {
            "soort": p.severity,
            "tabel": p.source or p.table,
            "rij": p.row,
            "kolom": p.column or "",
            "waarde": p.value,
            "melding": p.message,
        }
        for p in report.problems
    ]
    return Table(
        "controle",
        "Controle van het bestand",
        PROBLEM_COLUMNS,
        rows,
        "Elke fout met de tabel, het rijnummer zoals Excel het toont, de kolom en de waarde. "
        "Met een fout wordt niets geladen; waarschuwingen houden het laden niet tegen.",
        empty="Geen fouten en geen waarschuwingen.",
    )


DIFF_COLUMNS = [
    Col("soort", "Tabel"), num("nieuw", "Nieuw"), num("weg", "Verdwijnt"),
    num("gewijzigd", "Gewijzigd"), num("gelijk", "Gelijk"),
    Col("voorbeelden", "Voorbeelden (+ nieuw, − weg, ~ gewijzigd)")
]  # fmt: skip


def diff_table(rows: list[dict]) -> Table:
    """The tables that change, with their counts; those that do not are named below."""
    changed = [r for r in rows if r["nieuw"] or r["weg"] or r["gewijzigd"]]
    same = [r["soort"] for r in rows if r not in changed]
    return Table(
        "wijzigingen",
        "Wat er verandert",
        DIFF_COLUMNS,
        changed,
        "Vergeleken met het netwerk dat nu geladen is, zoals de pagina Veranderingen na het "
        "laden. " + (f"Niets verandert in: {dutch_list(same)}. " if same else "") + rule_text(),
        empty="Er verandert niets: het bestand is gelijk aan het netwerk van nu.",
    )


CHANGED_ROW_COLUMNS = [
    Col("soort", "Tabel"), Col("rij", "Rij"), Col("wat", "Was en wordt")
]  # fmt: skip

#: How many changed rows per table the preview shows one by one.
CHANGED_ROWS_SHOWN = 50


def changed_rows_table(rows: list[dict]) -> Table:
    """The changed rows one by one: what each was and what it becomes (per table at most
    :data:`CHANGED_ROWS_SHOWN`, then how many more)."""
    out = []
    for table in rows:
        out += [{"soort": table["soort"], **row} for row in table.get("rijen", [])]
        if table.get("meer"):
            out.append(
                {
                    "soort": table["soort"],
                    "rij": f"en {table['meer']} meer",
                    "wat": "niet één voor één getoond",
                }
            )
    return Table(
        "gewijzigde_rijen",
        "Gewijzigde rijen: wat was het, wat wordt het",
        CHANGED_ROW_COLUMNS,
        out,
        f"Per tabel hooguit {CHANGED_ROWS_SHOWN} gewijzigde rijen, elk met de kolommen die "
        "veranderen. Nieuwe en verdwenen rijen staan in de tabel hierboven.",
        empty="Geen rij verandert; er komen alleen rijen bij of gaan rijen weg.",
    )


@bp.route("/upload", methods=["GET"])
def upload():
    _clean_old()
    pending = _pending()
    return render_page("upload.html", stage="kies", pending=pending[1] if pending else None)


@bp.route("/upload", methods=["POST"])
def upload_post():
    _clean_old()
    _drop_pending()
    file = request.files.get("bestand")
    if file is None or not file.filename:
        return render_page("upload.html", stage="kies", message="Kies eerst een bestand."), 400
    display = Path(file.filename).name[:120]
    suffix = Path(display).suffix.lower()
    if suffix not in SUFFIXES:
        return (
            render_page(
                "upload.html",
                stage="kies",
                message="Upload een .zip met CSV-bestanden of een Excel-werkmap (.xlsx).",
            ),
            400,
        )
    geo_file = request.files.get("wijkgrenzen")
    geo_display = Path(geo_file.filename).name[:120] if geo_file and geo_file.filename else ""
    geo_suffix = Path(geo_display).suffix.lower()
    if geo_display and geo_suffix not in GEO_SUFFIXES:
        return (
            render_page(
                "upload.html",
                stage="kies",
                message="Wijkgrenzen zijn een GeoJSON-bestand (.geojson of .json) of een "
                "GeoPackage (.gpkg).",
            ),
            400,
        )
    saved: list[Path] = []  # removed again unless the upload waits for confirmation
    try:
        stored, path = _save(file, suffix)
        saved.append(path)
        geo = None
        geo_stored = ""
        if geo_display:
            geo_stored, geo_path = _save(geo_file, geo_suffix)
            saved.append(geo_path)
            geo = (geo_path, geo_display)
        report = _read(path, display, geo)
        if not report.ok:
            table = problems_table(report)
            return render_page(
                "upload.html", stage="fouten", naam=display, report=report, tables=[table]
            )
        page = _preview(report, display, geo_display)
        session["upload"] = {"bestand": stored, "naam": display}
        if geo is not None:
            session["upload"].update(geo=geo_stored, geo_naam=geo_display)
        saved.clear()
        return page
    finally:
        for path in saved:
            path.unlink(missing_ok=True)


def _compared_with(current: Current | None) -> tuple[str | None, Dataset | None]:
    """The version a preview compares with and its network: ``current`` when the load
    lock saw it, else the one this request sees."""
    if current is None:
        return services.loaded_version(), services.current_dataset()
    return current.version, current.dataset()


def _unless_changed(
    base: str | None, nothing_done: str, dataset: Callable[[], Dataset]
) -> Callable[[Current], Dataset]:
    """The change of a recorded load confirmed on a preview of version ``base``: the
    dataset, or :class:`NetworkChanged` when another version became current since (the
    message says so, then ``nothing_done``)."""

    def change(current: Current) -> Dataset:
        if current.version != base:
            raise NetworkChanged(
                "Sinds u het voorbeeld bekeek, is het netwerk veranderd: nu staat "
                f"{current.describe()} klaar. {nothing_done}",
                current,
            )
        return dataset()

    return change


def _preview(
    report: ValidationReport,
    display: str,
    geo_display: str,
    current: Current | None = None,
    message: str = "",
):
    """The preview of a valid upload: what changes against the network as it is now
    (``current`` when the load lock saw it, else this request's version), and the
    version it was made on, which the confirmation names."""
    base, before = _compared_with(current)
    diff = dataset_diff(before, report.dataset, details=CHANGED_ROWS_SHOWN)
    return render_page(
        "upload.html",
        stage="voorbeeld",
        naam=display,
        geo_naam=geo_display,
        report=report,
        basis=base,
        message=message,
        tables=[
            diff_table(diff),
            changed_rows_table(diff),
            problems_table(report),
        ],
    )


@bp.route("/upload/bevestig", methods=["POST"])
def confirm():
    pending = _pending()
    if pending is None:
        abort(400, description="Er wacht geen gecontroleerd bestand meer; upload het opnieuw.")
    path, display, geo = pending
    report = _read(path, display, geo)
    if not report.ok:  # the file should not change; check again anyway
        _drop_pending()
        abort(400, description="Het bestand is niet meer geldig; upload het opnieuw.")
    # The preview compared the file with the version it names; loading it over another
    # version would silently undo what changed in between (an approved proposal).
    base = request.form.get("versie") or None

    change = _unless_changed(
        base,
        "Er is niets geladen. Hieronder staat opnieuw wat uw bestand verandert tegenover "
        "dat netwerk; wat die nieuwe versie toevoegde en niet in uw bestand staat, "
        "verdwijnt als u laadt. Bevestig opnieuw als dat klopt.",
        lambda: report.dataset,
    )

    user = current_user()
    try:
        loaded = services.load(
            change,
            user=user["naam"],
            source=f"{display} + {geo[1]}" if geo else display,
        )
    except StoreBusy:
        return render_page("upload.html", stage="bezig", naam=display, basis=base), 409
    except NetworkChanged as exc:
        return _preview(report, display, geo[1] if geo else "", exc.current, str(exc)), 409
    _drop_pending()
    result = loaded.report
    current_app.logger.info("Netwerk geladen door %s: versie %s", user["naam"], result.version)
    if not current_app.testing:
        services.warm_up(current_app._get_current_object())  # type: ignore[attr-defined]
    return render_page(
        "upload.html", stage="geladen", naam=display, result=result, snapshot=loaded.snapshot
    )


@bp.route("/upload/annuleer", methods=["POST"])
def cancel():
    _drop_pending()
    return render_page("upload.html", stage="kies", message="De upload is geannuleerd.")


# -- earlier versions: look at one, put it back ------------------------------------------------

#: What kind of load replaced a version, in words.
REPLACED_BY = {
    "laden": "een upload",
    "voorstel goedkeuren": "een goedgekeurd voorstel",
    RESTORE_ACTION: "het terugzetten van een eerdere versie",
}


def _version_rows() -> list[dict]:
    rows = []
    for saved in saved_versions(services.data_dir()):
        replaced = REPLACED_BY.get(saved.vervangen_bij, saved.vervangen_bij)
        rows.append(
            {
                "naam": saved.name,
                "geladen_op": tijd.tijd_nl(saved.geladen_op) or "onbekend",
                "geladen": " ".join(
                    part
                    for part in (
                        f"uit {saved.geladen_uit}" if saved.geladen_uit else "",
                        f"door {saved.geladen_door}" if saved.geladen_door else "",
                    )
                    if part
                )
                or "niet in het logboek",
                "vervangen": (
                    f"{tijd.tijd_nl(saved.vervangen_op)} door {saved.vervangen_door}"
                    + (f", bij {replaced}" if replaced else "")
                )
                if saved.vervangen_op
                else "",
            }
        )
    return rows


@bp.route("/versies")
def versies():
    """The kept earlier versions of the network, each with a button to look at it."""
    return render_page(
        "versies.html", stage="lijst", versies=_version_rows(), keep=KEEP, message=""
    )


def _version_preview(name: str, message: str = "", current: Current | None = None):
    """What putting back version ``name`` would change against the network now."""
    from lea_graph.ingest import load_dataset

    try:
        path = find_snapshot(services.data_dir(), name)
    except LeaGraphError as exc:
        abort(404, description=str(exc))
    base, before = _compared_with(current)
    diff = dataset_diff(before, load_dataset(path), details=CHANGED_ROWS_SHOWN)
    return render_page(
        "versies.html",
        stage="voorbeeld",
        naam=path.stem,
        label=snapshot_label(path),
        basis=base,
        message=message,
        tables=[diff_table(diff), changed_rows_table(diff)],
    )


@bp.route("/versies/<naam>")
def versie(naam: str):
    return _version_preview(naam)


@bp.route("/versies/<naam>", methods=["POST"])
def terugzetten(naam: str):
    """Put version ``naam`` back: a recorded load (audit entry, snapshot of the network
    it replaces), refused when the network changed since the preview."""
    from lea_graph.ingest import load_dataset

    try:
        path = find_snapshot(services.data_dir(), naam)
    except LeaGraphError as exc:
        abort(404, description=str(exc))
    base = request.form.get("versie") or None

    change = _unless_changed(
        base,
        "Er is niets teruggezet. Hieronder staat opnieuw wat terugzetten verandert "
        "tegenover dat netwerk. Bevestig opnieuw als dat klopt.",
        lambda: load_dataset(path),
    )

    user = current_user()
    try:
        loaded = services.load(
            change, user=user["naam"], source=restore_source(path), action=RESTORE_ACTION
        )
    except StoreBusy:
        return render_page(
            "versies.html", stage="bezig", naam=path.stem, label=snapshot_label(path)
        ), 409
    except NetworkChanged as exc:
        return _version_preview(naam, str(exc), exc.current), 409
    current_app.logger.info(
        "Eerdere versie teruggezet door %s: versie %s", user["naam"], loaded.report.version
    )
    if not current_app.testing:
        services.warm_up(current_app._get_current_object())  # type: ignore[attr-defined]
    return render_page(
        "versies.html",
        stage="teruggezet",
        label=snapshot_label(path),
        result=loaded.report,
    )


#: What each kind of recorded load is called in the log.
ACTION_WORDS = {
    "laden": "gegevens geladen",
    "voorstel goedkeuren": "voorstel goedgekeurd",
    RESTORE_ACTION: "eerdere versie teruggezet",
    SEED_ACTION: "eerste start",
}


def _version_link(row: dict):
    return url_for("beheer.versie", naam=row["snapshot_naam"]) if row.get("snapshot_naam") else None


LOG_COLUMNS = [
    Col("tijd", "Tijd"), Col("gebruiker", "Gebruiker"), Col("actie", "Actie"),
    Col("bron", "Bestand of bron"), num("knopen", "Knopen"), num("relaties", "Relaties"),
    Col("ervoor", "Netwerk ervoor", link=_version_link),
]  # fmt: skip


@bp.route("/log")
def log():
    kept = {path.name: path for path in list_snapshots(services.data_dir())}
    entries = []
    for e in audit.read_log(services.data_dir()):
        path = kept.get(e.get("snapshot") or "")
        if path is not None:
            before, name = f"bewaard: {snapshot_label(path)}", path.stem
        else:
            before = "niet meer bewaard" if e.get("snapshot") else "geen (eerste netwerk)"
            name = None
        entries.append(
            {
                **e,
                "tijd": tijd.tijd_nl(e.get("tijd")),
                "actie": ACTION_WORDS.get(e.get("actie", ""), e.get("actie", "")),
                "ervoor": before,
                "snapshot_naam": name,
            }
        )
    table = Table(
        "logboek",
        "Logboek",
        LOG_COLUMNS,
        entries,
        "Elke keer dat een netwerk is geladen of teruggezet: wie, wanneer, uit welk bestand, "
        "en het netwerk van daarvoor, dat bewaard is om terug te kunnen zetten (onder "
        f"Beheer, Eerdere versies). De nieuwste {KEEP} worden bewaard; bij oudere staat "
        "'niet meer bewaard'.",
        empty="Er is nog niets geladen via LEA Graph.",
    )
    return render_page("lijst.html", tables=[table], screen=None, title="Logboek")
