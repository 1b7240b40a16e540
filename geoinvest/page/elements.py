"""The folium skeleton of the page: a figure, a map without CDN links, the assets and the app."""

from __future__ import annotations

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geoinvest.page import assets

# Without a height an embedded map keeps 4:3 between these heights (px).
MIN_HEIGHT = 320
MAX_HEIGHT = 640
# Where render_page puts the payload; "<" never occurs in escaped text or in the payload.
PAYLOAD_MARK = "<!--geoinvest:payload-->"


class Raw(Element):
    """Text emitted verbatim: never parsed as a Jinja template, so data cannot inject one."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Raw"
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class PageMacro(MacroElement):
    """A MacroElement whose rendered header/html/script go into the figure as raw text."""

    def render(self, **kwargs):
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} must be inside a Figure to render")
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(Raw(str(macro(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class PageFigure(Figure):
    """The HTML document: language, charset, escaped title, optional build stamp."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang|e }}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "<title>{{ this.title|e }}</title>\n"
        '{% if this.stamp %}<meta name="generator-stamp" content="{{ this.stamp|e }}">\n'
        "{% endif %}"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, title: str, lang: str, stamp: str | None):
        super().__init__(title=title)
        self._name = "Figure"
        self.lang = lang
        self.stamp = stamp
        # Figure's own meta tag is replaced by <meta charset> in the template.
        self.header._children.clear()


class PageMap(PageMacro, folium.Map):
    """The map container: a namespaced div, no tiles, no CDN scripts; the app builds L.map."""

    default_js: list = []
    default_css: list = []
    _template = Template(
        """
{% macro header(this, kwargs) %}<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ this.document_css }}</style>{% endmacro %}
{% macro html(this, kwargs) -%}
<div class="gi-root" data-gi-map="{{ this.get_name()|e }}"
{%- if this.embed %} data-gi-embed="iframe"{% endif %}><div class="gi-map"></div></div>
{%- endmacro %}
"""
    )

    def __init__(self, embed: bool = False, height: int | None = None):
        super().__init__(tiles=None, zoom_control=False)
        self._name = "Map"
        self.embed = embed
        self.document_css = page_css(embed, height)


def page_css(embed: bool, height: int | None) -> str:
    """The document's own rules: the map fills the window (or, embedded, has its height),
    and prints on one A4 landscape page."""
    if embed:
        size = "html,body{margin:0;padding:0}" + sizing(".gi-root[data-gi-embed]", height)
    else:
        size = "html,body{width:100%;height:100%;margin:0;padding:0}"
    return (
        size
        + "@page{size:A4 landscape;margin:10mm}"
        + "@media print{html,body{height:auto}body .gi-root{height:180mm}}"
    )


class Assets(PageMacro):
    """Leaflet and geoinvest's own JS/CSS: inlined from package data, or Leaflet from a CDN."""

    _template = Template(
        """
{% macro header(this, kwargs) %}{{ this.leaflet }}
<style>{{ this.css }}</style>
<script>{{ this.js }}</script>{% endmacro %}
"""
    )

    def __init__(self, mode: str):
        super().__init__()
        self._name = "Assets"
        self.leaflet = assets.leaflet_tags(mode)
        self.css = assets.style()
        self.js = assets.script_safe(assets.script())


class App(PageMacro):
    """The payload as one JSON script element, and the call that mounts the app on the map."""

    _template = Template(
        """
{% macro html(this, kwargs) -%}
<script type="application/json" class="gi-data" data-gi-map="{{ this._parent.get_name()|e }}">
{{- this.payload_mark -}}
</script>
{%- endmacro %}
{% macro script(this, kwargs) %}geoinvest.mount({{ this._parent.get_name()|tojson }});{% endmacro %}
"""
    )

    payload_mark = PAYLOAD_MARK

    def __init__(self):
        super().__init__()
        self._name = "App"


def set_ids(element: Element, prefix: str, counter: list[int] | None = None) -> None:
    """Replace folium's random ids with ``prefix`` and the element's position in the tree."""
    counter = [0] if counter is None else counter
    element._id = f"{prefix}_{counter[0]}"
    counter[0] += 1
    for child in element._children.values():
        set_ids(child, prefix, counter)


def sizing(selector: str, height: int | None) -> str:
    """The CSS rule that gives an embedded map its height."""
    if height is not None:
        return f"{selector}{{height:{int(height)}px}}"
    return (
        f"{selector}{{height:auto;aspect-ratio:4/3;"
        f"min-height:{MIN_HEIGHT}px;max-height:{MAX_HEIGHT}px}}"
    )
