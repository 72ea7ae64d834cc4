"""Proposals of partners, worked out by hand on a tiny network: which rows are the
partner's, what applying a proposal does (and keeps), how it is checked and described,
how submissions are kept and decided, what changed since one was sent, and how current
the network is."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest

from lea_graph import model, voorstellen
from lea_graph.analytics.actualiteit import months_between, not_confirmed, this_schooljaar
from lea_graph.dataset import Dataset
from lea_graph.errors import LeaGraphError
from lea_graph.graph import to_graph
from lea_graph.ingest import validate_dataset

TODAY = dt.date(2026, 12, 2)
PARTNER_SOURCE = "opgave partner 2026-12-02"

# Museum: one activity at School Anker (programme Kunstmenu, hub Cultuur, 80 children,
# bron 'jaarverslag'), wijkinzet in Anker, a collaboration with Dansschool in which
# Museum is partner_b, and membership of hub Cultuur. Dansschool and Koor have rows of
# their own that a proposal of Museum must leave alone.
ROWS = {
    "hubs": [
        {"id": "h-cult", "naam": "Cultuur", "domein": "cultuur"},
        {"id": "h-sport", "naam": "Sport en gezondheid", "domein": "sport"},
    ],
    "wijken": [
        {"id": "w-a", "naam": "Anker", "pact": "ja", "ses": "laag"},
        {"id": "w-b", "naam": "Berg", "pact": "nee", "ses": "hoog"},
    ],
    "scholen": [
        {"id": "s-a", "naam": "School Anker", "sector": "po", "wijk": "w-a"},
        {"id": "s-b", "naam": "School Berg", "sector": "po", "wijk": "w-b"},
    ],
    "programmas": [{"id": "pr-kunst", "naam": "Kunstmenu"}],
    "partners": [
        {"id": "p-museum", "naam": "Museum", "type": "cultuur", "website": "https://museum.example/"},
        {"id": "p-dans", "naam": "Dansschool", "type": "cultuur", "laatst_bevestigd": "2026-03-15"},
        {"id": "p-koor", "naam": "Koor", "type": "cultuur", "laatst_bevestigd": "2026-09-01"},
    ],
    "hub_leden": [
        {"partner": "p-museum", "hub": "h-cult", "rol": "trekker", "bron": "hubnotulen"},
        {"partner": "p-dans", "hub": "h-cult"},
    ],
    "activiteiten": [
        {"partner": "p-museum", "school": "s-a", "programma": "pr-kunst", "hub": "h-cult",
         "schooljaar": "2025-2026", "deelnemers": "80", "bron": "jaarverslag"},
        {"partner": "p-dans", "school": "s-a", "schooljaar": "2025-2026", "deelnemers": "20"},
        {"partner": "p-koor", "school": "s-b", "schooljaar": "2025-2026", "deelnemers": "30"},
    ],
    "wijkinzet": [{"partner": "p-museum", "wijk": "w-a", "schooljaar": "2025-2026"}],
    "samenwerkingen": [
        {"partner_a": "p-dans", "partner_b": "p-museum", "soort": "project"},
        {"partner_a": "p-dans", "partner_b": "p-koor", "soort": "voorstelling"},
    ],
}  # fmt: skip


@pytest.fixture
def network() -> Dataset:
    dataset = Dataset.from_rows(ROWS)
    assert validate_dataset(dataset).ok
    return dataset


def unchanged(network: Dataset, partner: str = "p-museum") -> tuple[dict, dict]:
    basis = voorstellen.partner_rows(network, partner)
    return voorstellen.proposal_of(basis, partner), basis


def test_the_partners_rows_include_collaborations_on_either_side(network):
    rows = voorstellen.partner_rows(network, "p-museum")
    assert [r["id"] for r in rows["partners"]] == ["p-museum"]
    assert [r["school"] for r in rows["activiteiten"]] == ["s-a"]
    assert [r["wijk"] for r in rows["wijkinzet"]] == ["w-a"]
    assert [(r["partner_a"], r["partner_b"]) for r in rows["samenwerkingen"]] == [
        ("p-dans", "p-museum")
    ]
    assert [r["hub"] for r in rows["hub_leden"]] == ["h-cult"]
    with pytest.raises(LeaGraphError, match="p-niemand"):
        voorstellen.partner_rows(network, "p-niemand")


def test_the_prefilled_form_shows_the_other_partner_of_a_collaboration(network):
    proposal, _ = unchanged(network)
    assert proposal["samenwerkingen"] == [{"partner": "p-dans", "soort": "project", "bestaand": 0}]
    assert proposal["activiteiten"] == [
        {"school": "s-a", "schooljaar": "2025-2026", "deelnemers": "80", "bestaand": 0}
    ]
    assert proposal["website"] == "https://museum.example/"


def test_a_proposal_without_changes_only_confirms(network):
    proposal, basis = unchanged(network)
    new, problems = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    assert problems == []
    changes = voorstellen.changes(network, new, "p-museum")
    assert [(c.tabel, c.wat) for c in changes] == [("partners", "gewijzigd")]
    assert (changes[0].voor, changes[0].na) == (
        "laatst bevestigd: —",
        "laatst bevestigd: 2 december 2026",
    )
    # Every other row is as it was, with its own source.
    for table in ("activiteiten", "wijkinzet", "samenwerkingen", "hub_leden"):
        assert sorted(map(str, new.rows(table))) == sorted(map(str, network.rows(table)))


def test_changing_a_row_keeps_what_the_form_does_not_show(network):
    proposal, basis = unchanged(network)
    proposal["activiteiten"][0]["deelnemers"] = "95"
    new, problems = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    assert problems == []
    (row,) = voorstellen.partner_rows(new, "p-museum")["activiteiten"]
    assert row == {
        "partner": "p-museum", "school": "s-a", "programma": "pr-kunst", "hub": "h-cult",
        "schooljaar": "2025-2026", "deelnemers": "95", "bron": PARTNER_SOURCE,
    }  # fmt: skip
    (hub,) = voorstellen.partner_rows(new, "p-museum")["hub_leden"]
    assert hub["rol"] == "trekker" and hub["bron"] == "hubnotulen"  # untouched: same source
    (change,) = [
        c for c in voorstellen.changes(network, new, "p-museum") if c.tabel == "activiteiten"
    ]
    assert change.wat == "gewijzigd"
    assert change.voor == "School Anker (Anker), Kunstmenu, Cultuur, 2025-2026, 80 deelnemers"
    assert change.na == "School Anker (Anker), Kunstmenu, Cultuur, 2025-2026, 95 deelnemers"


def test_adding_and_removing_rows_leaves_other_partners_alone(network):
    proposal, basis = unchanged(network)
    proposal["beschrijving"] = "Tentoonstellingen en lessen"
    proposal["activiteiten"].append(
        {"school": "s-b", "schooljaar": "2026-2027", "deelnemers": "12"}
    )
    proposal["samenwerkingen"] = []  # no longer with Dansschool
    proposal["samenwerkingen"].append({"partner": "p-koor", "soort": "concert"})
    proposal["hub_leden"].append({"hub": "h-sport"})
    proposal["wijkinzet"] = []
    new, problems = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    assert problems == []
    found = {(c.tabel, c.wat, c.voor, c.na) for c in voorstellen.changes(network, new, "p-museum")}
    assert ("activiteiten", "nieuw", "", "School Berg (Berg), 2026-2027, 12 deelnemers") in found
    assert ("samenwerkingen", "weg", "Dansschool (project)", "") in found
    assert ("samenwerkingen", "nieuw", "", "Koor (concert)") in found
    assert ("hub_leden", "nieuw", "", "Sport en gezondheid") in found
    assert ("wijkinzet", "weg", "Anker, 2025-2026", "") in found
    assert (
        "partners",
        "gewijzigd",
        "beschrijving: —",
        "beschrijving: Tentoonstellingen en lessen",
    ) in found
    assert (
        "partners",
        "gewijzigd",
        "laatst bevestigd: —",
        "laatst bevestigd: 2 december 2026",
    ) in found
    assert len(found) == 7  # the website stayed the same: not listed
    new_collab = {(r["partner_a"], r["partner_b"], r["soort"]) for r in new.rows("samenwerkingen")}
    assert new_collab == {("p-dans", "p-koor", "voorstelling"), ("p-museum", "p-koor", "concert")}
    for other in ("p-dans", "p-koor"):
        before = voorstellen.partner_rows(network, other)
        after = voorstellen.partner_rows(new, other)
        for table in ("partners", "activiteiten", "wijkinzet", "hub_leden"):
            assert after[table] == before[table], (other, table)
    assert validate_dataset(new).ok


def test_problems_are_located_in_the_form_with_the_uploads_messages(network):
    proposal, basis = unchanged(network)
    proposal["website"] = "javascript:alert(1)"
    proposal["activiteiten"].append(
        {"school": "s-x", "schooljaar": "2024-2026", "deelnemers": "veel"}
    )
    new, problems = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    assert new is None
    where = {(p.sectie, p.regel, p.veld, p.waarde) for p in problems}
    assert where == {
        ("Over uw organisatie", None, "website", "javascript:alert(1)"),
        ("Activiteiten", 2, "school", "s-x"),
        ("Activiteiten", 2, "schooljaar", "2024-2026"),
        ("Activiteiten", 2, "deelnemers", "veel"),
    }
    assert all(p.melding for p in problems)
    website = next(p for p in problems if p.veld == "website")
    assert "https://" in website.melding


def test_a_collaboration_with_an_unknown_partner_names_the_line(network):
    proposal, basis = unchanged(network)
    proposal["samenwerkingen"].append({"partner": "p-bestaat-niet", "soort": ""})
    _, problems = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    assert [(p.sectie, p.regel, p.veld, p.waarde) for p in problems] == [
        ("Samenwerkingen", 2, "partner", "p-bestaat-niet")
    ]


def test_caps_refuse_before_anything_is_applied(network):
    proposal, basis = unchanged(network)
    proposal["beschrijving"] = "x" * (voorstellen.LIMITS["beschrijving"] + 1)
    proposal["activiteiten"] = [{"school": "s-a", "schooljaar": "", "deelnemers": ""}] * (
        voorstellen.LIMITS["rijen"] + 1
    )
    new, problems = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    assert new is None
    assert {p.veld for p in problems} == {"beschrijving", ""}
    assert any(f"{voorstellen.LIMITS['beschrijving']} tekens" in p.melding for p in problems)


def test_an_index_that_is_not_the_partners_own_row_makes_a_new_row(network):
    """``bestaand`` points into the partner's own rows only; anything else is new."""
    proposal, basis = unchanged(network)
    proposal["activiteiten"] = [
        {"school": "s-b", "schooljaar": "2025-2026", "deelnemers": "5", "bestaand": 7},
        {"school": "s-b", "schooljaar": "2025-2026", "deelnemers": "6", "bestaand": -1},
    ]
    new, problems = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    assert problems == []
    rows = voorstellen.partner_rows(new, "p-museum")["activiteiten"]
    assert [(r["school"], r["deelnemers"], r["bron"], r.get("programma")) for r in rows] == [
        ("s-b", "5", PARTNER_SOURCE, ""),
        ("s-b", "6", PARTNER_SOURCE, ""),
    ]


