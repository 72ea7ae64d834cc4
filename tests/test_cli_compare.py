"""The compare and scenario commands, with answers worked out by hand on tiny networks.

The networks (one schooljaar, 2024-2025, unless said otherwise)::

    wijken   Noord (PacT, lage SES, 900 kinderen) with School A
             Zuid (geen PacT, 400 kinderen) with School C
    hubs     Cultuur: Muziekschool, Dansgroep      Sport: Voetbalclub, Judoschool
    other    Welzijn Zuid: in no hub, wijkinzet in Zuid

    OUD      Muziekschool, Dansgroep and Judoschool at School A, Voetbalclub at School C
    NIEUW    Dansgroep's activity at School A is gone; Judoschool starts one at School C

A hub reaches a wijk through its activities at the wijk's schools, or through wijkinzet
of its members (coverage.py), so the wijk × hub cells are

    cell               OUD                          NIEUW
    Noord × Cultuur    2 (Muziekschool, Dansgroep)  1 (Muziekschool)        → gap opened
    Noord × Sport      1 (Judoschool)               1
    Zuid × Cultuur     0 (Welzijn is in no hub)     0
    Zuid × Sport       1 (Voetbalclub)              2 (+ Judoschool)        → gap closed

A cell with no or one partner is a gap; from two partners to one is "geopend", from one
to two "gesloten", from one to none "verdiept", from none to one "verkleind".
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from helpers import zip_folder
from test_cli_errors import embedded_env, fails_in_one_line, usage_error

from lea_graph.analytics.compare import COMPARISON_SECTIONS, GAP_CHANGES
from lea_graph.analytics.scenario import VULNERABILITY_RULE
from lea_graph.cli import cli
from lea_graph.dataset import Dataset
from lea_graph.export import write_csv_folder

YEAR = "2024-2025"
EARLIER = "2023-2024"

BASE = {
    "hubs": [
        {"id": "h-cultuur", "naam": "Cultuur", "domein": "cultuur"},
        {"id": "h-sport", "naam": "Sport", "domein": "sport"},
    ],
    "wijken": [
        {"id": "w-noord", "naam": "Noord", "pact": "ja", "ses": "laag", "kinderen_0_17": "900"},
        {"id": "w-zuid", "naam": "Zuid", "pact": "nee", "kinderen_0_17": "400"},
    ],
    "scholen": [
        {"id": "s-a", "naam": "School A", "sector": "po", "wijk": "w-noord", "leerlingen": "200"},
        {"id": "s-c", "naam": "School C", "sector": "po", "wijk": "w-zuid", "leerlingen": "100"},
    ],
    "partners": [
        {"id": "p-muziek", "naam": "Muziekschool", "type": "cultuur"},
        {"id": "p-dans", "naam": "Dansgroep", "type": "cultuur"},
        {"id": "p-voetbal", "naam": "Voetbalclub", "type": "sport"},
        {"id": "p-judo", "naam": "Judoschool", "type": "sport"},
        {"id": "p-welzijn", "naam": "Welzijn Zuid", "type": "welzijn"},
    ],
    "hub_leden": [
        {"partner": "p-muziek", "hub": "h-cultuur"},
        {"partner": "p-dans", "hub": "h-cultuur"},
        {"partner": "p-voetbal", "hub": "h-sport"},
        {"partner": "p-judo", "hub": "h-sport"},
    ],
    "wijkinzet": [{"partner": "p-welzijn", "wijk": "w-zuid"}],
}
OLD = [("p-muziek", "s-a", "h-cultuur"), ("p-dans", "s-a", "h-cultuur"),
       ("p-judo", "s-a", "h-sport"), ("p-voetbal", "s-c", "h-sport")]  # fmt: skip
NEW = [("p-muziek", "s-a", "h-cultuur"), ("p-judo", "s-a", "h-sport"),
       ("p-voetbal", "s-c", "h-sport"), ("p-judo", "s-c", "h-sport")]  # fmt: skip

#: What changed from OUD to NIEUW: (soort, verandering, sleutel).
ENTITY_CHANGES = {
    ("activiteit", "weg", f"p-dans | s-a | h-cultuur | — | {YEAR}"),
    ("activiteit", "nieuw", f"p-judo | s-c | h-sport | — | {YEAR}"),
}
#: The gap changes from OUD to NIEUW, the PacT wijk first.
GAP_ROWS = [
    ("geopend", "w-noord", "h-cultuur", 2, 1),
    ("gesloten", "w-zuid", "h-sport", 1, 2),
]


def _dataset(*years: tuple[str, list[tuple[str, str, str]]], **extra) -> Dataset:
    activities = [
        {"partner": p, "school": s, "hub": h, "schooljaar": year}
        for year, acts in years
        for p, s, h in acts
    ]
    return Dataset.from_rows({**BASE, **extra, "activiteiten": activities})


@pytest.fixture(scope="module")
def nets(tmp_path_factory) -> dict[str, Path]:
    """The networks as folders of CSV files: oud, nieuw, and jaren (OUD in 2023-2024,
    NIEUW in 2024-2025)."""
    root = tmp_path_factory.mktemp("vergelijk")
    folders = {
        "oud": _dataset((YEAR, OLD)),
        "nieuw": _dataset((YEAR, NEW)),
        "jaren": _dataset((EARLIER, OLD), (YEAR, NEW)),
    }
    for name, dataset in folders.items():
        write_csv_folder(dataset, root / name)
    return {name: root / name for name in folders}


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return embedded_env(tmp_path)


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def as_json(result) -> dict:
    return json.loads(ok(result))


def gap_rows(data: dict) -> list[tuple]:
    return [
        (r["verandering"], r["wijk"], r["hub"], r["partners_voor"], r["partners_na"])
        for r in data["gaten"]
    ]


def entity_changes(data: dict) -> set[tuple]:
    return {(r["soort"], r["verandering"], r["sleutel"]) for r in data["veranderingen"]}


# -- compare: two versions ---------------------------------------------------------------------


def test_compare_two_folders_in_markdown(runner, nets, env):
    text = ok(runner.invoke(cli, ["compare", str(nets["oud"]), str(nets["nieuw"])], env=env))
    assert text.startswith("# Wat is er veranderd: oud → nieuw\n")
    assert "- Veranderd: activiteit: 1 nieuw, 1 weg." in text
    assert f"Dansgroep → School A (hub Cultuur, schooljaar {YEAR})" in text
    assert f"Judoschool → School C (hub Sport, schooljaar {YEAR})" in text
    assert f"| {GAP_CHANGES['geopend']} | Noord | Cultuur | 2 | 1 |" in text
    assert f"| {GAP_CHANGES['gesloten']} | Zuid | Sport | 1 | 2 |" in text
    assert "Noord heeft voor Cultuur nog maar één partner: Muziekschool" in text
    assert "voorbeeldgegevens" not in text


def test_compare_two_folders_in_json(runner, nets, env):
    data = as_json(
        runner.invoke(
            cli, ["compare", str(nets["oud"]), str(nets["nieuw"]), "--format", "json"], env=env
        )
    )
    assert (data["voor"], data["na"], data["voorbeeldgegevens"]) == ("oud", "nieuw", False)
    assert entity_changes(data) == ENTITY_CHANGES
    assert gap_rows(data) == GAP_ROWS
    assert [r["partner_namen_na"] for r in data["gaten"]] == [
        "Muziekschool",
        "Judoschool; Voetbalclub",
    ]
    backwards = as_json(
        runner.invoke(
            cli, ["compare", str(nets["nieuw"]), str(nets["oud"]), "--format", "json"], env=env
        )
    )
    swapped = {(s, {"nieuw": "weg", "weg": "nieuw"}[v], k) for s, v, k in entity_changes(backwards)}
    assert swapped == ENTITY_CHANGES
    assert gap_rows(backwards) == [
        ("gesloten", "w-noord", "h-cultuur", 1, 2),
        ("geopend", "w-zuid", "h-sport", 2, 1),
    ]


def test_compare_one_schooljaar_of_both(runner, nets, env):
    args = ["compare", str(nets["jaren"]), str(nets["nieuw"]), "--format", "json"]
    data = as_json(runner.invoke(cli, [*args, "--schooljaar", YEAR], env=env))
    assert data["veranderingen"] == [] and data["gaten"] == []  # jaren's 2024-2025 is NIEUW


def test_compare_as_a_workbook(runner, nets, env, tmp_path):
    out = tmp_path / "uit" / "vergelijking.xlsx"
    args = ["compare", str(nets["oud"]), str(nets["nieuw"]), "--format", "xlsx"]
    text = ok(runner.invoke(cli, [*args, "--out", str(out)], env=env))
    assert text.strip() == f"Geschreven: {out}"
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Samenvatting", *(title for _, title, _ in COMPARISON_SECTIONS)]
    assert next(wb["Samenvatting"].values)[0] == "Wat is er veranderd: oud → nieuw"
    gaps = list(wb["Gaten"].values)
    assert [row[1:5] for row in gaps[2:]] == [("Noord", "Cultuur", 2, 1), ("Zuid", "Sport", 1, 2)]
    wb.close()


def test_compare_writes_markdown_to_a_file(runner, nets, env, tmp_path):
    out = tmp_path / "vergelijking.md"
    args = ["compare", str(nets["oud"]), str(nets["nieuw"]), "--out", str(out)]
    assert ok(runner.invoke(cli, args, env=env)).strip() == f"Geschreven: {out}"
    assert out.read_text(encoding="utf-8").startswith("# Wat is er veranderd: oud → nieuw")


def test_two_versions_of_the_same_name_are_shown_as_given(runner, nets, env, tmp_path):
    old, new = tmp_path / "maart" / "lea", tmp_path / "juni" / "lea"
    write_csv_folder(_dataset((YEAR, OLD)), old)
    write_csv_folder(_dataset((YEAR, NEW)), new)
    text = ok(runner.invoke(cli, ["compare", str(old), str(new)], env=env))
    assert text.startswith(f"# Wat is er veranderd: {old} → {new}\n")


def test_compare_marks_illustrative_data(runner, nets, env, tmp_path):
    partners = [{**BASE["partners"][0], "bron": "voorbeeld"}, *BASE["partners"][1:]]
    write_csv_folder(_dataset((YEAR, NEW), partners=partners), tmp_path / "voorbeeld")
    text = ok(
        runner.invoke(cli, ["compare", str(nets["oud"]), str(tmp_path / "voorbeeld")], env=env)
    )
    assert "> Let op: deze gegevens bevatten voorbeeldgegevens (bron=voorbeeld, verzonnen)." in text


# -- compare: two schooljaren ------------------------------------------------------------------


def test_compare_two_schooljaren(runner, nets, env):
    args = ["compare", str(nets["jaren"]), "--schooljaren", EARLIER, YEAR, "--format", "json"]
    data = as_json(runner.invoke(cli, args, env=env))
    assert (data["voor"], data["na"]) == (EARLIER, YEAR)
    # Between two years an activity is matched without its year.
    assert entity_changes(data) == {
        ("activiteit", "weg", "p-dans | s-a | h-cultuur | —"),
        ("activiteit", "nieuw", "p-judo | s-c | h-sport | —"),
    }
    assert gap_rows(data) == GAP_ROWS


def test_compare_two_schooljaren_of_the_seed(runner, env):
    """The only run on the Tilburg seed: no PATH is the shipped network."""
    text = ok(runner.invoke(cli, ["compare", "--schooljaren", EARLIER, YEAR], env=env))
    assert text.startswith(f"# Wat is er veranderd: {EARLIER} → {YEAR}\n")
    assert "> Let op:" in text and "## Gaten" in text


# -- compare: snapshots and the store ---------------------------------------------------------


@pytest.fixture
def snapshots(nets, env) -> Path:
    """A data directory with two snapshots: OUD (newest) and NIEUW."""
    folder = Path(env["LEA_DATA_DIR"]) / "snapshots"
    folder.mkdir(parents=True)
    zip_folder(nets["oud"], folder / "20261201-101500-lea_v2.zip")
    zip_folder(nets["nieuw"], folder / "20261130-090000-lea_v1.zip")
    return folder


@pytest.mark.parametrize(
    "name", ["20261201-101500-lea_v2.zip", "20261201-101500-lea_v2", "20261201"]
)
def test_compare_with_a_snapshot(runner, nets, env, snapshots, name):
    data = as_json(
        runner.invoke(cli, ["compare", name, str(nets["nieuw"]), "--format", "json"], env=env)
    )
    assert (data["voor"], data["na"]) == ("20261201-101500-lea_v2.zip", "nieuw")
    assert entity_changes(data) == ENTITY_CHANGES and gap_rows(data) == GAP_ROWS


def test_compare_two_snapshots_with_data_dir_option(runner, nets, tmp_path, snapshots):
    env = {**embedded_env(tmp_path), "LEA_DATA_DIR": str(tmp_path / "elders")}
    args = ["compare", "20261201", "20261130", "--data-dir", str(snapshots.parent)]
    data = as_json(runner.invoke(cli, [*args, "--format", "json"], env=env))
    assert (data["voor"], data["na"]) == (
        "20261201-101500-lea_v2.zip",
        "20261130-090000-lea_v1.zip",
    )
    assert gap_rows(data) == GAP_ROWS


def test_compare_with_the_network_in_the_store(runner, nets, env):
    ok(runner.invoke(cli, ["load", str(nets["nieuw"])], env=env))
    data = as_json(
        runner.invoke(cli, ["compare", str(nets["oud"]), "huidig", "--format", "json"], env=env)
    )
    assert (data["voor"], data["na"]) == ("oud", "huidig netwerk")
    assert entity_changes(data) == ENTITY_CHANGES and gap_rows(data) == GAP_ROWS
    # Loading OUD on top saves NIEUW as a snapshot: that snapshot against the store.
    ok(runner.invoke(cli, ["load", str(nets["oud"])], env=env))
    (snapshot,) = ok(runner.invoke(cli, ["restore", "--list"], env=env)).split()
    data = as_json(runner.invoke(cli, ["compare", snapshot, "huidig", "--format", "json"], env=env))
    assert (data["voor"], data["na"]) == (snapshot, "huidig netwerk")
    assert gap_rows(data) == [
        ("gesloten", "w-noord", "h-cultuur", 1, 2),
        ("geopend", "w-zuid", "h-sport", 2, 1),
    ]
    for store in (["--from-store"], ["huidig"]):
        years = ["compare", *store, "--schooljaren", EARLIER, YEAR]
        line = fails_in_one_line(runner.invoke(cli, years, env=env))
        assert line == f"Fout: Schooljaar {EARLIER} komt niet voor in de gegevens; wel: {YEAR}."


# -- compare: mistakes -------------------------------------------------------------------------


def test_an_unknown_version(runner, nets, env, snapshots):
    line = fails_in_one_line(runner.invoke(cli, ["compare", "gisteren", str(nets["oud"])], env=env))
    assert line.startswith(
        "Fout: 'gisteren' is geen bestaande map of bestand, geen snapshot en niet 'huidig'. "
        "Geef een map met CSV-bestanden, een .xlsx- of .zip-bestand, de naam van een snapshot"
    )
    assert line.endswith(
        f"Snapshots in {snapshots}: 20261201-101500-lea_v2.zip en 20261130-090000-lea_v1.zip."
    )
    line = fails_in_one_line(runner.invoke(cli, ["compare", "2026", "huidig"], env=env))
    assert line == (
        "Fout: '2026' past bij 2 snapshots: 20261201-101500-lea_v2.zip en "
        "20261130-090000-lea_v1.zip; geef meer van de naam."
    )


def test_the_store_with_nothing_loaded(runner, nets, env):
    line = fails_in_one_line(runner.invoke(cli, ["compare", str(nets["oud"]), "huidig"], env=env))
    assert line == "Fout: Er is nog geen netwerk geladen (lea-graph load PATH)."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{oud}", "{nieuw}", "--schooljaar", "2024"], "'2024' is geen schooljaar; schrijf het als 2024-2025."),
        (["{jaren}", "--schooljaren", "2023", YEAR], "'2023' is geen schooljaar; schrijf het als 2024-2025."),
        (["{jaren}", "--schooljaren", EARLIER, "2030-2031"],
         f"Schooljaar 2030-2031 komt niet voor in de gegevens; wel: {EARLIER} en {YEAR}."),
        (["{oud}", "--schooljaren", "2021-2022", "2022-2023"],
         f"Schooljaren 2021-2022 en 2022-2023 komen niet voor in de gegevens; wel: {YEAR}."),
        (["{oud}", "{nieuw}", "--schooljaar", EARLIER],
         f"Schooljaar {EARLIER} komt niet voor in de gegevens; wel: {YEAR}."),
        (["{jaren}", "--schooljaren", YEAR, YEAR], f"Geef twee verschillende schooljaren, niet twee keer {YEAR}."),
        (["{oud}", "{nieuw}", "--format", "xlsx"], "Geef bij --format xlsx een --out bestand.xlsx op."),
    ],
)  # fmt: skip
def test_compare_fails_in_one_line(runner, nets, env, args, message):
    names = {k: str(v) for k, v in nets.items()}
    result = runner.invoke(cli, ["compare", *(a.format(**names) for a in args)], env=env)
    assert fails_in_one_line(result) == f"Fout: {message}"


def test_an_invalid_version(runner, nets, env, tmp_path):
    """The problems of an invalid dataset come first, then the one line."""
    invalid = tmp_path / "kapot"
    invalid.mkdir()
    (invalid / "partners.csv").write_text("id,naam\n", encoding="utf-8")
    result = runner.invoke(cli, ["compare", str(nets["oud"]), str(invalid)], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"Fout: {invalid} is niet geldig (") and "niets gedaan" in last


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Geef twee versies om te vergelijken (OUD en NIEUW), of één netwerk met --schooljaren A B."),
        (["{oud}"], "Geef twee versies om te vergelijken (OUD en NIEUW), of één netwerk met"),
        (["{oud}", "{nieuw}", "{jaren}"], "Geef twee versies om te vergelijken"),
        (["{oud}", "--from-store", "--schooljaren", EARLIER, YEAR], "Geef PATH of --from-store, niet allebei."),
        (["{oud}", "{nieuw}", "--schooljaren", EARLIER, YEAR],
         "Bij --schooljaren hoort één netwerk (PATH of --from-store), geen 2 versies."),
        (["{oud}", "{nieuw}", "--from-store"], "--from-store hoort bij --schooljaren; geef 'huidig' als OUD"),
        (["{jaren}", "--schooljaren", EARLIER, YEAR, "--schooljaar", YEAR],
         "--schooljaar en --schooljaren gaan niet samen."),
        (["{jaren}", "--schooljaren", EARLIER],
         "Optie '--schooljaren' heeft twee schooljaren nodig, bijvoorbeeld --schooljaren"),
        (["{oud}", "{nieuw}", "--format", "pdf"], "Ongeldige waarde voor '--format': kies uit md, json en xlsx."),
    ],
)  # fmt: skip
def test_compare_called_wrongly(runner, nets, env, args, message):
    names = {k: str(v) for k, v in nets.items()}
    line = usage_error(runner.invoke(cli, ["compare", *(a.format(**names) for a in args)], env=env))
    assert line.startswith(f"Fout: {message}")


# -- scenario ----------------------------------------------------------------------------------


def section(text: str, title: str) -> str:
    """The lines under a Markdown heading, up to the next one."""
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_without_the_only_partner_of_a_hub_in_a_wijk(runner, nets, env):
    """Voetbalclub is Sport's only partner in Zuid: without it the cell is empty."""
    args = ["scenario", str(nets["oud"]), "--zonder", "Voetbalclub"]
    text = ok(runner.invoke(cli, args, env=env))
    assert text.startswith("# Scenario: wat als? (alle schooljaren)\n")
    assert section(text, "Wijzigingen").strip() == "- Voetbalclub stopt."
    consequences = section(text, "Gevolgen").strip().splitlines()
    assert (
        consequences[0]
        == "- Als Voetbalclub stopt, heeft Zuid geen partner meer voor Sport (400 kinderen van 0-17 jaar)."
    )
    assert text.index("## Gevolgen") < text.index("## Vandaag en in het scenario")
    assert "| Cellen zonder partner | 1 | 2 | +1 |" in section(text, "Vandaag en in het scenario")
    assert "Zuid heeft geen partner meer voor Sport" in section(text, "Gaten")
    assert "voorbeeldgegevens" not in text

    data = as_json(
        runner.invoke(cli, [*args[:2], "--zonder", "p-voetbal", "--format", "json"], env=env)
    )
    assert data["wijzigingen"] == ["Voetbalclub stopt."] and data["schooljaar"] is None
    assert gap_rows(data) == [("verdiept", "w-zuid", "h-sport", 1, 0)]
    rows = {r["maat"]: r for r in data["overzicht"]}
    assert (
        rows["Cellen zonder partner"]["vandaag"],
        rows["Cellen zonder partner"]["scenario"],
    ) == (1, 2)
    assert (
        rows["Cellen met één partner"]["vandaag"],
        rows["Cellen met één partner"]["scenario"],
    ) == (2, 1)


