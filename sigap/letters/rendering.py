"""A letter as HTML (letterhead, number, body, signature block, QR) and as PDF."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sigap.orgs import pdf

from . import sanitize
from .placeholders import indonesian_date, show_nik


def verification_url(letter) -> str:
    return settings.SIGAP_PUBLIC_URL + reverse("verify", args=[letter.code])


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2)
    return out.getvalue()


def letter_html(
    letter, *, with_qr: bool = True, preview: bool = False, full_nik: str = "", style_nonce: str = ""
) -> str:
    """The letter as HTML for the screen; always in the office's language, whatever the signer's screen language.

    Everything shown on screen carries the masked NIK; only the PDF being signed passes `full_nik`
    (placeholders.py: `{{ nik }}` of a letter to another agency). A letter shown inside a page (the template's
    preview, an iframe's srcdoc, under the page's Content-Security-Policy) passes the page's `style_nonce`."""
    issued = _issued(letter)
    logo = letter.organization.logo
    images = {
        "qr": qr_data_uri(verification_url(letter)) if with_qr and issued else "",
        "logo": logo.url if logo else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        return _render(letter, preview=preview, nik=full_nik or letter.nik_masked, images=images, nonce=style_nonce)


def letter_pdf(letter, *, with_qr: bool = True, full_nik: str = "") -> bytes:
    """The letter as PDF: the QR code and the letterhead's logo (read through its storage) are handed to the
    renderer, which loads nothing else (orgs/pdf.py)."""
    resources = {}
    if with_qr and _issued(letter):
        resources["qr"] = pdf.Resource(qr_svg(verification_url(letter)), "image/svg+xml")
    logo = pdf.stored_resource(letter.organization.logo)
    if logo is not None:
        resources["logo"] = logo
    images = {name: pdf.resource_url(name) for name in resources}
    with translation.override(settings.LANGUAGE_CODE):
        html = _render(letter, preview=False, nik=full_nik or letter.nik_masked, images=images)
    return pdf.render_pdf(html, resources=resources)


def _issued(letter) -> bool:
    # A draft has no page behind its QR yet (/v/ knows only issued letters): it carries a DRAF mark instead.
    return letter.status in (letter.Status.VALID, letter.Status.REVOKED)


def _render(letter, *, preview: bool, nik: str, images: dict[str, str], nonce: str = "") -> str:
    return render_to_string(
        "letters/letter.html",
        {
            "letter": letter,
            # Sanitized again here: a body saved before the allow-list, or through Django admin, prints the same.
            "body": sanitize.letter_body(show_nik(letter.html, nik)),
            "organization": letter.organization,
            "preview": preview,
            "style_nonce": nonce,
            "issued": _issued(letter),
            "qr": images.get("qr", ""),
            "logo": images.get("logo", ""),
            "verify_url": verification_url(letter),
            "signed_date": indonesian_date(letter.signed_at and timezone.localtime(letter.signed_at)) or "……………",
        },
    )
