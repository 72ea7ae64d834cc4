"""The readers of the publishers' own files (DUO, CBS, the geocoded school points).

On the real files in ``../shared/real`` every expected value is counted here from the raw
file with the csv or json module, never taken from the readers' output; small files made
here cover every error path, with Dutch messages naming file, row, column and value.
"""

from __future__ import annotations

import csv
import functools
import json
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from lea_graph.errors import ReadError
from lea_graph.ingest.cbs import read_cbs
from lea_graph.ingest.duo import (
    Schoolpunt,
    parse_count,
    read_leerlingen_historie,
    read_leerlingen_postcode,
    read_leerlingen_postcode_map,
    read_schoolpunten,
    read_vestigingen,
)
from lea_graph.ingest.publiek import (
    Range,
    detect_format,
    gemeente_code,
    gemeente_naam_key,
    select_gemeente,
)

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
BO = REAL / "duo" / "02.-alle-schoolvestigingen-basisonderwijs.csv"
HISTORIE = REAL / "duo" / "06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv"
PC4 = REAL / "duo" / "po-leerlingen-pc4-leeftijd-2024"
PUNTEN = REAL / "duo" / "scholen-20241122.geo.zip"
CBS = REAL / "cbs"


@pytest.fixture(scope="module")
def real() -> Path:
    if not REAL.exists():
        pytest.skip(f"public files not found at {REAL}")
    return REAL


# -- independent counts from the raw files ------------------------------------------------------


@functools.cache
def raw_csv(path: Path, encoding: str) -> tuple[dict[str, str], ...]:
    with path.open(encoding=encoding, newline="") as fh:
        return tuple(csv.DictReader(fh, delimiter=";"))


def raw_bo() -> tuple[dict[str, str], ...]:
    return raw_csv(BO, "cp1252")


def raw_historie() -> tuple[dict[str, str], ...]:
    return raw_csv(HISTORIE, "utf-8-sig")


@functools.cache
def raw_points() -> list[dict]:
    with zipfile.ZipFile(PUNTEN) as zf:
        return json.loads(zf.read("scholen.geo.json"))["features"]


def codes_of(rows) -> set[str]:
    return {r.vestigingscode for r in rows}


def errors(problems):
    return [p for p in problems if p.severity == "fout"]


# -- formats -------------------------------------------------------------------------------------


def test_each_real_file_is_recognised_by_its_header(real):
    assert detect_format(BO) == "duo-vestigingen"
    assert detect_format(HISTORIE) == "duo-leerlingen-historie"
    assert detect_format(PC4 / "Tilburg afgeschermd.csv") == "duo-leerlingen-postcode"
    assert detect_format(PUNTEN) == "duo-schoolpunten"
    assert detect_format(CBS / "kerncijfers-2024-tilburg.csv") == "cbs-kerncijfers"
    assert detect_format(CBS / "wijkkaart-2020-tilburg.csv") == "cbs-wijkkaart"
    assert detect_format(CBS / "inkomen-2020-tilburg.csv") == "cbs-inkomen"
    assert detect_format(PC4 / "postcode_coords.csv") is None


# -- DUO school locations ------------------------------------------------------------------------


def test_the_whole_country_is_read_without_problems(real):
    rows, problems = read_vestigingen(BO)
    assert problems == []
    assert len(rows) == len(raw_bo()) == 6122
    assert {v.sector for v in rows} == {"po"}  # the basisonderwijs list has no type column
    assert codes_of(rows) == {r["VESTIGINGSCODE"] for r in raw_bo()}


@pytest.mark.parametrize("given", ["Tilburg", "TILBURG", "855", "0855", "GM0855"])
def test_tilburg_has_56_locations_in_four_plaatsen(real, given):
    raw = [r for r in raw_bo() if r["GEMEENTENAAM"] == "TILBURG"]
    assert len(raw) == 56
    rows, problems = read_vestigingen(BO, given)
    assert problems == []
    assert codes_of(rows) == {r["VESTIGINGSCODE"] for r in raw}
    assert Counter(v.plaats for v in rows) == Counter(r["PLAATSNAAM"] for r in raw)
    assert {v.plaats for v in rows} == {"TILBURG", "BERKEL-ENSCHOT", "UDENHOUT", "BIEZENMORTEL"}
    one = next(v for v in rows if v.vestigingscode == "15AB00")
    assert (one.naam, one.postcode, one.huisnummer, one.gemeentecode) == (
        "Basisschool Koningshaven",
        "5021AN",
        "24-B",
        "0855",
    )


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("'s-Hertogenbosch", "0796"),  # DUO: S HERTOGENBOSCH
        ("Súdwest-Fryslân", "1900"),  # DUO: SUDWEST-FRYSLAN
        ("Bergen (L.)", "0893"),  # DUO: BERGEN LB
    ],
)
def test_gemeenten_of_other_shapes(real, given, code):
    raw = [r for r in raw_bo() if r["GEMEENTENUMMER"] == code]
    rows, problems = read_vestigingen(BO, given)
    assert problems == []
    assert codes_of(rows) == {r["VESTIGINGSCODE"] for r in raw}
    assert len({v.plaats for v in rows}) == len({r["PLAATSNAAM"] for r in raw}) > 2
    assert codes_of(read_vestigingen(BO, code)[0]) == codes_of(rows)