def test_submissions_are_kept_superseded_and_decided(tmp_path, network):
    proposal, basis = unchanged(network)
    now = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    first = voorstellen.submit(
        tmp_path,
        "p-museum",
        soort="wijziging",
        versie="v1",
        basis=basis,
        voorstel=proposal,
        now=now,
    )
    second = voorstellen.submit(
        tmp_path, "p-museum", soort="bevestiging", versie="v1", basis=basis,
        now=now + dt.timedelta(minutes=5),
    )  # fmt: skip
    other = voorstellen.submit(
        tmp_path, "p-dans", soort="bevestiging", versie="v1",
        basis=voorstellen.partner_rows(network, "p-dans"), now=now,
    )  # fmt: skip
    assert voorstellen.get(tmp_path, first["id"])["status"] == "vervangen"
    assert [s["id"] for s in voorstellen.list_submissions(tmp_path, status="open")] == sorted(
        [second["id"], other["id"]], reverse=True
    )
    assert voorstellen.latest_for(tmp_path, "p-museum")["id"] == second["id"]
    assert second["voorstel"] is None  # a confirmation proposes nothing
    path = tmp_path / "voorstellen" / f"{second['id']}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    decided = voorstellen.decide(
        tmp_path, second["id"], status="afgewezen", door="coordinator", notitie="Eerst bellen"
    )
    assert decided["notitie"] == "Eerst bellen"
    assert json.loads(path.read_text())["status"] == "afgewezen"
    with pytest.raises(LeaGraphError):
        voorstellen.decide(tmp_path, second["id"], status="goedgekeurd", door="coordinator")
    assert voorstellen.get(tmp_path, "../../etc/passwd") is None


