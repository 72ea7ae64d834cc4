"""The JSON API described: an OpenAPI 3.1 document, served at ``/api/v1/openapi.json``.

Every ``/api/v1/…`` endpoint is listed here once, with its Dutch summary (also shown on
the Gegevens page), its parameters, the shape of its answer, its ``API-Version`` header
and its errors as problem details (RFC 9457). A test checks real answers against this
document, and schemathesis fuzzes the API with it.
"""

from __future__ import annotations

from typing import Any

from lea_graph import model
from lea_graph.analytics.coverage import GAP_DEFINITION, GAP_KINDS
from lea_graph.analytics.wijkpartners import SOORTEN
from web.apihttp import API_ROOT, API_VERSION, OPENAPI_PATH

__all__ = ["ENDPOINTS", "PROBLEM", "document"]

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_TABLES = {
    "type": "object",
    "description": "De tabellen van het scherm, per id: titel, uitleg en alle rijen.",
    "additionalProperties": {
        "type": "object",
        "required": ["titel", "uitleg", "rijen"],
        "properties": {
            "titel": _STRING,
            "uitleg": _STRING,
            "rijen": {"type": "array", "items": {"type": "object"}},
        },
    },
}


def _screen(*required: str, **properties: Any) -> dict[str, Any]:
    """The answer of a screen: its facts and its tables."""
    return {
        "type": "object",
        "required": ["tabellen", *required],
        "properties": {"tabellen": _TABLES, **properties},
    }