def test_a_location_without_gemeente_name_is_found_by_its_code(real):
    """Two new schools in Veghel have GEMEENTENAAM ' ' but GEMEENTENUMMER 1948."""
    raw = [r for r in raw_bo() if r["GEMEENTENUMMER"] == "1948"]
    nameless = [r for r in raw if not r["GEMEENTENAAM"].strip()]
    assert len(nameless) == 2
    rows, problems = read_vestigingen(BO, "Meierijstad")
    assert codes_of(rows) == {r["VESTIGINGSCODE"] for r in raw}
    assert [p.severity for p in problems] == ["waarschuwing", "waarschuwing"]
    assert all("1948" in p.message and "MEIERIJSTAD" in p.message for p in problems)
    assert [(p.row, p.column) for p in problems] == [
        (i + 2, "GEMEENTENAAM") for i, r in enumerate(raw_bo()) if r in nameless
    ]


# -- DUO pupils per year -------------------------------------------------------------------------


def test_tilburg_2025_counts_per_sector(real):
    """The README's figures (55 BO with 15,621 pupils, 3 SBO with 495), counted again."""
    raw = [r for r in raw_historie() if r["GEMEENTECODE_VESTIGING"] == "855"]
    with_pupils: dict[str, list[int]] = defaultdict(list)
    for r in raw:
        assert r["LEERLINGEN_2025"].isdigit()  # no '<5' in Tilburg's 2025: exact sums
        if int(r["LEERLINGEN_2025"]) > 0:
            with_pupils[r["SOORT_VESTIGING"]].append(int(r["LEERLINGEN_2025"]))
    assert (len(with_pupils["BO"]), sum(with_pupils["BO"])) == (55, 15621)
    assert (len(with_pupils["SBO"]), sum(with_pupils["SBO"])) == (3, 495)

    rows, problems = read_leerlingen_historie(HISTORIE, "Tilburg")
    assert problems == []
    assert len(rows) == len(raw)
    for soort, counts in with_pupils.items():
        ours = [h.tellingen["2025-2026"] for h in rows if h.soort == soort]
        ours = [n for n in ours if n.high > 0]
        assert all(n.exact for n in ours)
        assert (len(ours), sum(ours)) == (len(counts), Range(sum(counts), sum(counts)))
    assert {h.sector for h in rows if h.soort == "SBO"} == {"sbo"}


def test_the_count_of_1_october_belongs_to_the_schooljaar_it_starts(real):
    raw = next(r for r in raw_historie() if r["VESTIGINGSCODE"] == "01FX00")
    rows, _ = read_leerlingen_historie(HISTORIE, "0855")
    ours = next(h for h in rows if h.vestigingscode == "01FX00")
    assert list(ours.tellingen)[::29] == ["1996-1997", "2025-2026"]
    assert ours.tellingen["2024-2025"] == Range(
        int(raw["LEERLINGEN_2024"]), int(raw["LEERLINGEN_2024"])
    )
    assert ours.bron("2024-2025").credit() == "Bron: DUO, 1 oktober 2024"


def test_a_closed_school_keeps_its_zeros_and_its_last_year(real):
    raw = next(r for r in raw_historie() if r["VESTIGINGSCODE"] == "00SR00")
    years = [int(k[-4:]) for k, v in raw.items() if k.startswith("LEERLINGEN_") and v != "0"]
    last = max(years)
    rows, _ = read_leerlingen_historie(HISTORIE, "Tilburg")
    ours = next(h for h in rows if h.vestigingscode == "00SR00")
    assert ours.laatste_schooljaar_met_leerlingen == f"{last}-{last + 1}"
    assert ours.tellingen["2025-2026"] == Range(0, 0)
    assert str(ours.tellingen["2025-2026"]) == "0"


def test_every_screened_count_of_the_country_is_a_range(real):
    screened = sum(v == "<5" for r in raw_historie() for k, v in r.items() if k.startswith("LEER"))
    assert screened > 0  # DUO screens a few here too
    rows, problems = read_leerlingen_historie(HISTORIE)
    assert problems == []
    ours = [n for h in rows for n in h.tellingen.values() if not n.exact]
    assert len(ours) == screened and set(ours) == {Range(1, 4)}


