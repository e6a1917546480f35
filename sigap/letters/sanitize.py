"""The one allow-list of what a letter template's body may contain (nh3), applied when a template is saved
(the edit page, `services.letter_template_save`, `letters_load`) and again whenever a letter is rendered.

A body is text an organization's administrator writes, shown in the preview to signers (and to the
platform's superusers) and printed into the signed PDF. It may hold the structure of a letter only:
paragraphs, line breaks, emphasis, lists, tables and headings, with a few layout properties in `style`.
Everything else goes, its text kept: links, images, `<link>`, `<base>`, forms, frames, objects, SVG,
`class` and `id` (which would borrow the letter's own marks, such as the DRAF stamp or the signature
block) and every `on...` handler; `<script>` and `<style>` go with their content. Placeholders
(`{{ nama_pemohon }}`) are text and stay as they are.
"""

from __future__ import annotations

import nh3

TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "span",
        "div",
        "blockquote",
        "hr",
        "ol",
        "ul",
        "li",
        "table",
        "caption",
        "colgroup",
        "col",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
    }
)
STYLE_PROPERTIES = frozenset(
    {
        "text-align",
        "text-indent",
        "vertical-align",
        "font-weight",
        "font-style",
        "text-decoration",
        "margin-left",
        "padding-left",
        "width",
    }
)
ATTRIBUTES = {
    "*": {"style"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
}

_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style", "title", "textarea", "noscript", "template"},
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    filter_style_properties=set(STYLE_PROPERTIES),
    strip_comments=True,
    link_rel=None,
    url_schemes=set(),
)


def letter_body(html: str) -> str:
    """The body with only what a letter may contain (module docstring); the same body twice gives the same."""
    return _CLEANER.clean(html)