def test_a_confirmation_only_sets_the_date(network):
    entry = {"partner": "p-dans", "soort": "bevestiging"}
    new, problems = voorstellen.apply(network, entry, today=TODAY)
    assert problems == []
    before = voorstellen.partner_rows(network, "p-dans")
    after = voorstellen.partner_rows(new, "p-dans")
    assert after["partners"][0]["laatst_bevestigd"] == "2026-12-02"
    assert {**after["partners"][0], "laatst_bevestigd": "2026-03-15"} == before["partners"][0]
    for table in voorstellen.FORM_TABLES:
        assert after[table] == before[table]


def test_what_changed_since_a_submission_was_sent(network):
    """Dansschool sends a proposal; then Museum's proposal without their collaboration is
    approved. Dansschool's proposal now shows that the collaboration went away."""
    dans_basis = voorstellen.partner_rows(network, "p-dans")
    entry = {"partner": "p-dans", "soort": "wijziging", "basis": dans_basis,
             "voorstel": voorstellen.proposal_of(dans_basis, "p-dans")}  # fmt: skip
    assert voorstellen.changed_since(entry, network) == []
    proposal, basis = unchanged(network)
    proposal["samenwerkingen"] = []
    after_museum, _ = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    since = voorstellen.changed_since(entry, after_museum)
    assert [(c.tabel, c.wat, c.voor) for c in since] == [
        ("samenwerkingen", "weg", "Museum (project)")
    ]
    # Approving it as it was would bring the collaboration back: the review shows that
    # against the current state.
    new, _ = voorstellen.apply(after_museum, entry, today=TODAY)
    again = voorstellen.changes(after_museum, new, "p-dans")
    assert ("samenwerkingen", "nieuw", "Museum (project)") in {
        (c.tabel, c.wat, c.na) for c in again
    }