def test_other_gemeenten_in_the_pupil_history(real):
    for given, code in (("'s-Hertogenbosch", "796"), ("SÚDWEST-FRYSLÂN", "1900")):
        raw = [r for r in raw_historie() if r["GEMEENTECODE_VESTIGING"] == code]
        rows, problems = read_leerlingen_historie(HISTORIE, given)
        assert problems == [] and codes_of(rows) == {r["VESTIGINGSCODE"] for r in raw}


# -- DUO pupils per postcode ---------------------------------------------------------------------


def raw_pc4(name: str) -> tuple[dict[str, str], ...]:
    return raw_csv(PC4 / name, "utf-8-sig")


def raw_tally(rows) -> tuple[int, int]:
    """(exact sum, number of '<5' cells) of the age cells of some raw rows."""
    exact = screened = 0
    for r in rows:
        for k, v in r.items():
            if k.startswith("LEEFTIJD_"):
                if v == "<5":
                    screened += 1
                else:
                    exact += int(v)
    return exact, screened


def test_screened_cells_of_one_location_make_a_range(real):
    raw = [
        r
        for r in raw_pc4("Tilburg afgeschermd.csv")
        if r["INSTELLINGSCODE"] + r["VESTIGINGSCODE"] == "01FX00"
    ]
    exact, screened = raw_tally(raw)
    assert screened > 0
    result, problems = read_leerlingen_postcode(PC4 / "Tilburg afgeschermd.csv")
    assert problems == []
    assert result.published.credit() == "Bron: DUO, 1 oktober 2024"
    ours = result.vestigingen["01FX00"]
    assert ours.afgeschermd == screened
    assert ours.totaal == Range(exact + screened, exact + 4 * screened)
    # Own gemeente, elsewhere and unknown add up to the total, each a range of its own.
    own = [r for r in raw if r["GEMEENTENAAM_LEERLING"] == "Tilburg"]
    unknown = [r for r in raw if r["POSTCODE_LEERLING"] == "40"]
    e, s = raw_tally(own)
    assert ours.eigen_gemeente == Range(e + s, e + 4 * s)
    e, s = raw_tally(unknown)
    assert ours.onbekend == Range(e + s, e + 4 * s)
    assert ours.eigen_gemeente + ours.elders + ours.onbekend == ours.totaal
    one = raw[0]["POSTCODE_LEERLING"]
    e, s = raw_tally([r for r in raw if r["POSTCODE_LEERLING"] == one])
    assert ours.per_postcode[one] == Range(e + s, e + 4 * s)


def test_all_tilburg_locations_of_the_pupil_file(real):
    raw = raw_pc4("Tilburg afgeschermd.csv")
    codes = {r["INSTELLINGSCODE"] + r["VESTIGINGSCODE"] for r in raw}
    result, problems = read_leerlingen_postcode_map(PC4, "GM0855")
    assert problems == [] and set(result.vestigingen) == codes
    exact, screened = raw_tally(raw)
    total = sum(h.totaal for h in result.vestigingen.values())
    assert total == Range(exact + screened, exact + 4 * screened)


@pytest.mark.parametrize(
    ("given", "file"),
    [
        ("'S-HERTOGENBOSCH", "'s-Hertogenbosch afgeschermd.csv"),
        ("De Fryske Marren", "De Fryske Marren afgeschermd.csv"),
        ("BERGEN LB", "Bergen (L.) afgeschermd.csv"),  # DUO's register spelling
    ],
)
def test_the_folder_reader_picks_the_gemeente_file(real, given, file):
    raw = raw_pc4(file)
    result, problems = read_leerlingen_postcode_map(PC4, given)
    assert problems == []
    assert set(result.vestigingen) == {r["INSTELLINGSCODE"] + r["VESTIGINGSCODE"] for r in raw}
    own = raw[0]["GEMEENTENAAM"]
    e, s = raw_tally(r for r in raw if r["GEMEENTENAAM_LEERLING"] == own)
    assert sum(h.eigen_gemeente for h in result.vestigingen.values()) == Range(e + s, e + 4 * s)


def test_the_whole_folder_and_what_it_skips(real):
    codes = set()
    for f in PC4.glob("* afgeschermd.csv"):
        codes |= {r["INSTELLINGSCODE"] + r["VESTIGINGSCODE"] for r in raw_pc4(f.name)}
    result, problems = read_leerlingen_postcode_map(PC4)
    assert set(result.vestigingen) == codes
    assert [p.severity for p in problems] == ["waarschuwing"]
    assert "postcode_coords.csv" in problems[0].message
    assert "Ridderkerk afgeschermd.csv (leeg)" in problems[0].message


