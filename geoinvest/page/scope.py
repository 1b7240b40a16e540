"""CSS scoped to one element: every selector prefixed, parsed with tinycss2 (no regexes).

A fragment pasted into someone else's page must not style anything outside itself, so
every rule of Leaflet's CSS and of geoinvest's own becomes ``.scope <selector>``; the rules
inside ``@media``, ``@supports`` and ``@container`` are scoped the same way. Rules that
act on the whole document (``@page``, ``@font-face``, ``@keyframes``, ``@import`` ...) and
selectors naming the document itself (``html``, ``body``, ``:root``) are refused: a
fragment has no business with them.
"""

from __future__ import annotations

import re

import tinycss2
from tinycss2.ast import Node

# At-rules whose block holds rules to scope in turn.
NESTED = ("media", "supports", "container", "layer")
_SCOPE = re.compile(r"[A-Za-z_][\w-]*")
_DOCUMENT = ("html", "body", ":root")


class ScopeError(ValueError):
    """CSS that cannot be confined to one element."""


def scope_css(css: str, scope: str) -> str:
    """``css`` with every selector under the class ``scope`` (a bare class name)."""
    if not _SCOPE.fullmatch(scope):
        raise ScopeError(f"{scope!r} is not a CSS class name")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_rule(rule, "." + scope) for rule in rules) + "\n"


def _rule(rule: Node, prefix: str) -> str:
    if rule.type == "qualified-rule":
        selectors = ",".join(prefix + " " + s for s in _selectors(rule.prelude))
        return selectors + "{" + _body(rule.content) + "}"
    if rule.type == "at-rule" and rule.lower_at_keyword in NESTED and rule.content is not None:
        inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        head = "@" + rule.at_keyword + " " + tinycss2.serialize(rule.prelude).strip()
        return head + "{" + "\n".join(_rule(r, prefix) for r in inner) + "}"
    if rule.type == "at-rule":
        raise ScopeError(
            f"@{rule.at_keyword} acts on the whole document; a fragment cannot hold it"
        )
    raise ScopeError(f"CSS that does not parse: {tinycss2.serialize([rule])[:80]!r}")


def _selectors(prelude: list[Node]) -> list[str]:
    """The comma-separated selectors of a rule's prelude, each as normalised text."""
    out: list[list[Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            out.append([])
        else:
            out[-1].append(token)
    selectors = [" ".join(tinycss2.serialize(s).split()) for s in out]
    for selector in selectors:
        head = re.match(r":?[\w-]*", selector).group(0).lower()
        if not selector or head in _DOCUMENT:
            raise ScopeError(f"selector {selector!r} names the whole document")
    return selectors


def _body(content: list[Node]) -> str:
    """A declaration block as compact text (comments dropped, whitespace kept as written)."""
    return tinycss2.serialize(c for c in content if c.type != "comment").strip()