def _tables_with(
    table_id: str, required: list[str], properties: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    """The tables of a screen, with the rows of one of them described field by field."""
    rows = {"type": "object", "required": required, "properties": properties, **extra}
    return {
        **_TABLES,
        "properties": {
            table_id: {
                "type": "object",
                "required": ["titel", "uitleg", "rijen"],
                "properties": {"titel": _STRING, "uitleg": _STRING,
                               "rijen": {"type": "array", "items": rows}},
            }
        },
    }  # fmt: skip


_YEAR = {"schooljaar": _NULLABLE_STRING}
_SCREEN = _screen("schooljaar", **_YEAR)
_WIJK_SOORT = {"enum": list(model.ENUMS["wijk_soort"]),
               "description": "Soort wijk; in een bedrijventerrein is een cel nooit een gat."}  # fmt: skip
#: The partner counts of a wijk, one per kind, each named as on the pages.
_PARTNER_COUNTS = {
    f"partners_{kind}": {"type": "integer", "minimum": 0, "description": f"{label}: {text}"}
    for kind, (label, text) in SOORTEN.items()
}
_WIJKEN = _screen(
    "schooljaar", **_YEAR,
    tabellen=_tables_with("wijken", ["wijk", "naam", "soort", *_PARTNER_COUNTS, "gaten"],
                          {"wijk": _STRING, "naam": _STRING, "soort": _WIJK_SOORT,
                           **_PARTNER_COUNTS,
                           "gaten": {"type": "integer", "minimum": 0,
                                     "description": f"Aantal hubs met een gat. {GAP_DEFINITION}"}}),
)  # fmt: skip
_WIJK = _screen(
    "wijk", "bereik", "partners", **_YEAR, wijk={"type": "object"}, bereik={"type": "object"},
    partners={
        "type": "object",
        "description": "Het aantal partners in de wijk, per soort.",
        "required": list(SOORTEN),
        "properties": {kind: {"type": "integer", "minimum": 0, "description": f"{label}: {text}"}
                       for kind, (label, text) in SOORTEN.items()},
    },
)  # fmt: skip
_OVERZICHT = _screen(
    "doelen", "aantallen", **_YEAR, doelen={"type": "array"}, aantallen={"type": "object"},
    tabellen=_tables_with(
        "dekking", ["wijk", "wijk_naam", "soort"],
        {"wijk": _STRING, "wijk_naam": _STRING, "soort": _WIJK_SOORT},
        description="Per hub (of domein) een kolom met het aantal partners, `<kolom>__gat` "
        f"met de soort gat ({', '.join(GAP_KINDS)}; null: geen gat) en `<kolom>__namen` "
        f"met hun namen. {GAP_DEFINITION}",
        patternProperties={"__gat$": {"enum": [*GAP_KINDS, None]}},
    ),
)  # fmt: skip
_STATS = {
    "type": "object",
    "required": ["backend", "loaded", "version", "nodes", "edges", "total_nodes", "total_edges"],
    "properties": {
        "backend": {"enum": ["embedded", "neo4j"]},
        "loaded": {"type": "boolean"},
        "version": _NULLABLE_STRING,
        "loaded_at": {
            **_NULLABLE_STRING,
            "format": "date-time",
            "description": "Wanneer het netwerk is geladen: ISO 8601 in Nederlandse tijd, "
            "met de afwijking van UTC (+01:00 of +02:00).",
        },
        "source": _NULLABLE_STRING,
        "nodes": {"type": "object", "additionalProperties": {"type": "integer"}},
        "edges": {"type": "object", "additionalProperties": {"type": "integer"}},
        "total_nodes": {"type": "integer"},
        "total_edges": {"type": "integer"},
    },
}
_SEARCH_HITS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "kind", "naam", "soort"],
        "properties": {
            "id": _STRING,
            "kind": _STRING,
            "naam": _NULLABLE_STRING,
            "soort": _STRING,
            "url": _NULLABLE_STRING,
        },
    },
}
_SEARCH = _screen(
    "zoekterm",
    "resultaten",
    zoekterm=_STRING,
    resultaten=_SEARCH_HITS,
    suggesties={
        "type": "array",
        "items": _STRING,
        "description": "Zonder resultaten: de namen die de zoekterm waarschijnlijk bedoelde "
        "(een tikfout of een accent telt niet).",
    },
    resultaten_suggestie={**_SEARCH_HITS, "description": "De resultaten van de eerste suggestie."},
    suggestie_links={
        "type": "object",
        "additionalProperties": _STRING,
        "description": "Per suggestie die de naam van precies één pagina is: die pagina.",
    },
)
_NODE = {
    "type": "object",
    "required": ["knoop", "soort_naam", "relaties"],
    "properties": {
        "knoop": {"type": "object", "required": ["id", "kind"]},
        "url": _NULLABLE_STRING,
        "soort_naam": _STRING,
        "relaties": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["relatie", "relatie_naam", "richting", "buur", "buur_soort"],
                "properties": {
                    "relatie": _STRING,
                    "relatie_naam": _STRING,
                    "richting": {"enum": ["uit", "in"]},
                    "buur": _STRING,
                    "buur_soort": _STRING,
                    "buur_naam": _NULLABLE_STRING,
                    "buur_url": _NULLABLE_STRING,
                    "eigenschappen": {"type": "object"},
                },
            },
        },
    },
}
_VIEW = {
    "type": "object",
    "required": [
        "nodes",
        "edges",
        "options",
        "legend",
        "message",
        "total_nodes",
        "aggregated",
        "indeling",
        "annotations",
        "focus",
    ],
    "properties": {
        "nodes": {"type": "array", "items": {"type": "object", "required": ["id", "label"]}},
        "edges": {"type": "array", "items": {"type": "object", "required": ["from", "to"]}},
        "options": {"type": "object"},
        "legend": {"type": "array"},
        "message": _STRING,
        "total_nodes": {"type": "integer"},
        "counts": {"type": "object"},
        "aggregated": {"enum": ["", "wijk", "gemeente"]},
        "indeling": {"enum": ["kracht", "hubs", "wijken"]},
        "annotations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["x", "y", "text"],
                "properties": {
                    "x": {"type": "number"},
                    "y": {"type": "number"},
                    "text": _STRING,
                    "size": {"type": "integer"},
                    "align": {"enum": ["left", "right", "center"]},
                },
            },
        },
        "focus": {"type": "array", "items": _STRING},
    },
}
#: An error of the API: problem details (RFC 9457), title and detail in Dutch.
PROBLEM = {
    "type": "object",
    "description": "Een fout als problem details (RFC 9457), in het Nederlands.",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {**_STRING, "format": "uri-reference",
                 "description": "Waar staat wat deze fout betekent."},
        "title": {**_STRING, "minLength": 1, "description": "Wat voor fout het is."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599,
                   "description": "De HTTP-status."},
        "detail": {**_STRING, "minLength": 1,
                   "description": "Wat er bij dit verzoek mis ging, en wat u kunt doen."},
        "instance": {**_STRING, "format": "uri-reference",
                     "description": "Het pad van het verzoek."},
    },
}  # fmt: skip
_ERROR = {"$ref": "#/components/schemas/Probleem"}
#: On every answer; written out in each (not a $ref), so that schemathesis checks it.
_VERSION_HEADER = {
    "description": "De volledige versie van de API (Semantic Versioning).",
    "required": True,
    "schema": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$", "examples": [API_VERSION]},
}


def _query(name: str, description: str, schema: dict | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or _STRING}  # fmt: skip