def test_gemeente_names_of_duo_and_cbs_spellings_meet(real):
    """Per gemeente code, the register's capitals, the history's and the pupil files' names
    have one key (e.g. BERGEN LB, BERGEN (L.) and Bergen (L.))."""
    names: dict[str, set[str]] = defaultdict(set)
    for r in raw_bo():
        if r["GEMEENTENAAM"].strip():
            names[r["GEMEENTENUMMER"]].add(r["GEMEENTENAAM"])
    for r in raw_historie():
        names[r["GEMEENTECODE_VESTIGING"].zfill(4)].add(r["GEMEENTENAAM_VESTIGING"])
    for f in PC4.glob("* afgeschermd.csv"):
        for r in raw_pc4(f.name)[:1]:
            names[r["GEMEENTENUMMER"]].add(r["GEMEENTENAAM"])
    assert any(len(v) > 2 for v in names.values())
    assert {c for c, v in names.items() if len({gemeente_naam_key(n) for n in v}) > 1} == set()


# -- the school points ---------------------------------------------------------------------------


def test_tilburg_points_without_the_copys_pupil_estimate(real):
    raw = [f for f in raw_points() if f["properties"]["gemeente"] == "TILBURG"]
    points, problems = read_schoolpunten(PUNTEN, "Tilburg")
    assert codes_of(points) == {f["properties"]["vestigingscode"] for f in raw}
    assert len(points) == 79
    assert "leerlingen" not in Schoolpunt.__dataclass_fields__
    twice = Counter(f["properties"]["vestigingscode"] for f in raw)
    assert [code for code, n in twice.items() if n > 1] == ["15AB00"]
    by_code = {p.vestigingscode: p for p in points}
    assert len(by_code["15AB00"].punten) == 2
    assert [p.severity for p in problems] == ["waarschuwing"] and "15AB00" in problems[0].message
    first = raw[0]
    ours = by_code[first["properties"]["vestigingscode"]]
    assert ours.punt == tuple(first["geometry"]["coordinates"])
    assert ours.naam == first["properties"]["naam"]
    kinds = Counter(p.sector for p in points)
    for sector, kind in (("po", "basisschool"), ("sbo", "SBAO")):
        codes = {f["properties"]["vestigingscode"] for f in raw if f["properties"]["type"] == kind}
        assert kinds[sector] == len(codes)


def test_points_of_another_gemeente_and_by_code(real):
    raw = {
        f["properties"]["vestigingscode"]
        for f in raw_points()
        if f["properties"]["gemeente"] == "S HERTOGENBOSCH"
    }
    points, _ = read_schoolpunten(PUNTEN, "'s-Hertogenbosch")
    assert codes_of(points) == raw
    points, problems = read_schoolpunten(PUNTEN, select_gemeente("0796", "'s-Hertogenbosch"))
    assert codes_of(points) == raw
    points, problems = read_schoolpunten(PUNTEN, "0796")
    assert points == [] and "alleen bij naam" in problems[0].message


# -- CBS -----------------------------------------------------------------------------------------


