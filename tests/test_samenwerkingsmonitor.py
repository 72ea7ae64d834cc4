"""The samenwerkingsmonitor's figures, worked out by hand on a 4-partner round, and its
storage (rounds stay, answers of two partners at once are both kept, closed is closed).

The round: partners A, B, C, D; hub H = {A, B, C}; wijk W = {B, C, D}. A rates B and C,
B rates A and D, C rates A; D does not answer. "?" is "weet ik niet".

=====  ====  ======  =========================  ==========================
rater  about niveau  value (inv, mid, betr)     trust (betrouwb, missie, open)
=====  ====  ======  =========================  ==========================
A      B     4       4, 3, 4   -> 11/3          4, 4, 3   -> 11/3
A      C     1       ?, 2, ?   -> 2             2, ?, 1   -> 3/2
B      A     3       3, 3, 3   -> 3             4, 3, 4   -> 11/3
B      D     2       ?, ?, ?   -> none          3, 3, ?   -> 3
C      A     2       2, 2, ?   -> 2             2, 2, 2   -> 2
=====  ====  ======  =========================  ==========================
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from lea_graph import monitor
from lea_graph.analytics import samenwerking as sw
from lea_graph.errors import LeaGraphError

Q = None  # weet ik niet


def rating(niveau, freq, value, trust, sterker=""):
    return {
        "niveau": niveau, "frequentie": freq,
        "invloed": value[0], "middelen": value[1], "betrokkenheid": value[2],
        "betrouwbaarheid": trust[0], "missie": trust[1], "openheid": trust[2],
        "sterker": sterker,
    }  # fmt: skip


def four_partner_round(gesloten="2026-12-20T10:00:00+00:00", extra=None):
    answers = {
        "a": {"samenwerkingen": {
            "b": rating(4, 3, (4, 3, 4), (4, 4, 3)),
            "c": rating(1, 1, (Q, 2, Q), (2, Q, 1), "Vaker overleggen"),
        }},
        "b": {"samenwerkingen": {
            "a": rating(3, 3, (3, 3, 3), (4, 3, 4)),
            "d": rating(2, 2, (Q, Q, Q), (3, 3, Q)),
        }},
        "c": {"samenwerkingen": {"a": rating(2, 1, (2, 2, Q), (2, 2, 2), "Een vast contact")}},
    }  # fmt: skip
    answers.update(extra or {})
    return {
        "id": "r-20261201-aaaaaa",
        "naam": "Ronde 1",
        "schooljaar": "2026-2027",
        "gesloten": gesloten,
        "versie": "7",
        "antwoorden": answers,
        "indeling": {
            "partners": {"a": "Alfa", "b": "Beta", "c": "Gamma", "d": "Delta"},
            "hubs": {"h": {"naam": "Hub H", "partners": ["a", "b", "c"]}},
            "wijken": {"w": {"naam": "Wijk W", "partners": ["b", "c", "d"]}},
        },
    }


def by(rows, key):
    return {tuple(r[k] for k in key) if isinstance(key, tuple) else r[key]: r for r in rows}


def test_response_is_three_of_four():
    assert sw.respons(four_partner_round()) == {"ingevuld": 3, "partners": 4, "aandeel": 0.75}


def test_collaborations_by_hand():
    pairs = by(sw.paren(four_partner_round()), ("a", "b"))
    assert set(pairs) == {("a", "b"), ("a", "c"), ("b", "d")}
    ab, ac, bd = pairs[("a", "b")], pairs[("a", "c")], pairs[("b", "d")]
    assert (ab["wederzijds"], ac["wederzijds"], bd["wederzijds"]) == (True, True, False)
    assert (bd["a_noemt_b"], bd["b_noemt_a"]) == (True, False)
    # A-B: value (11/3 + 3) / 2 = 10/3; trust (11/3 + 11/3) / 2; level (4 + 3) / 2.
    assert (ab["waarde"], ab["vertrouwen"], ab["niveau"], ab["beoordelaars"]) == (
        3.33,
        3.67,
        3.5,
        2,
    )
    # A-C: value (2 + 2) / 2; trust (3/2 + 2) / 2 = 1.75; level (1 + 2) / 2.
    assert (ac["waarde"], ac["vertrouwen"], ac["niveau"]) == (2.0, 1.75, 1.5)
    # B-D: B's value is all "weet ik niet": no value; trust only B's 3.
    assert (bd["waarde"], bd["vertrouwen"], bd["beoordelaars"]) == (None, 3.0, 1)
    assert ac["sterker"] == "Alfa: Vaker overleggen | Gamma: Een vast contact"


def test_partners_by_hand():
    rows = by(sw.partners(four_partner_round()), "partner")
    a = rows["a"]
    # A as rated by B and C: value (3 + 2) / 2; trust (11/3 + 2) / 2 = 17/6.
    assert (a["waarde"], a["waarde_beoordelaars"]) == (2.5, 2)
    assert (a["vertrouwen"], a["vertrouwen_beoordelaars"]) == (2.83, 2)
    assert (a["genoemd_door"], a["noemt"], a["wederzijds"]) == (2, 2, 2)
    assert (rows["b"]["waarde"], rows["b"]["vertrouwen"]) == (3.67, 3.67)
    assert (rows["c"]["waarde"], rows["c"]["vertrouwen"]) == (2.0, 1.5)
    d = rows["d"]
    assert (d["ingevuld"], d["genoemd_door"], d["waarde"], d["waarde_beoordelaars"]) == (
        False,
        1,
        None,
        0,
    )
    assert (d["vertrouwen"], d["vertrouwen_beoordelaars"]) == (3.0, 1)


def test_hub_and_wijk_by_hand():
    hub = by(sw.groepen(four_partner_round(), "hub"), "groep")["h"]
    # Inside H: A->B, A->C, B->A, C->A; pairs AB and AC of the 3 possible, both mutual.
    assert (hub["paren_mogelijk"], hub["paren_genoemd"]) == (3, 2)
    assert hub["dichtheid"] == pytest.approx(2 / 3)
    assert hub["wederzijds"] == 1.0
    # Value (11/3 + 2 + 3 + 2) / 4 = 8/3; trust (11/3 + 3/2 + 11/3 + 2) / 4 = 65/24.
    assert (hub["waarde"], hub["vertrouwen"], hub["beoordelaars"]) == (2.67, 2.71, 3)
    assert (hub["ingevuld"], hub["respons"]) == (3, 1.0)
    wijk = by(sw.groepen(four_partner_round(), "wijk"), "groep")["w"]
    # Inside W only B->D: one pair of three, one-sided, trust 3 by one rater.
    assert wijk["dichtheid"] == pytest.approx(1 / 3)
    assert (wijk["wederzijds"], wijk["waarde"], wijk["vertrouwen"], wijk["beoordelaars"]) == (
        0.0, None, 3.0, 1,
    )  # fmt: skip
    assert (wijk["ingevuld"], wijk["respons"]) == (2, pytest.approx(2 / 3))


def test_three_rater_threshold():
    hub = sw.groepen(four_partner_round(), "hub")[0]
    wijk = sw.groepen(four_partner_round(), "wijk")[0]
    assert sw.zichtbaar(hub["beoordelaars"]) and not sw.zichtbaar(wijk["beoordelaars"])
    # A is rated by two partners: hidden; a third rater (D) makes it visible.
    rows = by(sw.partners(four_partner_round()), "partner")
    assert not sw.zichtbaar(rows["a"]["vertrouwen_beoordelaars"])
    third = {"d": {"samenwerkingen": {"a": rating(2, 2, (4, 4, 4), (4, 4, 4))}}}
    rows = by(sw.partners(four_partner_round(extra=third)), "partner")
    assert rows["a"]["vertrouwen_beoordelaars"] == 3 and sw.zichtbaar(3)
    assert rows["a"]["vertrouwen"] == round((11 / 3 + 2 + 4) / 3, 2)


def test_links_to_strengthen_and_bastion():
    low = sw.te_versterken(four_partner_round())
    assert [(r["a"], r["b"]) for r in low] == [("a", "c")]
    assert "lage vertrouwen en waarde" in low[0]["reden"]
    hub = sw.bastion(four_partner_round())[0]
    # AB and AC stay inside H, BD has one member: 2 of 3.
    assert (hub["binnen"], hub["buiten"], hub["bastionscore"]) == (2, 1, pytest.approx(2 / 3))
    assert sw.genoemde_paren(four_partner_round()) == {
        frozenset("ab"),
        frozenset("ac"),
        frozenset("bd"),
    }


def test_maturity_over_rounds():
    first = four_partner_round("2025-12-20T10:00:00+00:00")
    first["id"] = "r-20251201-aaaaaa"
    # Second round: B and C now name each other (with trust 4), A-C is gone.
    second = four_partner_round(
        extra={
            "a": {"samenwerkingen": {"b": rating(4, 3, (4, 3, 4), (4, 4, 3))}},
            "b": {"samenwerkingen": {"a": rating(3, 3, (3, 3, 3), (4, 3, 4)),
                                     "c": rating(3, 3, (4, 4, 4), (4, 4, 4))}},
            "c": {"samenwerkingen": {"b": rating(3, 3, (4, 4, 4), (4, 4, 4))}},
        }
    )  # fmt: skip
    rows = sw.verloop([second, first], "hub")
    assert [r["ronde"] for r in rows] == [first["id"], second["id"]]
    old, new = rows
    assert (old["richting"], old["kern"], old["actief"]) == ("eerste ronde", 3, 3)
    # Round 2 in H: A->B, B->A, B->C, C->B; trust (11/3 + 11/3 + 4 + 4) / 4 = 23/6.
    assert new["vertrouwen"] == 3.83
    assert new["verschil_vertrouwen"] == round(3.83 - 2.71, 2)
    assert new["richting"] == "hoger"
    assert (new["erbij"], new["weg"], new["kern"]) == ([], [], 3)
    wijk_rows = sw.verloop([first, second], "wijk")
    # In W: B-D in round 1; B-C only in round 2 (B's new answers no longer name D).
    # One rater, then two (B, C): no claim about the change. Gamma joins, Delta leaves,
    # only B is in the core.
    assert wijk_rows[1]["richting"] == "onzeker"
    assert (wijk_rows[1]["erbij"], wijk_rows[1]["weg"], wijk_rows[1]["actief"]) == (
        ["Gamma"],
        ["Delta"],
        2,
    )
    assert (wijk_rows[1]["kern"], wijk_rows[1]["beoordelaars"]) == (1, 2)


# -- storage ------------------------------------------------------------------------------------

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


def test_rounds_stay_and_only_one_is_open(tmp_path):
    first = monitor.open_round(tmp_path, "Najaar", "2026-2027", "2026-12-20", now=NOW)
    with pytest.raises(LeaGraphError, match="nog niet gesloten"):
        monitor.open_round(tmp_path, "Tweede", "2026-2027", "2026-12-21", now=NOW)
    monitor.save_answers(
        tmp_path, first["id"], "a", {"b": rating(1, 1, (1, 1, 1), (1, 1, 1))}, now=NOW
    )
    monitor.close(tmp_path, first["id"], {"partners": {}}, versie="3", now=NOW)
    second = monitor.open_round(tmp_path, "Voorjaar", "2026-2027", "2027-03-01", now=NOW)
    kept = {r["id"]: r for r in monitor.list_rounds(tmp_path)}
    assert set(kept) == {first["id"], second["id"]}
    assert kept[first["id"]]["antwoorden"]["a"]["samenwerkingen"]["b"]["niveau"] == 1
    assert kept[first["id"]]["versie"] == "3"
    assert (tmp_path / "monitor").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "monitor" / f"{first['id']}.json").stat().st_mode & 0o777 == 0o600


def test_a_closed_or_past_round_takes_no_answers(tmp_path):
    r = monitor.open_round(tmp_path, "Najaar", "2026-2027", "2026-12-20", now=NOW)
    late = dt.datetime(2026, 12, 21, 8, 0, tzinfo=dt.UTC)
    assert monitor.status(r, now=late) == "verlopen"
    with pytest.raises(LeaGraphError, match="sluitdatum"):
        monitor.save_answers(tmp_path, r["id"], "a", {}, now=late)
    monitor.close(tmp_path, r["id"], {}, now=NOW)
    with pytest.raises(LeaGraphError, match="gesloten"):
        monitor.save_answers(tmp_path, r["id"], "a", {}, now=NOW)
    with pytest.raises(LeaGraphError, match="al gesloten"):
        monitor.close(tmp_path, r["id"], {}, now=NOW)


@pytest.mark.parametrize(
    ("naam", "jaar", "sluit", "message"),
    [
        ("", "2026-2027", "2026-12-20", "naam"),
        ("Ronde", "2026/27", "2026-12-20", "schooljaar '2026/27'"),
        ("Ronde", "2026-2027", "20-12-2026", "geen datum"),
        ("Ronde", "2026-2027", "2026-12-01", "al voorbij"),
    ],
)
def test_bad_round_settings_are_refused_in_dutch(tmp_path, naam, jaar, sluit, message):
    with pytest.raises(LeaGraphError, match=message):
        monitor.open_round(tmp_path, naam, jaar, sluit, now=NOW)


def test_two_partners_answering_at_once_are_both_kept(tmp_path):
    r = monitor.open_round(tmp_path, "Najaar", "2026-2027", "2026-12-20", now=NOW)
    barrier = threading.Barrier(8)

    def answer(p):
        barrier.wait()
        monitor.save_answers(
            tmp_path, r["id"], p, {"x": rating(2, 2, (2, 2, 2), (2, 2, 2))}, now=NOW
        )

    threads = [threading.Thread(target=answer, args=(f"p{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(monitor.get(tmp_path, r["id"])["antwoorden"]) == {f"p{i}" for i in range(8)}


def test_a_round_can_be_deleted(tmp_path):
    r = monitor.open_round(tmp_path, "Najaar", "2026-2027", "2026-12-20", now=NOW)
    assert monitor.delete(tmp_path, r["id"]) is True
    assert monitor.get(tmp_path, r["id"]) is None and monitor.list_rounds(tmp_path) == []
    assert monitor.delete(tmp_path, r["id"]) is False
    assert list((tmp_path / "monitor").iterdir()) == []
    with pytest.raises(LeaGraphError, match="bestaat niet"):
        monitor.save_answers(tmp_path, r["id"], "a", {}, now=NOW)


def test_answers_from_the_form():
    names = {"a": "Alfa", "b": "Beta", "c": "Gamma"}
    form = {
        "sm-0-partner": "b", "sm-0-mee": "ja", "sm-0-frequentie": "3", "sm-0-niveau": "4",
        "sm-0-invloed": "4", "sm-0-middelen": "?", "sm-0-betrokkenheid": "2",
        "sm-0-betrouwbaarheid": "3", "sm-0-missie": "3", "sm-0-openheid": "?",
        "sm-0-sterker": "  Samen\x00 plannen  ",
        "sm-1-partner": "c", "sm-1-frequentie": "1",  # not ticked: not rated
        "sm-2-partner": "zzz", "sm-2-mee": "ja",
        "sm-3-partner": "c", "sm-3-mee": "ja", "sm-3-frequentie": "9", "sm-3-niveau": "2",
        "sm-3-invloed": "5",
    }  # fmt: skip
    answers, problems = monitor.answers_from_form(form, "a", names)
    assert answers["b"] == {
        "frequentie": 3, "niveau": 4, "invloed": 4, "middelen": None, "betrokkenheid": 2,
        "betrouwbaarheid": 3, "missie": 3, "openheid": None, "sterker": "Samen plannen",
    }  # fmt: skip
    texts = [p.tekst() for p in problems]
    assert (
        "Samenwerking met regel 3, Partner (u koos: 'zzz'): kies een andere partner uit de lijst."
        in texts
    )
    assert "Samenwerking met Gamma, Hoe vaak (u koos: '9'): kies een van de mogelijkheden." in texts
    assert "Samenwerking met Gamma, Invloed (u koos: '5'): kies 1 tot 4 of 'weet ik niet'." in texts
    # Questions left open are "weet ik niet", not an error; the level must be chosen.
    assert not any("Middelen" in t for t in texts)
    # Line 1 (Gamma) is not ticked: the sender says that collaboration ended.
    assert monitor.ended_from_form(form, "a", names) == ["c"]


def test_an_ended_collaboration_is_kept_apart_from_the_ratings(tmp_path):
    r = monitor.open_round(tmp_path, "Najaar", "2026-2027", "2026-12-20", now=NOW)
    answers = {"b": rating(2, 2, (2, 2, 2), (2, 2, 2))}
    entry = monitor.save_answers(tmp_path, r["id"], "a", answers, niet_meer=["c", "b"], now=NOW)
    assert entry["niet_meer"] == ["c"]  # b is rated, so it did not end
    kept = monitor.get(tmp_path, r["id"])
    assert sw.genoemde_paren(kept) == {frozenset("ab")}


def test_the_whole_network_by_hand():
    row = sw.geheel(four_partner_round())
    # Pairs AB, AC, BD; two mutual. Value over the four ratings with one: (11/3+2+3+2)/4;
    # trust over all five: (11/3 + 3/2 + 11/3 + 3 + 2) / 5 = 83/30.
    assert (row["paren_genoemd"], row["wederzijds"]) == (3, pytest.approx(2 / 3))
    assert (row["waarde"], row["vertrouwen"], row["beoordelaars"]) == (2.67, 2.77, 3)
    assert (row["partners"], row["ingevuld"], row["respons"]) == (4, 3, 0.75)