def test_a_member_with_wijkinzet_fills_an_empty_cell(runner, nets, env):
    """Welzijn Zuid works in Zuid (wijkinzet) but is in no hub; as a member of Cultuur its
    wijkinzet counts for Cultuur, so Zuid × Cultuur goes from no partner to one."""
    args = ["scenario", str(nets["oud"]), "--met-lid", "Welzijn Zuid:h-cultuur", "--format", "json"]
    data = as_json(runner.invoke(cli, args, env=env))
    assert data["wijzigingen"] == ["Welzijn Zuid wordt lid van hub Cultuur."]
    assert gap_rows(data) == [("verkleind", "w-zuid", "h-cultuur", 0, 1)]
    assert data["gaten"][0]["partner_namen_na"] == "Welzijn Zuid"
    rows = {r["maat"]: r for r in data["overzicht"]}
    assert (
        rows["Cellen zonder partner"]["vandaag"],
        rows["Cellen zonder partner"]["scenario"],
    ) == (1, 0)
    text = ok(runner.invoke(cli, args[:4], env=env))
    assert section(text, "Gevolgen").strip().splitlines()[0] == (
        "- Met deze wijzigingen, heeft Zuid weer een partner voor Cultuur: Welzijn Zuid (400 kinderen van 0-17 jaar)."
    )