def raw_cbs(name: str) -> dict[str, dict[str, str]]:
    with (CBS / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    key = "WK_CODE" if "WK_CODE" in rows[0] else "regio_code"
    return {r[key]: r for r in rows}


def test_cbs_kerncijfers_of_one_wijk(real):
    raw = raw_cbs("kerncijfers-2024-tilburg.csv")
    table, problems = read_cbs(CBS / "kerncijfers-2024-tilburg.csv", "GM0855")
    assert problems == [] and set(table.regios) == set(raw)
    wijk = table.regios["WK085510"]
    assert wijk.soort == "wijk" and wijk.naam == ""
    assert wijk.cijfers["inwoners"].value == int(raw["WK085510"]["AantalInwoners_5"])
    assert wijk.cijfers["woningen"].value == int(raw["WK085510"]["Woningvoorraad_35"])
    assert wijk.cijfers["inwoners"].credit() == "Bron: CBS, 1 januari 2024"
    assert table.regios["GM0855"].soort == "gemeente"
    table, problems = read_cbs(CBS / "kerncijfers-2024-tilburg.csv", "Tilburg")
    assert table is None and "alleen bij code" in problems[0].message


def test_cbs_wijk_map_secret_figures_are_none(real):
    raw = raw_cbs("wijkkaart-2020-tilburg.csv")
    table, problems = read_cbs(CBS / "wijkkaart-2020-tilburg.csv", "Tilburg")
    assert problems == [] and set(table.regios) == set(raw)
    hoogvenne = table.regios["WK085511"]
    assert hoogvenne.naam == raw["WK085511"]["WK_NAAM"]
    share = hoogvenne.cijfers["aandeel_0_14_pct"]
    assert share.value == int(raw["WK085511"]["P_00_14_JR"]) and isinstance(share.value, int)
    assert (share.year, share.credit()) == (2020, "Bron: CBS, 1 januari 2020")
    secret = [c for c, r in raw.items() if r["P_00_14_JR"] == "-99999999"]
    assert len(secret) > 0
    ours = [c for c, r in table.regios.items() if r.cijfers["aandeel_0_14_pct"].value is None]
    assert ours == secret
    assert all(
        f.value is None or f.value >= 0 for r in table.regios.values() for f in r.cijfers.values()
    )


def test_cbs_income_empty_is_secret(real):
    raw = raw_cbs("inkomen-2020-tilburg.csv")
    table, problems = read_cbs(CBS / "inkomen-2020-tilburg.csv", "Tilburg")
    assert problems == [] and set(table.regios) == set(raw)
    empty = {c for c, r in raw.items() if r["pct_hh_laagste40pct_besteedbaar_inkomen"] == ""}
    ours = {
        c for c, r in table.regios.items() if r.cijfers["aandeel_hh_laagste_40_pct"].value is None
    }
    assert ours == empty and len(empty) > 0
    binnenstad = table.regios["WK085510"].cijfers["aandeel_hh_laagste_40_pct"]
    assert binnenstad.value == float(raw["WK085510"]["pct_hh_laagste40pct_besteedbaar_inkomen"])
    assert binnenstad.credit() == "Bron: CBS, 2020"


# -- hand-made files: every error path -----------------------------------------------------------

BO_HEADER = (
    "PROVINCIE;BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;STRAATNAAM;"
    "HUISNUMMER-TOEVOEGING;POSTCODE;PLAATSNAAM;GEMEENTENUMMER;GEMEENTENAAM;DENOMINATIE"
)
HIST_HEADER = (
    "INSTELLINGSCODE;VESTIGINGSCODE;NAAM_VESTIGING;SOORT_VESTIGING;DENOMINATIE_VESTIGING;"
    "BEVOEGD_GEZAG_NUMMER;GEMEENTECODE_VESTIGING;GEMEENTENAAM_VESTIGING;LEERLINGEN_2024;"
    "LEERLINGEN_2025"
)
PC4_HEADER = (
    '"PEILDATUM";"GEMEENTENUMMER";"GEMEENTENAAM";"POSTCODE_LEERLING";"GEMEENTENAAM_LEERLING";'
    '"INSTELLINGSCODE";"VESTIGINGSCODE";"INSTELLINGSNAAM_VESTIGING";"POSTCODE_VESTIGING";'
    '"PLAATSNAAM";"SOORT_PO";"LEEFTIJD_4";"LEEFTIJD_5"'
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def only(problems):
    assert len(problems) == 1, [p.to_text() for p in problems]
    return problems[0]


def test_an_unknown_header_names_the_known_formats(tmp_path):
    path = write(tmp_path, "scholen.csv", "id;naam\r\ns-1;De Vonder\r\n")
    for reader in (read_vestigingen, read_leerlingen_historie, read_cbs, read_leerlingen_postcode):
        result, problems = reader(path)
        p = only(problems)
        assert (p.source, p.row, p.value, p.severity) == ("scholen.csv", 1, "id;naam", "fout")
        assert "'scholen.csv' is geen bestand dat LEA Graph kent" in p.message
        for known in ("Alle schoolvestigingen", "Historisch overzicht", "postcode leerling",
                      "schoolpunten", "Kerncijfers", "wijk- en buurtkaart", "Inkomen"):  # fmt: skip
            assert known in p.message
        assert not result


def test_a_file_of_another_format_says_which_it_is(tmp_path):
    path = write(tmp_path, "k.csv", "regio_code,soort_regio,AantalInwoners_5\nGM0855,Gemeente,1\n")
    p = only(read_vestigingen(path)[1])
    assert p.message == (
        "'k.csv' is CBS 'Kerncijfers wijken en buurten 2024' (tabel 85984NED), niet DUO "
        "'Alle schoolvestigingen' (basisonderwijs, sbo en (v)so, of vo)."
    )


def test_a_header_that_lacks_a_column(tmp_path):
    header = BO_HEADER.replace("POSTCODE;", "")
    p = only(read_vestigingen(write(tmp_path, "bo.csv", header + "\r\n"))[1])
    assert "lijkt op DUO 'Alle schoolvestigingen'" in p.message
    assert p.message.endswith("maar de kolom POSTCODE ontbreekt.")


def test_an_empty_file(tmp_path):
    p = only(read_vestigingen(write(tmp_path, "leeg.csv", ""))[1])
    assert p.message == "'leeg.csv' is leeg: er staat geen kopregel in."


def test_a_windows_1252_register_and_a_bom_register(tmp_path):
    row = "Noord-Brabant;1;32EH;32EH00;Kindcentrum Één;Straat;3-A;5026 PN;TILBURG;0855;TILBURG;Openbaar"
    for name, encoding, prefix in (("ansi.csv", "cp1252", ""), ("bom.csv", "utf-8", "\ufeff")):
        path = write(tmp_path, name, f"{prefix}{BO_HEADER}\r\n{row}\r\n", encoding)
        rows, problems = read_vestigingen(path, "Tilburg")
        assert problems == []
        assert [(v.naam, v.postcode, v.huisnummer, v.sector) for v in rows] == [
            ("Kindcentrum Één", "5026PN", "3-A", "po")
        ]


def test_damaged_utf8_is_refused_at_its_line(tmp_path):
    row = "Noord-Brabant;1;32EH;32EH00;Één;S;3;5026 PN;TILBURG;0855;TILBURG;O"
    data = f"{BO_HEADER}\r\n{row}\r\n".encode() + "x;Ééé\r\n".encode("cp1252")
    (tmp_path / "kapot.csv").write_bytes(data)
    with pytest.raises(ReadError, match=r"kapot.csv, regel 3: dit bestand is opgeslagen als UTF-8"):
        read_vestigingen(tmp_path / "kapot.csv")


def test_row_errors_of_a_register_name_row_column_and_value(tmp_path):
    text = (
        f"{BO_HEADER};SOORT PO\r\n"
        "NB;1;32EH;32EH0;School A;S;1;5026 PN;TILBURG;0855;TILBURG;O;Bo\r\n"
        "NB;1;32EH;32EH01;;S;1;5026 PN;TILBURG;0855;TILBURG;O;Bo\r\n"
        "NB;1;32EH;32EH02;School C;S;1;onbekend;TILBURG;0855;TILBURG;O;Sbo\r\n"
        "NB;1;32EH;32EH03;School D;S;1;5026 PN;TILBURG;0855;TILBURG;O;Mbo\r\n"
        "NB;1;32EH;32EH04;School E;S;1;5026 PN;TILBURG;85x;TILBURG;O;So\r\n"
    )
    rows, problems = read_vestigingen(write(tmp_path, "sbo.csv", text))
    assert [(v.vestigingscode, v.sector, v.postcode) for v in rows] == [("32EH02", "sbo", "")]
    found = [(p.row, p.column, p.value, p.severity) for p in problems]
    assert found == [
        (2, "VESTIGINGSCODE", "32EH0", "fout"),
        (3, "VESTIGINGSNAAM", "", "fout"),
        (4, "POSTCODE", "onbekend", "waarschuwing"),
        (5, "SOORT PO", "Mbo", "fout"),
        (6, "GEMEENTENUMMER", "85x", "fout"),
    ]
    assert problems[0].to_text() == (
        "sbo.csv, rij 2, kolom 'VESTIGINGSCODE': waarde '32EH0': Verwacht een vestigingscode "
        "van 6 tekens die begint met de BRIN, zoals 32EH00."
    )
    assert problems[3].message == "Onbekende soort school; DUO gebruikt Bo, Sbo, So, Vso en (V)SO."


def test_vo_and_old_layouts(tmp_path):
    vo = write(
        tmp_path,
        "vo.csv",
        f"{BO_HEADER};ONDERWIJSSTRUCTUUR\r\nNB;1;16SW;16SW03;Metameer;S;5;5831 CR;BOXMEER;"
        "1982;LAND VAN CUIJK;RK;VBO/MAVO\r\n",
    )
    rows, problems = read_vestigingen(vo)
    assert problems == [] and [(v.sector, v.soort) for v in rows] == [("vo", "VBO/MAVO")]
    old = write(
        tmp_path,
        "oud.csv",
        "BRIN NUMMER;VESTIGINGSNUMMER;VESTIGINGSNAAM;POSTCODE;PLAATSNAAM;GEMEENTENAAM\n"
        "99XD;1;Het Baken;5041 ZZ;TILBURG;Tilburg\n",
    )
    assert "zegt niet welke sector" in only(read_vestigingen(old)[1]).message
    rows, problems = read_vestigingen(old, sector="vo")
    assert problems == [] and [(v.vestigingscode, v.sector) for v in rows] == [("99XD01", "vo")]


def test_the_special_education_list_gives_the_sector_per_row(tmp_path):
    text = (
        f"SOORT PRIMAIR ONDERWIJS;{BO_HEADER}\r\n"
        "SBAO;NB;1;06VR;06VR00;De Reitse Hoeve;S;1;5037 AA;TILBURG;0855;TILBURG;RK\r\n"
        "(V)SO;NB;1;01FX;01FX00;ZML De Bodde;S;1;5044 EL;TILBURG;0855;TILBURG;RK\r\n"
        "VSO;NB;1;00AO;00AO00;De Bolster;S;1;7383 AA;VOORST;0285;VOORST;PC\r\n"
    )
    rows, problems = read_vestigingen(write(tmp_path, "so.csv", text, "cp1252"), "Tilburg")
    assert problems == []
    assert [(v.vestigingscode, v.sector, v.soort) for v in rows] == [
        ("06VR00", "sbo", "SBAO"),
        ("01FX00", "so", "(V)SO"),
    ]


def test_an_unknown_gemeente_in_every_reader(tmp_path):
    bo = write(
        tmp_path,
        "bo.csv",
        f"{BO_HEADER}\r\nNB;1;32EH;32EH00;A;S;1;5026 PN;TILBURG;0855;TILBURG;O\r\n",
    )
    p = only(read_vestigingen(bo, "Tilbrug")[1])
    assert p.message == (
        "Gemeente 'Tilbrug' komt niet voor in het DUO-bestand 'bo.csv'. Bedoelt u 'TILBURG'?"
    )
    assert (p.value, p.source, p.severity) == ("Tilbrug", "bo.csv", "fout")
    hist = write(tmp_path, "h.csv", f"{HIST_HEADER}\n32EH;32EH00;A;BO;O;1;855;TILBURG;3;4\n")
    assert "komt niet voor" in only(read_leerlingen_historie(hist, "Breda")[1]).message
    pc4 = write(
        tmp_path,
        "p.csv",
        f'\ufeff{PC4_HEADER}\n"20241001";"0855";"Tilburg";"5038";"Tilburg";"32EH";"00";"A";'
        '"5026PN";"TILBURG";"Bo";"3";"<5"\n',
    )
    assert "komt niet voor" in only(read_leerlingen_postcode(pc4, "0758")[1]).message
    result, problems = read_leerlingen_postcode_map(tmp_path, "Breda")
    assert result is None and "komt niet voor in de map" in problems[-1].message
    assert "Niet gelezen: bo.csv" in problems[-1].message
    cbs = write(tmp_path, "c.csv", "regio_code,regio_naam,pct_hh_laagste40pct_besteedbaar_inkomen\n"
                "GM0855,Tilburg,48.2\nWK085510,Binnenstad,68.1\n")  # fmt: skip
    table, problems = read_cbs(cbs, "Tilburg")
    assert problems == [] and set(table.regios) == {"GM0855", "WK085510"}
    assert "Bedoelt u 'Tilburg'" in only(read_cbs(cbs, "Tilbrug")[1]).message


def test_pupil_history_bad_numbers_and_screened_counts(tmp_path):
    text = (
        f"\ufeff{HIST_HEADER}\r\n"
        "32EH;32EH00;A;BO;O;1;855;TILBURG;<5;12a\r\n"
        "32EH;32EH01;B;SBO;O;1;855;TILBURG;0;-3\r\n"
        "32EH;32EH02;C;MBO;O;1;855;TILBURG;1;1\r\n"
    )
    rows, problems = read_leerlingen_historie(write(tmp_path, "h.csv", text))
    assert [(h.vestigingscode, h.tellingen) for h in rows] == [
        ("32EH00", {"2024-2025": Range(1, 4)}),
        ("32EH01", {"2024-2025": Range(0, 0)}),
    ]
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "LEERLINGEN_2025", "12a"),
        (3, "LEERLINGEN_2025", "-3"),
        (4, "SOORT_VESTIGING", "MBO"),
    ]
    assert problems[0].to_text() == (
        "h.csv, rij 2, kolom 'LEERLINGEN_2025': waarde '12a': Verwacht een aantal leerlingen: "
        "een heel getal van 0 of meer, of '<5' (1 tot 4)."
    )


