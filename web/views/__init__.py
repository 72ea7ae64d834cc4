"""One blueprint per screen (the API reuses the screens of the others)."""

from web.views import (
    analyses,
    api,
    beheer,
    console,
    entiteiten,
    formulier,
    gegevens,
    health,
    hubs,
    kaart,
    netwerk,
    overzicht,
    publiek,
    scenario,
    veranderingen,
    voorstellen,
    weergaven,
    wijken,
    zoeken,
)

ALL_BLUEPRINTS = (
    overzicht.bp,
    netwerk.bp,
    kaart.bp,
    wijken.bp,
    hubs.bp,
    entiteiten.bp,
    analyses.bp,
    veranderingen.bp,
    scenario.bp,
    zoeken.bp,
    gegevens.bp,
    api.bp,
    health.bp,
    beheer.bp,
    console.bp,
    formulier.bp,
    voorstellen.bp,
    publiek.bp,
    publiek.beheer_bp,
    weergaven.bp,
)

__all__ = ["ALL_BLUEPRINTS"]