def test_a_scenario_of_one_schooljaar_written_to_a_file(runner, nets, env, tmp_path):
    out = tmp_path / "scenario.md"
    args = ["scenario", str(nets["jaren"]), "--zonder", "p-dans", "--schooljaar", EARLIER]
    assert (
        ok(runner.invoke(cli, [*args, "--out", str(out)], env=env)).strip() == f"Geschreven: {out}"
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"# Scenario: wat als? ({EARLIER})\n")
    # In 2023-2024 (OUD) Noord × Cultuur has Muziekschool and Dansgroep: one is left.
    assert GAP_CHANGES["geopend"] in section(text, "Gaten")


def test_a_scenario_marks_illustrative_data(runner, env, tmp_path):
    partners = [{**BASE["partners"][0], "bron": "voorbeeld"}, *BASE["partners"][1:]]
    write_csv_folder(_dataset((YEAR, OLD), partners=partners), tmp_path / "voorbeeld")
    for extra in (["--zonder", "p-dans"], ["--kwetsbaarheid"]):
        text = ok(runner.invoke(cli, ["scenario", str(tmp_path / "voorbeeld"), *extra], env=env))
        assert (
            "> Let op: deze gegevens bevatten voorbeeldgegevens (bron=voorbeeld, verzonnen)."
            in text
        )