def test_pupils_per_postcode_with_screened_and_bad_cells(tmp_path):
    rows = [
        '"20241001";"0855";"Tilburg";"5038";"Tilburg";"32EH";"00";"A";"5026PN";"TILBURG";"Bo";"3";"<5"',
        '"20241001";"0855";"Tilburg";"4811";"Breda";"32EH";"00";"A";"5026PN";"TILBURG";"Bo";"<5";"<5"',
        '"20241001";"0855";"Tilburg";"40";"Onbekend";"32EH";"00";"A";"5026PN";"TILBURG";"Bo";"0";"<5"',
        '"20241001";"0855";"Tilburg";"5038";"Tilburg";"32EH";"00";"A";"5026PN";"TILBURG";"Sbo";"7";"0"',
        '"20241001";"0855";"Tilburg";"5038";"Tilburg";"32EH";"00";"A";"5026PN";"TILBURG";"Bo";"<6";"0"',
        '"20241001";"0855";"Tilburg";"503";"Tilburg";"32EH";"00";"A";"5026PN";"TILBURG";"Bo";"1";"0"',
    ]
    path = write(
        tmp_path, "Tilburg afgeschermd.csv", "\ufeff" + PC4_HEADER + "\n" + "\n".join(rows) + "\n"
    )
    result, problems = read_leerlingen_postcode(path, "Tilburg")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (6, "LEEFTIJD_4", "<6"),
        (7, "POSTCODE_LEERLING", "503"),
    ]
    a = result.vestigingen["32EH00"]
    assert a.per_postcode == {"4811": Range(2, 8), "40": Range(1, 4), "5038": Range(11, 14)}
    assert a.per_sector == {"po": Range(7, 19), "sbo": Range(7, 7)}
    assert (a.eigen_gemeente, a.elders, a.onbekend) == (Range(11, 14), Range(2, 8), Range(1, 4))
    assert a.totaal == Range(14, 26) and a.afgeschermd == 4
    assert str(a.totaal) == "14–26"


