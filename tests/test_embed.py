"""Fragments and iframe snippets: nothing outside the fragment is styled, rebuilds are equal."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import tinycss2
from browser.pagedata import fixture_layers, fixture_mapdef
from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.page import assets, read_payload, render_page
from geoinvest.page.fragment import iframe_snippet_parts, render_fragment, scope_name
from geoinvest.page.scope import ScopeError, scope_css

SCOPE = re.compile(r'<div class="(gi-f-[a-z0-9-]+)" data-gi-fragment="\1">')


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(text: str) -> Tags:
    tags = Tags()
    tags.feed(text)
    return tags


def selectors(css: str) -> list[str]:
    """Every selector of a stylesheet, inside @media and @container blocks too."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            out += [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
        else:
            assert rule.type == "at-rule" and rule.lower_at_keyword in ("media", "container")
            out += selectors(tinycss2.serialize(rule.content))
    return out


@pytest.fixture(scope="module")
def fragment() -> str:
    return render_fragment(fixture_mapdef(), fixture_layers(), base=None)


def test_a_fragment_is_no_document(fragment):
    assert not re.search(r"<(?:!doctype|html|head|body|meta|title|link)\b", fragment, re.I)
    tags = parse(fragment)
    assert [t for t, _ in tags.tags].count("div") == 3  # the scope, the root, the map
    assert [t for t, _ in tags.tags if t == "script"] == ["script"] * 4
    assert all("id" not in attrs for _, attrs in tags.tags)


def test_every_style_and_class_of_a_fragment_is_namespaced(fragment):
    scope = SCOPE.search(fragment).group(1)
    assert scope == scope_name("fixture", scope.rsplit("-", 1)[1])
    tags = parse(fragment)
    (css,) = tags.styles
    found = selectors(css)
    assert len(found) > 150  # Leaflet's rules and geoinvest's
    outside = [s for s in found if not (s == f".{scope}" or s.startswith(f".{scope} "))]
    assert outside == []
    assert "@page" not in css and "@font-face" not in css and "@keyframes" not in css
    classes = {c for _, attrs in tags.tags for c in (attrs.get("class") or "").split()}
    assert all(c.startswith("gi-") for c in classes), classes
    assert all("style" not in attrs for _, attrs in tags.tags)


def test_a_fragment_carries_the_map_leaflet_once_and_the_app(fragment):
    assert assets.leaflet_once() in fragment
    assert "<script>" + assets.script_safe(assets.script()) + "</script>" in fragment
    scope = SCOPE.search(fragment).group(1)
    assert f'<script>geoinvest.mount("{scope}");</script>' in fragment
    assert read_payload(fragment)["id"] == "fixture"


def test_fragments_rebuild_byte_identical_and_differ_between_maps(fragment):
    assert render_fragment(fixture_mapdef(), fixture_layers(), base=None) == fragment
    other = render_fragment(fixture_mapdef(id="other"), fixture_layers(), base=None)
    assert SCOPE.search(other).group(1) != SCOPE.search(fragment).group(1)
    assert SCOPE.search(other).group(1).startswith("gi-f-other-")


def test_the_height_is_fixed_or_four_by_three(fragment):
    scope = SCOPE.search(fragment).group(1)
    assert f".{scope}{{height:auto;aspect-ratio:4/3;" in fragment
    tall = render_fragment(fixture_mapdef(), fixture_layers(), base=None, height=700)
    assert re.search(r"\.gi-f-fixture-\w+\{height:700px\}", tall)


@pytest.mark.parametrize(
    "css, message",
    [
        ("html{margin:0}", "selector 'html' names the whole document"),
        ("body p{margin:0}", "selector 'body p' names the whole document"),
        (":root{--x:1}", "selector ':root' names the whole document"),
        ("@page{size:A4}", "@page acts on the whole document; a fragment cannot hold it"),
        ("@font-face{font-family:x}", "@font-face acts on the whole document"),
    ],
)
def test_scoping_refuses_rules_for_the_whole_document(css, message):
    with pytest.raises(ScopeError, match=re.escape(message)):
        scope_css(css, "gi-f-x")


def test_scoping_prefixes_every_selector_of_a_list_and_inside_media():
    css = ".a, .b > p::before{color:red} @media print{.c{display:none}}"
    assert scope_css(css, "s") == (
        ".s .a,.s .b > p::before{color:red}\n@media print{.s .c{display:none}}\n"
    )


def test_an_iframe_snippet_holds_the_page_escaped_and_a_fallback_image():
    page = render_page(fixture_mapdef(), fixture_layers(), base=None, embed=True)
    png = b"\x89PNG\r\n\x1a\nfake"
    snippet = "".join(
        iframe_snippet_parts('Map "A" & <B>', page=iter([page[:1000], page[1000:]]), png=png)
    )
    (frame,) = [attrs for tag, attrs in parse(snippet).tags if tag == "iframe"]
    assert frame["srcdoc"] == page  # the parser unescapes the attribute
    assert frame["loading"] == "lazy"
    assert frame["title"] == 'Map "A" & <B>'
    assert frame["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert 'data-gi-embed="iframe"' in page
    assert '<noscript><img src="data:image/png;base64,iVBORw0KGgpmYWtl"' in snippet


def test_embed_cli_writes_a_fragment_and_an_iframe_snippet(project, tmp_path):
    out = tmp_path / "fragment.html"
    result = CliRunner().invoke(main, ["embed", "test", "-o", str(out), "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    assert SCOPE.search(out.read_text(encoding="utf-8"))
    snippet, page = tmp_path / "snippet.html", tmp_path / "maps" / "map.html"
    page.parent.mkdir()
    args = ["embed", "test", "--iframe", "--iframe-src", str(page), "-o", str(snippet)]
    result = CliRunner().invoke(main, [*args, "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{page}\n{snippet}\n"
    text = snippet.read_text(encoding="utf-8")
    assert 'src="maps/map.html"' in text and "<noscript><img" in text
    assert 'data-gi-embed="iframe"' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--iframe-src", "x.html"], 2, "Error: --iframe-src needs --iframe"),
        (["--iframe", "--iframe-src", "{out}"], 2, "--iframe-src must be another file than"),
        (["--height", "50"], 2, "Invalid value for '--height': 50 is not in the range"),
    ],
)
def test_embed_cli_usage_errors(project, tmp_path, args, code, message):
    out = tmp_path / "f.html"
    args = [a.replace("{out}", str(out)) for a in args]
    result = CliRunner().invoke(main, ["embed", "test", "-o", str(out), *args, "--root", project])
    assert result.exit_code == code
    assert message in result.stderr
    assert not out.exists()


def test_embed_cli_names_an_unknown_map(project, tmp_path):
    out = tmp_path / "f.html"
    result = CliRunner().invoke(main, ["embed", "nope", "-o", str(out), "--root", str(project)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "nope.toml" in result.stderr
    assert not out.exists()