#: Judoschool and Voetbalclub each leave a cell without partner (Noord, 900 children, before
#: Zuid, 400); Dansgroep and Muziekschool each leave Noord × Cultuur on one partner (a tie,
#: by name); Welzijn Zuid, in no hub, costs nothing. No activity has a number of
#: participants (no lower bound drops) and nobody collaborates (nobody is cut off).
RANKING = ["Judoschool", "Voetbalclub", "Dansgroep", "Muziekschool", "Welzijn Zuid"]


def test_the_kwetsbaarheid_ranking(runner, nets, env):
    args = ["scenario", str(nets["oud"]), "--kwetsbaarheid"]
    data = as_json(runner.invoke(cli, [*args, "--format", "json"], env=env))
    assert data["regel"] == VULNERABILITY_RULE
    assert [r["partner_naam"] for r in data["partners"]] == RANKING
    assert [r["rang"] for r in data["partners"]] == [1, 2, 3, 4, 5]
    assert [(r["lege_cellen"], r["kinderen"], r["kwetsbare_cellen"]) for r in data["partners"]] == [
        (1, "900", 0), (1, "400", 0), (0, "", 1), (0, "", 1), (0, "", 0),
    ]  # fmt: skip

    text = ok(runner.invoke(cli, [*args, "--top", "3"], env=env))
    assert VULNERABILITY_RULE in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [row.split(" | ")[1] for row in rows] == RANKING[:3]
    assert "_… en nog 2 partners (alles staat in de JSON-versie)._" in text
    default = ok(runner.invoke(cli, args, env=env))  # 20 by default: all five
    assert "| 5 | Welzijn Zuid |" in default and "en nog" not in default


