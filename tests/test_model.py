"""The schema is consistent with itself and with the data format."""

from __future__ import annotations

from lea_graph import model


def test_tables_match_the_data_format():
    assert [n.table for n in model.NODE_KINDS] == [
        "ambities",
        "clusters",
        "themas",
        "hubs",
        "partners",
        "programmas",
        "wijken",
        "scholen",
    ]
    assert [r.table for r in model.RELATIONS] == [
        "hub_leden",
        "activiteiten",
        "wijkinzet",
        "samenwerkingen",
        "programma_partners",
    ]
    required = sorted(n.table for n in model.NODE_KINDS if n.required_table)
    assert required == ["hubs", "partners", "scholen", "wijken"]


def test_every_reference_points_at_a_node_table():
    node_tables = {n.table for n in model.NODE_KINDS}
    for spec in model.TABLES.values():
        for col in spec.columns:
            if col.type == "ref":
                assert col.ref and set(col.ref) <= node_tables, (spec.table, col.name)
            if col.type == "enum":
                assert col.values, (spec.table, col.name)
            if col.type == "code":
                assert col.name in model.CODE_FORMATS
            assert col.label and col.help, (spec.table, col.name)


def test_relations_have_their_endpoints_as_required_refs():
    for rel in model.RELATIONS:
        for end in (rel.source, rel.target):
            col = rel.column(end)
            assert col.required and col.type == "ref"


def test_links_follow_reference_columns():
    for link in model.LINKS:
        col = model.table(link.table).column(link.column)
        assert col.type == "ref"
    assert next(lk.title for lk in model.LINKS) == "school ligt in wijk"


def test_names_are_unique():
    labels = [n.label for n in model.NODE_KINDS]
    types = [r.type for r in model.RELATIONS] + [lk.type for lk in model.LINKS]
    kinds = list(model.ALL_KINDS)
    assert len(set(labels)) == len(labels)
    assert len(set(kinds)) == len(kinds)
    # Structural links may share a type (VALT_ONDER is not reused), but relations may not.
    assert len(set(types)) == len(types)
    prefixes = [n.prefix for n in model.NODE_KINDS]
    assert len(set(prefixes)) == len(prefixes)


def test_domains_match_hub_enum():
    assert model.ENUMS["domein"] == (
        "cultuur",
        "sport",
        "techniek",
        "natuur",
        "werk",
        "burgerschap",
    )