_SCHOOLJAAR = _query("schooljaar", "Alleen dit schooljaar, bijvoorbeeld 2024-2025.")
_ID = {"name": "node_id", "in": "path", "required": True, "schema": _STRING,
       "description": "Het id, bijvoorbeeld w-heikant."}  # fmt: skip
_ANALYSIS = {"name": "slug", "in": "path", "required": True, "description": "Welke analyse.",
             "schema": {"enum": ["gaten", "ontbrekende-verbanden", "isolement", "makelaars",
                                 "gemeenschappen", "doelen"]}}  # fmt: skip
_VIEW_FILTER = [
    _query("wijk", "Alleen rond deze wijk (id)."),
    _query("gemeente", "Alleen deze gemeente (naam)."),
    _query("hub", "Alleen rond deze hub (id)."),
    _query("cluster", "Alleen rond dit cluster (id)."),
    _query("rond", "Alles rond deze knoop (id)."),
    _query("soort", "Welke soorten knopen.", {"type": "array", "items": _STRING}),
    _query("kleur", "Kleur naar soort of gemeenschap.", {"enum": ["soort", "gemeenschap"]}),
    _query("grootte", "Grootte naar verbindingen of betweenness.",
           {"enum": ["graad", "betweenness"]}),
    _query("indeling", "Indeling: vrij (kracht), hubs in het midden (hubs) of per wijk en "
           "stadsdeel (wijken); vaste posities, berekend op de server.",
           {"enum": ["kracht", "hubs", "wijken"]}),
    _SCHOOLJAAR,
]  # fmt: skip

_COMPARE = [
    _query("vergelijk", "Twee versies of twee schooljaren.", {"enum": ["versies", "jaren"]}),
    _query("voor", "De eerdere versie: 'huidig' of de naam van een opgeslagen versie."),
    _query("na", "De latere versie (standaard 'huidig')."),
    _query("jaar_voor", "Het eerdere schooljaar."),
    _query("jaar_na", "Het latere schooljaar."),
    _SCHOOLJAAR,
]
_PAIR = {"type": "string", "pattern": "^.+:.+$"}
_SCENARIO = [
    _query(
        "zonder",
        "Partners (id of naam) die stoppen.",
        {"type": "array", "items": _STRING, "maxItems": 20},
    ),
    _query(
        "met_lid",
        "Nieuwe hubleden als PARTNER:HUB.",
        {"type": "array", "items": _PAIR, "maxItems": 20},
    ),
    _query(
        "met_activiteit",
        "Nieuwe activiteiten als PARTNER:SCHOOL of PARTNER:SCHOOL:HUB.",
        {"type": "array", "items": _PAIR, "maxItems": 20},
    ),
    _SCHOOLJAAR,
]

_KAART_FILTER = [
    _query("kleur", "Waarnaar de wijken gekleurd worden.",
           {"enum": ["hubs", "hub", "gaten", "doel", "pact", "kinderen"]}),
    _query("hub", "De hub bij kleur=hub (id); zonder: de eerste hub op naam."),
    _query("gemeente", "Alleen de wijken van deze gemeente (naam)."),
    _SCHOOLJAAR,
]  # fmt: skip
_KAART = _screen(
    "kleuring", "legenda", "zonder_wijkgrens", "wijken_met_wijkgrens", "bron_wijkgrenzen",
    **_YEAR,
    kleuring={"enum": ["hubs", "hub", "gaten", "doel", "pact", "kinderen"]},
    kleuring_naam=_STRING, hub=_NULLABLE_STRING, hub_naam=_NULLABLE_STRING,
    gemeente=_NULLABLE_STRING, gemeenten={"type": "array", "items": _STRING},
    legenda={
        "type": "object",
        "required": ["titel", "klassen", "tekens", "uitleg", "noot"],
        "properties": {
            "titel": _STRING,
            "klassen": {"type": "array", "items": {
                "type": "object", "required": ["code", "tekst", "kleur", "patroon", "wijken"],
                "properties": {"code": _STRING, "tekst": _STRING, "kleur": _STRING,
                               "patroon": _STRING, "wijken": {"type": "integer"}}}},
            "tekens": {"type": "array", "items": {
                "type": "object", "required": ["code", "tekst"],
                "properties": {"code": _STRING, "tekst": _STRING}}},
            "uitleg": _STRING,
            "noot": _STRING,
        },
    },
    wijken_met_wijkgrens={"type": "integer"},
    zonder_wijkgrens={"type": "array", "items": {
        "type": "object", "required": ["wijk", "naam"],
        "properties": {"wijk": _STRING, "naam": _STRING}}},
    bron_wijkgrenzen=_STRING,
    tabellen=_tables_with(
        "kaart", ["wijk", "naam", "soort", "partners_via_hubs", "partners_alle", "gaten"],
        {"wijk": _STRING, "naam": _STRING, "soort": _WIJK_SOORT, **_PARTNER_COUNTS,
         "partners_per_hub": {"type": "object", "additionalProperties": {"type": "integer"},
                              "description": "Per hub (id) het aantal partners van die hub."},
         "gaten": {"type": "integer", "minimum": 0,
                   "description": f"Aantal hubs met een gat. {GAP_DEFINITION}"}},
    ),
)  # fmt: skip

