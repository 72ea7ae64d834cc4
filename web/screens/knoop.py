"""One node with all its direct relations: what the network view's side panel shows."""

from __future__ import annotations

from typing import Any

from lea_graph import model
from web import services
from web.screens import Screen, node_url

__all__ = ["knoop_screen"]

#: Properties the store keeps for itself (search, row order): not shown.
_INTERNAL = ("zoeknaam", "rij", "kind")


def _relation(link: dict[str, Any]) -> dict[str, Any]:
    d, kind, other = link["data"], link["buur_soort"], link["buur"]
    return {
        "relatie": d.get("kind"),
        "relatie_naam": model.relation_noun(d.get("kind", ""), 1),
        "richting": "uit" if link["uit"] else "in",
        "buur": other,
        "buur_soort": kind,
        "buur_naam": link["buur_naam"],
        "buur_url": node_url(kind, other),
        "eigenschappen": {k: v for k, v in d.items() if k not in _INTERNAL},
    }


@services.per_version
def knoop_screen(node_id: str) -> Screen:
    node = services.node(node_id)
    links = [_relation(link) for link in services.node_links(node_id)]
    links.sort(key=lambda x: (x["relatie"] or "", str(x["buur_naam"]), x["buur"]))
    # A wijk boundary is for the map, not for the side panel's list of properties.
    hidden = ("zoeknaam", "rij", model.GEOMETRY_COLUMN)
    props = {k: v for k, v in node.items() if k not in hidden}
    return Screen(
        info={
            "knoop": props,
            "soort_naam": model.node_kind(node["kind"]).singular.capitalize(),
            "url": node_url(node.get("kind", ""), node_id),
            "relaties": links[:500],
        }
    )