def test_the_schooljaar_runs_from_august_to_july():
    assert model.schooljaar_of(dt.date(2026, 7, 31)) == "2025-2026"
    assert model.schooljaar_of(dt.date(2026, 8, 1)) == "2026-2027"
    assert model.schooljaar_start("2026-2027") == dt.date(2026, 8, 1)


def test_dates_are_validated_like_every_other_column(network):
    rows = {k: [dict(r) for r in v] for k, v in ROWS.items()}
    rows["partners"][0]["laatst_bevestigd"] = "2026-02-30"
    rows["partners"][1]["laatst_bevestigd"] = "15-03-2026"
    report = validate_dataset(Dataset.from_rows(rows))
    assert {(p.row, p.column, p.value) for p in report.errors} == {
        (2, "laatst_bevestigd", "2026-02-30"),
        (3, "laatst_bevestigd", "15-03-2026"),
    }


def test_how_current_the_network_is(network):
    g = to_graph(network)
    # Koor confirmed on 1 September 2026 (this schooljaar, from 1 August 2026), Dansschool
    # on 15 March 2026 (the previous one), Museum never.
    current = this_schooljaar(g, TODAY)
    assert (current.schooljaar, current.sinds, current.bevestigd, current.partners) == (
        "2026-2027", dt.date(2026, 8, 1), 1, 3,
    )  # fmt: skip
    assert current.aandeel == pytest.approx(1 / 3)
    # 2 Dec 2026 is 8 whole months after 15 March and 3 after 1 September.
    assert [(r["partner"], r["maanden"]) for r in not_confirmed(g, 6, TODAY)] == [
        ("p-museum", None),
        ("p-dans", 8),
    ]
    assert [r["partner"] for r in not_confirmed(g, 3, TODAY)] == ["p-museum", "p-dans", "p-koor"]
    assert [r["partner"] for r in not_confirmed(g, 9, TODAY)] == ["p-museum"]
    assert months_between(dt.date(2026, 9, 1), TODAY) == 3


def test_a_posted_form_is_read_as_a_proposal_without_flask(network):
    _, basis = unchanged(network)
    fields = {
        "beschrijving": " Musea\x00 voor iedereen\r\n",
        "website": ["https://museum.example/", "https://ander.example/"],
        # The row that was in the network: the form cannot move it to another school.
        "act-0-bestaand": "0",
        "act-0-school": "s-b",
        "act-0-schooljaar": "2026-2027",
        "act-0-deelnemers": "95",
        # The same row claimed again: a new row, with its own choice.
        "act-1-bestaand": "0",
        "act-1-school": "s-b",
        "act-1-schooljaar": "2026-2027",
        # An empty new line (only the prefilled schooljaar) is left out.
        "act-2-school": "",
        "act-2-schooljaar": "2026-2027",
        # A line without its choice stays, for check() to name.
        "act-3-deelnemers": "12",
        "inzet-0-bestaand": "0",
        "inzet-0-weg": "1",
        "sam-0-bestaand": "7",  # not one of the partner's rows: a new row
        "sam-0-partner": "p-koor",
        "sam-0-soort": "project",
        "hub": ["h-sport", "", "h-cult", "h-sport"],
        "onbekend-0-school": "s-a",
    }
    proposal = voorstellen.proposal_from_form(fields, "p-museum", basis)
    assert proposal["beschrijving"] == "Musea voor iedereen"
    assert proposal["website"] == "https://museum.example/"
    assert (proposal["ontbrekend"], proposal["opmerking"]) == ("", "")
    assert proposal["activiteiten"] == [
        {"school": "s-a", "schooljaar": "2026-2027", "deelnemers": "95", "bestaand": 0},
        {"school": "s-b", "schooljaar": "2026-2027", "deelnemers": ""},
        {"school": "", "schooljaar": "", "deelnemers": "12"},
    ]
    assert proposal["wijkinzet"] == []
    assert proposal["samenwerkingen"] == [{"partner": "p-koor", "soort": "project"}]
    assert proposal["hub_leden"] == [{"hub": "h-sport"}, {"hub": "h-cult", "bestaand": 0}]
    _, problems = voorstellen.check(network, "p-museum", proposal, basis, today=TODAY)
    assert [(p.sectie, p.regel) for p in problems] == [("Activiteiten", 3)]
