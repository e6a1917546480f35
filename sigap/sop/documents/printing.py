"""Printing with WeasyPrint: the compiled style, the print job with its flowchart images, the SOP as PDF."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from sigap.orgs import pdf

from .context import sop_document, style_context
from .layout import PAPERS, paper_get


@functools.lru_cache(maxsize=32)
def _compiled_stylesheets(kind: str, paper_name: str, language: str) -> tuple:
    paper = PAPERS[paper_name]
    context = style_context(paper, True)
    return tuple(
        pdf.stylesheet(render_to_string(f"sop/document/{name}", context)) for name in ("document.css", f"{kind}.css")
    )


def print_stylesheets(kind: str, paper: str = "A4") -> list:
    """The compiled style of a printed document ("pdf": one SOP, "book": the Buku SOP).

    Parsing the style is a good part of the time of a small PDF, and it only
    changes with the paper and the language, so it is parsed once per process.
    """
    return list(_compiled_stylesheets(kind, paper_get(paper).name, translation.get_language() or "id"))


@dataclass
class PrintJob:
    """A document ready for WeasyPrint: its HTML, which style ("pdf" or "book"), paper, and flowchart images.

    The flowcharts travel beside the HTML (`<img src="sigap-resource:...">`,
    `images` by that address) rather than inside it as data: URLs, which the
    HTML parser would read character by character. They are handed to the one
    renderer (orgs/pdf.py), which loads nothing else.
    """

    html: str
    kind: str
    paper: str
    images: dict[str, bytes]

    def document(self):
        """The laid-out WeasyPrint document (pages and boxes)."""
        resources = {
            url.removeprefix(pdf.SCHEME): pdf.Resource(svg, "image/svg+xml") for url, svg in self.images.items()
        }
        return pdf.document(self.html, resources=resources, stylesheets=print_stylesheets(self.kind, self.paper))

    def pdf(self) -> bytes:
        return self.document().write_pdf()


def sop_print(version, paper: str = "A4", *, rows_per_page: int | None = None) -> PrintJob:
    """The stand-alone SOP document, ready to print."""
    paper_obj = paper_get(paper)
    doc = sop_document(
        version, paper=paper_obj, paginate=True, rows_per_page=rows_per_page, for_print=True, page_refs="static"
    )
    html = render_to_string("sop/document/pdf.html", {"doc": doc})
    return PrintJob(html, "pdf", paper_obj.name, doc["images"])


def sop_pdf_html(version, paper: str = "A4", *, rows_per_page: int | None = None) -> str:
    """The HTML that `sop_pdf` prints."""
    return sop_print(version, paper, rows_per_page=rows_per_page).html


def sop_pdf(version, paper: str = "A4", *, rows_per_page: int | None = None) -> bytes:
    """The SOP document as a landscape PDF on A4 or F4 (215 x 330 mm)."""
    return sop_print(version, paper, rows_per_page=rows_per_page).pdf()
