"""Downloads and pages of the official SOP document: the HTML document, its PDF and the Buku SOP.

Every view takes the organization from the URL (404 when unknown) and reads
through the selectors, so an SOP of another organization is never reachable.
`?kertas=A4|F4` chooses the paper of a PDF, `?versi=N` an older version.

A PDF takes WeasyPrint a good fraction of a second (the book a second or
two), while what it shows only changes with a new import, so PDFs are kept in
the cache under the content hashes of everything they show.
"""

import hashlib
from typing import cast

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sigap.orgs.tenancy import Audience, page

from . import documents, selectors
from .models import Sop, SopVersion


def _version(organization, code: str, revision: str | None) -> SopVersion:
    """The version asked for (the current one by default); 404 when there is none."""
    try:
        sop = selectors.sop_get(organization=organization, code=code)
        if revision:
            number = int(revision)
        elif sop.current_version_id is not None:
            number = cast(SopVersion, sop.current_version).revision
        else:
            raise Http404(_("SOP ini belum disusun."))
        return selectors.sop_version_get(organization=organization, code=code, revision=number)
    except (Sop.DoesNotExist, SopVersion.DoesNotExist, ValueError):
        raise Http404 from None


def _paper(request) -> str:
    try:
        return documents.paper_get(request.GET.get("kertas")).name
    except ValueError:
        raise Http404(_("Ukuran kertas tidak dikenal; pilih A4 atau F4.")) from None


# Bump when the look of the printed documents changes, so cached PDFs are made again.
DOCUMENT_FORMAT = "1"
CACHE_SECONDS = 24 * 3600


def _cached(parts: list, make) -> bytes:
    shown = ":".join([DOCUMENT_FORMAT, translation.get_language() or "", *map(str, parts)])
    key = "sigap-pdf:" + hashlib.sha256(shown.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = make()
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@page(Audience.PUBLIC)
def sop_document(request, organization, code):
    """The SOP document as a page; for HTMX requests just the document, to put into the SOP page."""
    version = _version(organization, code, request.GET.get("versi"))
    document = documents.sop_html(version)
    if request.headers.get("HX-Request"):
        return HttpResponse(document)
    return render(
        request,
        "sop/document/page.html",
        {
            "organization": organization,
            "sop": version.sop,
            "version": version,
            "document": document,
        },
    )


@page(Audience.PUBLIC)
def document_css(request):
    """The style of the SOP document on the web page (documents.screen_css), the same for every organization."""
    response = HttpResponse(documents.screen_css(_paper(request)), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"  # an upgrade that changes the layout shows within the hour
    return response


@page(Audience.PUBLIC)
def sop_pdf(request, organization, code):
    paper = _paper(request)
    version = _version(organization, code, request.GET.get("versi"))
    pdf = _cached(
        ["sop", organization.pk, organization.content_hash, version.pk, version.content_hash, paper],
        lambda: documents.sop_pdf(version, paper=paper),
    )
    return _pdf_response(pdf, f"sop-{version.sop.code}-versi-{version.revision}-{paper}.pdf")


@page(Audience.PUBLIC)
def book_pdf(request, organization):
    paper = _paper(request)
    shown = [organization.pk, organization.content_hash, paper]
    shown += [d.content_hash for d in selectors.decree_list(organization=organization)]
    shown += [f"{v.pk}-{v.content_hash}" for v in selectors.sop_current_versions(organization=organization)]
    pdf = _cached(["book", *shown], lambda: documents.book_pdf(organization, paper=paper))
    return _pdf_response(pdf, f"buku-sop-{slugify(organization.slug)}-{paper}.pdf")
