"""Scenario: what if a partner stops, joins a hub or starts an activity; and what every
partner's leaving would cost (kwetsbaarheid)."""

from __future__ import annotations

from typing import Any

from lea_graph.analytics.scenario import VULNERABILITY_RULE
from web import services
from web.screens import Screen, gap_changes_table, link
from web.tables import Col, num, table_from_frame

__all__ = ["kwetsbaarheid_table", "scenario_screen"]


def kwetsbaarheid_table(year: str | None, limit: int | None = 25):
    """The kwetsbaarheid ranking as a table (every partner; ``limit`` rows on the page)."""
    frame = services.vulnerability(year)
    frame = frame.assign(
        bron=[services.attr(p, "bron", "") for p in frame["partner"]],
        # daling_ondergrens is the drop of the rounded lower bound: whole percents.
        daling=[f"{round(100 * d)} procentpunt" if d else "" for d in frame["daling_ondergrens"]],
    )
    table = table_from_frame(
        "kwetsbaarheid",
        "Kwetsbaarheid: wat kost het als een partner stopt?",
        frame,
        [
            num("rang", "Rang"),
            Col("partner_naam", "Partner", link=link("partner", "partner")),
            num("lege_cellen", "Cellen zonder partner"),
            num("pact_cellen", "waarvan in PacT-wijken"),
            Col("kinderen", "Kinderen in die wijken"),
            Col("daling", "Daling ondergrens LEA-doel"),
            num("kwetsbare_cellen", "Cellen daarna op één partner"),
            num("raken_los", "Partners die los raken"),
            Col("toelichting", "Toelichting"),
            Col("doelen", "LEA-doelen"),
        ],
        explanation=(
            "Voor elke partner: wat er gebeurt als alleen die partner stopt (al zijn "
            "activiteiten, wijkinzet, hublidmaatschappen en samenwerkingen vallen weg). "
            "Cellen zonder partner: hub × wijk-cellen waar deze partner de enige was "
            "(bedrijventerreinen tellen niet). Kinderen: 0-17 jaar in die wijken (CBS), waar "
            "bekend. Daling ondergrens: de grootste daling van de ondergrens van een "
            "LEA-doel in hele procenten (de ondergrens naar beneden afgerond, zoals overal); "
            "een daling die na het afronden niet te zien is, telt niet. " + VULNERABILITY_RULE
        ),
        empty="Er staan geen partners in het netwerk.",
        limit=limit,
    )
    return table


@services.per_version
def scenario_screen(
    zonder: tuple[str, ...],
    met_lid: tuple[str, ...],
    met_activiteit: tuple[str, ...],
    year: str | None,
) -> Screen:
    """The scenario's consequences beside today's figures, and the kwetsbaarheid ranking.

    Raises :class:`~lea_graph.errors.LeaGraphError` for a partner, hub or school that is
    not in the network (the page shows the message).
    """
    info: dict[str, Any] = {"schooljaar": year}
    tables = []
    view: dict[str, Any] = {"result": None}
    if zonder or met_lid or met_activiteit:
        result = services.scenario(list(zonder), list(met_lid), list(met_activiteit), year)
        view["result"] = result
        view["plan"] = {
            "zonder": result.scenario.zonder,
            "met_lid": [f"{p}:{h}" for p, h in result.scenario.met_lid],
            "met_activiteit": [":".join(x for x in a if x) for a in result.scenario.met_activiteit],
        }
        info.update(result.to_dict())
        tables.append(
            table_from_frame(
                "overzicht",
                "Vandaag en in het scenario",
                result.overzicht,
                [
                    Col("maat", "Maat"),
                    Col("vandaag", "Vandaag"),
                    Col("scenario", "In het scenario"),
                    Col("verschil", "Verschil"),
                    Col("uitleg", "Uitleg"),
                ],
                explanation="Dezelfde berekeningen als op het overzicht en bij de analyses, "
                "eenmaal op het netwerk van nu en eenmaal op het netwerk met de wijzigingen. "
                "De gegevens zelf veranderen niet.",
            )
        )
        tables.append(
            gap_changes_table(
                result.gaps,
                "Gaten die openen of sluiten",
                "Partners nu",
                "Partners in het scenario",
                Col("partner_namen_na", "Partners die overblijven"),
                "Een gat is een hub × wijk-cel met geen of één partner. Eerst de cellen die "
                "zonder partner komen, dan die op één partner komen te hangen.",
                "Geen gat opent of sluit.",
            )
        )
        tables.append(
            table_from_frame(
                "doelen",
                "LEA-doelen",
                result.targets,
                [
                    Col("naam", "Doel"),
                    Col("doel", "Streefwaarde"),
                    Col("stand_voor", "Nu"),
                    Col("stand_na", "In het scenario"),
                    Col("richting", "Richting"),
                ],
                explanation="Met onder- en bovengrens zoals bij de LEA-doelen. Een nieuwe "
                "activiteit heeft geen aantal deelnemers: de bovengrens telt dan de hele "
                "school, de ondergrens verandert er niet door.",
            )
        )
        tables.append(
            table_from_frame(
                "kwetsbare-cellen",
                "Kwetsbare wijken en cellen",
                result.fragile,
                [
                    Col("verandering", "Verandering"),
                    Col("niveau", "Niveau"),
                    Col("wijk_naam", "Wijk"),
                    Col("hub_naam", "Hub"),
                    Col("partner_naam", "Enige partner"),
                    Col("toelichting", "Toelichting"),
                ],
                explanation="Wijken en hub × wijk-cellen waarvan het bereik van één partner afhangt.",
                empty="Geen verandering.",
            )
        )
        tables.append(
            table_from_frame(
                "verbinders",
                "Verbindende partners",
                result.cut,
                [
                    Col("verandering", "Verandering"),
                    Col("partner_naam", "Partner", link=link("partner", "partner")),
                    Col("raken_los_voor", "Raken nu los zonder deze partner", kind="num"),
                    Col("raken_los_na", "In het scenario", kind="num"),
                ],
                explanation="Partners zonder wie het samenwerkingsnetwerk uiteenvalt.",
                empty="Geen verandering.",
            )
        )
    tables.append(kwetsbaarheid_table(year))
    info["kwetsbaarheid"] = tables[-1].rows
    info["kwetsbaarheid_regel"] = VULNERABILITY_RULE
    return Screen(info=info, tables=tables, view=view)