def test_the_kwetsbaarheid_of_one_schooljaar(runner, nets, env):
    """In 2023-2024 the network is OUD; in 2024-2025 it is NIEUW, where Dansgroep has
    left Noord × Cultuur and Judoschool also works at School C."""
    args = ["scenario", str(nets["jaren"]), "--kwetsbaarheid", "--format", "json"]
    earlier = as_json(runner.invoke(cli, [*args, "--schooljaar", EARLIER], env=env))
    assert [r["partner_naam"] for r in earlier["partners"]] == RANKING
    later = as_json(runner.invoke(cli, [*args, "--schooljaar", YEAR], env=env))
    # Muziekschool (alone in Noord × Cultuur) and Judoschool (alone in Noord × Sport) each
    # empty a cell of Noord's 900 children; Judoschool also leaves Zuid × Sport on one
    # partner, so it comes first. Voetbalclub leaves Zuid × Sport on Judoschool; Dansgroep
    # (no activity this year) and Welzijn Zuid cost nothing: by name.
    assert [(r["partner_naam"], r["lege_cellen"], r["kwetsbare_cellen"]) for r in later["partners"]] == [
        ("Judoschool", 1, 1), ("Muziekschool", 1, 0), ("Voetbalclub", 0, 1),
        ("Dansgroep", 0, 0), ("Welzijn Zuid", 0, 0),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--zonder", "Onbekend"], "Partner 'Onbekend' staat niet in het netwerk (geef de id of de precieze naam)."),
        (["--met-lid", "p-welzijn"], "--met-lid 'p-welzijn': schrijf het als PARTNER:HUB."),
        (["--met-lid", "p-welzijn:Techniek"], "Hub 'Techniek' staat niet in het netwerk (geef de id of de precieze naam)."),
        (["--met-activiteit", "p-welzijn"], "--met-activiteit 'p-welzijn': schrijf het als PARTNER:SCHOOL[:HUB]."),
        (["--met-activiteit", "p-welzijn:s-a:Techniek"], "Hub 'Techniek' staat niet in het netwerk (geef de id of de precieze naam)."),
        (["--met-activiteit", "p-welzijn:School B:h-sport"], "School of locatie 'School B' staat niet in het netwerk (geef de id of de precieze naam)."),
        (["--zonder", "p-dans", "--met-lid", "p-dans:h-sport"],
         "Partner 'Dansgroep' stopt in dit scenario en kan dus geen lid worden of een activiteit krijgen."),
        (["--zonder", "p-dans", "--schooljaar", "2024"], "'2024' is geen schooljaar; schrijf het als 2024-2025."),
        (["--kwetsbaarheid", "--schooljaar", EARLIER], f"Schooljaar {EARLIER} komt niet voor in de gegevens; wel: {YEAR}."),
    ],
)  # fmt: skip
def test_scenario_fails_in_one_line(runner, nets, env, args, message):
    result = runner.invoke(cli, ["scenario", str(nets["oud"]), *args], env=env)
    assert fails_in_one_line(result) == f"Fout: {message}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Geef wat er verandert (--zonder PARTNER, --met-lid PARTNER:HUB of --met-activiteit"),
        (["--schooljaar", YEAR], "Geef wat er verandert"),
        (["--kwetsbaarheid", "--zonder", "p-dans"], "--kwetsbaarheid gaat niet samen met --zonder, --met-lid of"),
        (["--zonder", "p-dans", "--top", "3"], "--top hoort bij --kwetsbaarheid."),
        (["--kwetsbaarheid", "--top", "0"], "Ongeldige waarde voor '--top': geef een heel getal van minstens 1."),
        (["--zonder", "p-dans", "--format", "xlsx"], "Ongeldige waarde voor '--format': kies uit md en json."),
    ],
)  # fmt: skip
def test_scenario_called_wrongly(runner, nets, env, args, message):
    line = usage_error(runner.invoke(cli, ["scenario", str(nets["oud"]), *args], env=env))
    assert line.startswith(f"Fout: {message}")


