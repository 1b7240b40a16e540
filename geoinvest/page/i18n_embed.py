"""The UI strings of the small-screen panel, embedded maps and the table view (en, es).

Kept apart from ``i18n.STRINGS`` so that each part of the page adds its strings in its own
place; ``i18n.table`` merges them into the page's translation table.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "panel_toggle": "Show or hide the layers and legend",
        "basemap_group": "Base map",
        "wheel_hint": "Use Ctrl + scroll to zoom the map",
        "wheel_hint_mac": "Use \u2318 + scroll to zoom the map",
        "table_show": "Show the points in view as a table",
        "table_title": "Points in view",
        "table_count": "{shown} of {n} points in view; zoom in to list the others",
        "table_all": "{n} points in view",
        "table_empty": "No point in view",
        "table_name": "Name",
        "table_layer": "Layer",
        "table_date": "Date",
        "table_locality": "Locality",
        "table_close": "Close the table",
    },
    "es": {
        "panel_toggle": "Mostrar u ocultar las capas y la leyenda",
        "basemap_group": "Mapa base",
        "wheel_hint": "Usa Ctrl + rueda del ratón para acercar el mapa",
        "wheel_hint_mac": "Usa \u2318 + rueda del ratón para acercar el mapa",
        "table_show": "Ver los puntos visibles en una tabla",
        "table_title": "Puntos visibles",
        "table_count": "{shown} de {n} puntos visibles; acerca el mapa para ver los demás",
        "table_all": "{n} puntos visibles",
        "table_empty": "Ningún punto visible",
        "table_name": "Nombre",
        "table_layer": "Capa",
        "table_date": "Fecha",
        "table_locality": "Localidad",
        "table_close": "Cerrar la tabla",
    },
}