#: path under API_ROOT → (Dutch summary, parameters, answer schema), in the order shown
#: to people.
_PATHS: dict[str, tuple[str, list, dict]] = {
    "/stats": ("wat er geladen is: aantallen, versie, moment", [], _STATS),
    "/overzicht": ("aantallen, LEA-doelen, dekking, grootste gaten en suggesties",
                       [_SCHOOLJAAR], _OVERZICHT),
    "/wijken": ("alle wijken met hun kerncijfers en partners per soort", [_SCHOOLJAAR],
                    _WIJKEN),
    "/wijk/{node_id}": ("wie doet wat in een wijk, partners per soort, scholen, gaten, "
                            "kandidaten en bereik", [_ID, _SCHOOLJAAR], _WIJK),
    "/kaart": ("de cijfers van de kaart per wijk (partners, gaten, bereik, PacT, SES, "
                   "kinderen), de legenda van de gekozen kleuring en de wijken zonder "
                   "wijkgrens", _KAART_FILTER, _KAART),
    "/hubs": ("alle hubs", [_SCHOOLJAAR], _SCREEN),
    "/hub/{node_id}": ("leden, bereik per wijk, gaten en kandidaten van een hub",
                           [_ID, _SCHOOLJAAR], _screen("hub", **_YEAR, hub={"type": "object"})),
    "/partners": ("alle partners", [_SCHOOLJAAR], _SCREEN),
    "/partner/{node_id}": ("activiteiten, wijkinzet, samenwerkingen en programma's van een "
                               "partner", [_ID, _SCHOOLJAAR],
                               _screen("partner", "hubs", **_YEAR, partner={"type": "object"},
                                       hubs={"type": "array"})),
    "/scholen": ("alle scholen en opvanglocaties", [_SCHOOLJAAR], _SCREEN),
    "/school/{node_id}": ("activiteiten en domeinen van een locatie", [_ID, _SCHOOLJAAR],
                              _screen("school", **_YEAR, school={"type": "object"})),
    "/programmas": ("alle programma's", [_SCHOOLJAAR], _SCREEN),
    "/programma/{node_id}": ("partners, activiteiten en wijkinzet van een programma",
                                 [_ID, _SCHOOLJAAR],
                                 _screen("programma", **_YEAR, programma={"type": "object"})),
    "/analyses/{slug}": ("een analyse: gaten, ontbrekende-verbanden, isolement, makelaars, "
                             "gemeenschappen, doelen", [_ANALYSIS, _SCHOOLJAAR],
                             _screen("analyse", "titel", **_YEAR, analyse=_STRING, titel=_STRING)),
    "/zoeken": ("zoeken op naam (q=…)", [_query("q", "(Een deel van) de naam.")], _SEARCH),
    "/knoop/{node_id}": ("een knoop met al zijn relaties", [_ID], _NODE),
    "/netwerk": ("de netwerkweergave (filters als op de pagina Netwerk)", _VIEW_FILTER,
                     _VIEW),
    "/veranderingen": ("wat er veranderd is tussen twee versies of twee schooljaren, en de "
                           "trend per schooljaar", _COMPARE, _screen(
                               "vergelijk", "trend", vergelijk={"enum": ["versies", "jaren"]},
                               voor=_NULLABLE_STRING, na=_NULLABLE_STRING,
                               samenvatting={"type": "array", "items": _STRING},
                               veranderingen={"type": "array"}, gaten={"type": "array"},
                               doelen={"type": "array"}, netwerkgezondheid={"type": "array"},
                               trend={"type": "array"})),
    "/scenario": ("wat als: partners die stoppen, nieuwe hubleden en activiteiten, met de "
                      "kwetsbaarheid van elke partner", _SCENARIO, _screen(
                          "kwetsbaarheid", "kwetsbaarheid_regel", **_YEAR,
                          gevolgen={"type": "array", "items": _STRING},
                          wijzigingen={"type": "array", "items": _STRING},
                          gaten={"type": "array"}, doelen={"type": "array"},
                          kwetsbaarheid={"type": "array"}, kwetsbaarheid_regel=_STRING)),
    "/kwetsbaarheid": ("wat het kost als een partner stopt, voor elke partner, gerangschikt",
                           [_SCHOOLJAAR], {"type": "object", "required": ["regel", "partners"],
                                           "properties": {"regel": _STRING,
                                                          "partners": {"type": "array"}}}),
    "/samenwerking": ("de samenwerkingsmonitor van een gesloten ronde: respons, wederzijdse "
                      "samenwerkingen, waarde en vertrouwen per hub, wijk en partner, het verloop "
                      "over rondes (altijd met inloggen; cijfers van minder dan 3 beoordelaars "
                      "alleen voor coördinatoren)",
                      [_query("ronde", "Het id van een gesloten ronde; zonder: de nieuwste.")],
                      _screen("ronde", "rondes", "respons", "netwerk", "drempel", "volledig",
                              ronde={"type": "object"}, rondes={"type": "array"},
                              respons={"type": "object"}, netwerk={"type": "object"},
                              drempel={"type": "integer"}, volledig={"type": "boolean"},
                              definities=_STRING)),
    "/openapi.json": ("deze beschrijving van de API (OpenAPI 3.1), voor iedereen te lezen", [], {"type": "object"}),
}  # fmt: skip
#: The same by full path (``/api/v1/…``).
_API = {API_ROOT + path: entry for path, entry in _PATHS.items()}