# -- analyse --format pdf: the report to bring -------------------------------------------------


def pdf_section(pdf: Path, title: str) -> str:
    """The text of one numbered section of the PDF report (not its line in the contents),
    on one line."""
    import subprocess

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    start = flat.index(title, flat.index(title) + len(title))  # the second: the section
    end = flat.find(" 5. ", start) if title.startswith("4.") else flat.find(" 7. ", start)
    return flat[start : end if end > 0 else None]


def test_the_report_compares_with_the_version_given(runner, nets, env, tmp_path):
    out = tmp_path / "rapport.pdf"
    args = ["analyse", str(nets["nieuw"]), "--format", "pdf", "--out", str(out)]
    text = ok(runner.invoke(cli, [*args, "--vorige", str(nets["oud"])], env=env))
    assert text.strip() == f"Geschreven: {out}" and out.read_bytes().startswith(b"%PDF")
    changed = pdf_section(out, "4. Wat is er veranderd sinds de vorige versie")
    assert "Van oud naar nieuw." in changed
    assert "Veranderd: activiteit: 1 nieuw, 1 weg." in changed
    assert "Gaten: 1 × nieuw gat: nog één partner, 1 × gat gesloten." in changed
    assert (
        "nieuw gat: nog één partner Noord Cultuur 2 naar 1 PacT-wijk, lage SES, 900 kinderen van 0-17 jaar"
        in changed
    )
    assert "gat gesloten Zuid Sport 1 naar 2 400 kinderen" in changed
    # NIEUW without Judoschool: Noord × Sport empty (900 children) and Zuid × Sport down
    # to one partner; without Muziekschool: Noord × Cultuur empty. Voetbalclub leaves Zuid
    # × Sport with one partner; Dansgroep (no activity) and Welzijn Zuid (no hub) cost
    # nothing.
    ranking = pdf_section(out, "6. Kwetsbaarste partners")
    assert "1 Judoschool 1 900" in ranking and "2 Muziekschool 1 900" in ranking
    assert ranking.index("Voetbalclub") < ranking.index("Dansgroep")


