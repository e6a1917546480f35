"""The floors the document benchmarks are measured against, in the same run.

A floor does the same amount of plain work as the thing measured, without
what makes the thing special: the same number of table rows and characters,
laid out by the same WeasyPrint with the same font and page size, but no
flowchart, no grid of lanes, no identity table. `urlpatterns` serves a plain
Django page of the same size, the floor of the HTML page.
"""

from __future__ import annotations

from html import escape

from django.http import HttpResponse
from django.template import engines
from django.urls import path

_PAGE = engines["django"].from_string(
    "<!doctype html><html><head><meta charset='utf-8'><title>{{ title }}</title></head><body>"
    "<h1>{{ title }}</h1><table>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>"
    "{% endfor %}</table></body></html>"
)


def _rows(version) -> list[list[str]]:
    """The text of an SOP document as plain rows: identity lists, then one row per step."""
    rows = [
        [key, item]
        for key in (
            "dasar_hukum",
            "kualifikasi_pelaksana",
            "keterkaitan",
            "peralatan_perlengkapan",
            "peringatan",
            "pencatatan_pendataan",
        )
        for item in version.identity_list(key)
    ]
    for step in sorted(version.steps.all(), key=lambda s: s.number):
        rows.append(
            [str(step.number), step.text, step.lane.name, step.requirements, step.duration_text, step.output, step.note]
        )
    return rows


def plain_pdf_html(versions, *, paper: str = "A4", extra_paragraphs: list[str] = ()) -> str:
    """An HTML document with the same rows and characters as the SOP documents of `versions`, and no SVG."""
    from sigap.sop.documents import paper_get

    p = paper_get(paper)
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"@page {{ size: {p.width}mm {p.height}mm; margin: {p.margin_top}mm {p.margin_side}mm {p.margin_bottom}mm;"
        " @bottom-right { content: counter(page); font: 7pt Arial, 'Liberation Sans', sans-serif; } }"
        "body { font: 8pt/1.25 Arial, 'Liberation Sans', sans-serif; margin: 0 }"
        "table { border-collapse: collapse; width: 100%; table-layout: fixed }"
        "td { border: 0.3mm solid #000; padding: 1.2mm; vertical-align: top }"
        "h1 { font-size: 10pt } section + section { break-before: page }"
        "</style></head><body>"
    ]
    for paragraph in extra_paragraphs:
        parts.append(f"<p>{escape(paragraph)}</p>")
    for version in versions:
        parts.append(f"<section><h1>{escape(version.name)}</h1><table>")
        for row in _rows(version):
            parts.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
        parts.append("</table></section>")
    parts.append("</body></html>")
    return "".join(parts)


def floor_page(request, org, code):
    """A plain Django page with the same rows as the SOP document, through the same stack."""
    from sigap.orgs.selectors import organization_get
    from sigap.sop import selectors

    organization = organization_get(slug=org)
    sop = selectors.sop_get(organization=organization, code=code)
    version = selectors.sop_version_get(organization=organization, code=code, revision=sop.current_version.revision)
    return HttpResponse(_PAGE.render({"title": version.name, "rows": _rows(version)}, request))


urlpatterns = [path("<slug:org>/sop/<slug:code>/polos/", floor_page)]