#: Paths that answer 400 with a Dutch message for a value that is not in the network.
_BAD_REQUEST = {f"{API_ROOT}/scenario"}
#: Paths that need a login even when reading is open to all (web.auth.LOGIN_REQUIRED).
_LOGIN_ALWAYS = {f"{API_ROOT}/samenwerking"}
#: Paths limited per address for visitors who are not logged in (``RATE_LIMITS``).
_RATE_LIMITED = {f"{API_ROOT}/scenario"}

#: path → Dutch summary, for the Gegevens page.
ENDPOINTS: dict[str, str] = {path: summary for path, (summary, _, _) in _API.items()}


def _problem(description: str) -> dict[str, Any]:
    """An error answer: problem details with the version header."""
    return {
        "description": description,
        "headers": {"API-Version": _VERSION_HEADER},
        "content": {"application/problem+json": {"schema": _ERROR}},
    }


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the JSON API (``info.version`` is
    :data:`web.apihttp.API_VERSION`)."""
    paths = {}
    for path, (summary, parameters, schema) in _API.items():
        responses: dict[str, Any] = {
            "200": {
                "description": "Gelukt.",
                "headers": {"API-Version": _VERSION_HEADER},
                "content": {"application/json": {"schema": schema}},
            },
        }
        if path in _LOGIN_ALWAYS:
            responses["401"] = _problem("Niet ingelogd: dit vraagt altijd een login.")
        elif path != OPENAPI_PATH:  # the description itself is public
            responses["401"] = _problem(
                "Niet ingelogd, terwijl anoniem lezen uit staat (LEA_ANONYMOUS_READ)."
            )
        if parameters:
            responses["404"] = _problem(
                "Onbekend id, schooljaar, filterwaarde, partner, hub of school."
            )
        if path in _BAD_REQUEST:
            responses["400"] = _problem(
                "Een wijziging die niet als PARTNER:HUB of PARTNER:SCHOOL[:HUB] is geschreven, "
                "of meer dan 60 wijzigingen."
            )
        if path in _RATE_LIMITED:
            responses["429"] = _problem("Te veel verzoeken van dit adres zonder in te loggen.")
        responses["500"] = _problem("Er ging iets mis; de fout is vastgelegd.")
        responses["503"] = _problem("De database is niet bereikbaar.")
        paths[path] = {"get": {"summary": summary, "parameters": parameters,
                               "responses": responses}}  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "LEA Graph API",
            "version": API_VERSION,
            "description": "Dezelfde gegevens als de pagina's van LEA Graph, als JSON. "
            "Zonder inloggen te lezen als anoniem lezen aan staat (LEA_ANONYMOUS_READ). "
            "Elk antwoord heeft de kop API-Version met de volledige versie; een fout is "
            "application/problem+json (RFC 9457). De oude adressen zonder /v1 (/api/…) "
            "sturen nog één versie lang door naar /api/v1/… (308).",
        },
        "paths": paths,
        "components": {
            "schemas": {"Probleem": PROBLEM},
            "headers": {"API-Version": _VERSION_HEADER},
        },
    }