def test_cbs_bad_numbers_and_secret_markers(tmp_path):
    text = (
        "regio_code,soort_regio,AantalInwoners_5,Mannen_6\n"
        "GM0855,Gemeente,229836,114574\n"
        "WK085510,Wijk,8O65,<5\n"
        "WK085511,Wijk,,-99999999\n"
        "WK08551,Wijk,1,1\n"
    )
    table, problems = read_cbs(write(tmp_path, "k.csv", text), "0855")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "AantalInwoners_5", "8O65"),
        (3, "Mannen_6", "<5"),
        (5, "regio_code", "WK08551"),
    ]
    assert problems[0].to_text().startswith("k.csv, rij 3, kolom 'AantalInwoners_5': waarde '8O65'")
    assert table.regios["WK085510"].cijfers == {}
    secret = table.regios["WK085511"].cijfers
    assert secret["inwoners"].value is None and secret["mannen"].value is None


def test_the_points_file_errors(tmp_path):
    def feature(code, geometry, gemeente="TILBURG"):
        props = {"vestigingscode": code, "brin_nummer": code[:4], "naam": "A", "gemeente": gemeente,
                 "type": "basisschool", "leerlingen": 119}  # fmt: skip
        return {"type": "Feature", "properties": props, "geometry": geometry}

    fc = {
        "type": "FeatureCollection",
        "features": [
            feature("32EH00", {"type": "Point", "coordinates": [5.1, 51.55]}),
            feature("32EH01", {"type": "Polygon", "coordinates": []}),
            feature("32EH02", {"type": "Point", "coordinates": [133000, 397000]}),
            feature("32EH0X", {"type": "Point", "coordinates": [5.1, 51.55]}),
            feature("32EH03", {"type": "Point", "coordinates": [12.5, 41.9]}),
        ],
    }
    zipped = tmp_path / "punten.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("scholen.geo.json", json.dumps(fc))
    points, problems = read_schoolpunten(zipped, "Tilburg")
    assert [(p.vestigingscode, p.punt, p.sector) for p in points] == [
        ("32EH00", (5.1, 51.55), "po"),
        ("32EH03", (12.5, 41.9), "po"),
    ]
    assert [(p.row, p.column, p.severity) for p in problems] == [
        (2, "geometry", "fout"),
        (3, "geometry", "fout"),
        (4, "vestigingscode", "fout"),
        (5, "geometry", "waarschuwing"),
    ]
    assert "WGS84" in problems[1].message and "RD" in problems[1].message
    two = tmp_path / "twee.zip"
    with zipfile.ZipFile(two, "w") as zf:
        zf.writestr("a.json", "{}")
        zf.writestr("b.geojson", "{}")
    assert "2 GeoJSON-bestanden" in only(read_schoolpunten(two)[1]).message
    other = write(tmp_path, "wijken.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"statcode": "WK085510"}, "geometry": None}]}))  # fmt: skip
    assert "geen eigenschap 'vestigingscode'" in only(read_schoolpunten(other)[1]).message


def test_gemeente_keys_and_codes():
    assert {gemeente_naam_key(n) for n in ("'s-Hertogenbosch", "'S-HERTOGENBOSCH", "S HERTOGENBOSCH")} == {"shertogenbosch"}  # fmt: skip
    assert gemeente_naam_key("Súdwest-Fryslân") == gemeente_naam_key("SUDWEST-FRYSLAN")
    assert gemeente_naam_key("Bergen (NH.)") == gemeente_naam_key("BERGEN NH")
    assert gemeente_naam_key("Bergen (L.)") != gemeente_naam_key("Bergen (NH.)")
    assert {gemeente_code(c) for c in ("855", "0855", "GM0855", "gm0855", 855)} == {"0855"}
    with pytest.raises(ValueError, match="geen gemeentecode"):
        gemeente_code("WK085510")
    with pytest.raises(ValueError, match="Geef een gemeente op"):
        select_gemeente("")
    assert parse_count("<5") == Range(1, 4) and sum([Range(1, 4), Range(2, 2)]) == Range(3, 6)
    with pytest.raises(ValueError):
        Range(3, 2)