def test_the_report_of_the_store_compares_with_the_newest_snapshot(runner, nets, env, tmp_path):
    ok(runner.invoke(cli, ["load", str(nets["oud"])], env=env))
    ok(runner.invoke(cli, ["load", str(nets["nieuw"])], env=env))  # saves OUD as a snapshot
    (snapshot,) = ok(runner.invoke(cli, ["restore", "--list"], env=env)).split()
    out = tmp_path / "rapport.pdf"
    ok(
        runner.invoke(
            cli, ["analyse", "--from-store", "--format", "pdf", "--out", str(out)], env=env
        )
    )
    changed = pdf_section(out, "4. Wat is er veranderd sinds de vorige versie")
    assert f"Van {snapshot} naar huidig netwerk." in changed
    assert "Veranderd: activiteit: 1 nieuw, 1 weg." in changed


def test_the_report_without_a_previous_version_compares_schooljaren(runner, nets, env, tmp_path):
    out = tmp_path / "een-jaar.pdf"
    ok(
        runner.invoke(
            cli, ["analyse", str(nets["oud"]), "--format", "pdf", "--out", str(out)], env=env
        )
    )
    changed = pdf_section(out, "4. Wat is er veranderd sinds de vorige versie")
    assert "Er is geen vorige versie om mee te vergelijken." in changed
    out = tmp_path / "jaren.pdf"
    ok(
        runner.invoke(
            cli, ["analyse", str(nets["jaren"]), "--format", "pdf", "--out", str(out)], env=env
        )
    )
    changed = pdf_section(out, "4. Wat is er veranderd sinds de vorige versie")
    assert f"Van schooljaar {EARLIER} naar schooljaar {YEAR}." in changed
    assert "Gaten: 1 × nieuw gat: nog één partner, 1 × gat gesloten." in changed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "Geef bij --format pdf een --out bestand.pdf op."),
        (["--vorige", "huidig"], "--vorige hoort bij --format pdf"),
        (["--format", "pdf", "--out", "r.pdf", "--schooljaar", "2030-2031"],
         "Schooljaar 2030-2031 komt niet voor in de gegevens; wel: 2024-2025."),
        (["--format", "pdf", "--out", "r.pdf", "--vorige", "bestaat-niet"],
         "'bestaat-niet' is geen bestaande map of bestand, geen snapshot en niet 'huidig'."),
    ],
)  # fmt: skip
def test_the_report_called_wrongly(runner, nets, env, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = fails_in_one_line(runner.invoke(cli, ["analyse", str(nets["oud"]), *args], env=env))
    assert line.startswith(f"Fout: {message}")
    assert not (tmp_path / "r.pdf").exists()
