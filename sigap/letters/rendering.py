"""A letter as HTML (letterhead, number, body, signature block, QR) and as PDF."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sigap.orgs.letterhead import logo_data_uri

from .placeholders import indonesian_date, show_nik


def verification_url(letter) -> str:
    return settings.SIGAP_PUBLIC_URL + reverse("verify", args=[letter.code])


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def letter_html(letter, *, with_qr: bool = True, preview: bool = False, full_nik: str = "") -> str:
    """The letter as HTML; always in the office's language, whatever the signer's screen language.

    Everything shown on screen carries the masked NIK; only the PDF being signed passes `full_nik`
    (placeholders.py: `{{ nik }}` of a letter to another agency)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render(letter, with_qr=with_qr, preview=preview, nik=full_nik or letter.nik_masked)


def _render(letter, *, with_qr: bool, preview: bool, nik: str) -> str:
    # A draft has no page behind its QR yet (/v/ knows only issued letters): it carries a DRAF mark instead.
    issued = letter.status in (letter.Status.VALID, letter.Status.REVOKED)
    return render_to_string(
        "letters/letter.html",
        {
            "letter": letter,
            "body": show_nik(letter.html, nik),
            "organization": letter.organization,
            "logo": logo_data_uri(letter.organization.logo),
            "preview": preview,
            "issued": issued,
            "qr": qr_data_uri(verification_url(letter)) if with_qr and issued else "",
            "verify_url": verification_url(letter),
            "signed_date": indonesian_date(letter.signed_at and timezone.localtime(letter.signed_at)) or "……………",
        },
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_letter_fetcher()).write_pdf()


def _letter_fetcher():
    """What a letter's PDF may load: data: URLs only (the QR code and the letterhead's logo, which is read through
    the file storage: orgs.letterhead.logo_data_uri). A template's body is HTML an administrator writes; it must
    never embed a file of the server (an `<img>` or `<a rel="attachment">` naming file:///…) or make the server
    fetch an address."""
    from weasyprint.urls import URLFetcher

    class LetterFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"a letter loads no outside resource: {url[:80]}")

    return LetterFetcher()
