"""The map plan's parts as folium elements, for the dashboard's map (streamlit-folium renders each element's
``script`` macro, and the folium page renders the same text): :class:`PartElement` writes one mapplan.Part with
the element names folium gives; :class:`Assets` carries one of our scripts and stylesheets (static/NAME.js, .css)."""
from __future__ import annotations

from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from . import assets
from .mapplan import Names, Part


class Verbatim(Element):
    """Text that goes into the page as it is, not as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class PartElement(MacroElement):
    """One part of the map plan. ``elements`` maps each part of the map to its element, for the names of the
    parts this one refers to. Its script goes into the page verbatim: branca would compile it as a Jinja
    template, lexing every byte of the embedded data (about 80 ms per 10,000 points)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.script() }}{% endmacro %}")

    def __init__(self, part: Part, elements: dict[Part, PartElement] | None = None):
        super().__init__()
        self._name = part.kind
        self.part = part
        self.elements = {} if elements is None else elements
        self.elements[part] = self

    def script(self) -> str:
        return self.part.write(Names(own=self.get_name(), parent=self._parent.get_name(),
                                     of=lambda other: self.elements[other].get_name()))

    def render(self, **kwargs):
        # on a line of its own: the figure's script indents each element's first line
        self.get_root().script.add_child(Verbatim("\n" + self.script()), name=self.get_name())


class Assets(JSCSSMixin, MacroElement):
    """mapapp/static/STEM.js and STEM.css in the page's head (as data: URIs an export inlines)."""

    _template = Template("{% macro script(this, kwargs) %}{% endmacro %}")

    def __init__(self, stem: str):
        super().__init__()
        self._name = f"Assets_{stem}"
        self.default_js, self.default_css = assets.own_links(stem)
