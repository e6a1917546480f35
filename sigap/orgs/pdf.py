"""The one PDF renderer: every WeasyPrint document of sigap (letters, SOP documents, the Buku SOP, registers).

HTML that reaches a PDF is partly written by people (a letter template's body, an SOP's text), and
WeasyPrint loads whatever a document names: an `<img>`, a stylesheet, a font, and the files of
`<a rel="attachment">` and `<link rel="attachment">`, which it embeds in the PDF. So a document is
rendered with no base URL (a relative address names nothing) and with a fetcher that serves only the
resources the code hands it, by name (`<img src="sigap-resource:qr">`), and refuses everything else:
`file:`, `http(s):`, `data:` and any name it was not given. Printing never reads a file of the server
and never makes a request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SCHEME = "sigap-resource:"


@dataclass(frozen=True)
class Resource:
    """Bytes handed to a document, and their media type (`image/svg+xml`, `image/png`...)."""

    body: bytes
    mime: str


def resource_url(name: str) -> str:
    """The address a document writes to use the resource handed as `name`."""
    return SCHEME + name


def stored_resource(field) -> Resource | None:
    """A file field's content (the organization's logo) read through its storage, or None when it is empty."""
    import mimetypes

    if not field:
        return None
    with field.storage.open(field.name, "rb") as handle:
        body = handle.read()
    return Resource(body, mimetypes.guess_type(field.name)[0] or "application/octet-stream")


class RefusedResource(ValueError):
    """A document named something that was not handed to it."""


def _fetcher(resources: Mapping[str, Resource]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class HandedResources(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(SCHEME) and url[len(SCHEME) :] in resources:
                resource = resources[url[len(SCHEME) :]]
                return URLFetcherResponse(url, resource.body, {"Content-Type": resource.mime})
            raise RefusedResource(f"sigap prints no outside resource: {url[:80]}")

    return HandedResources()


def stylesheet(css: str):
    """A compiled stylesheet (keep it to reuse it); it loads nothing either."""
    from weasyprint import CSS  # imported late: loading WeasyPrint costs time the web pages do not need

    return CSS(string=css, url_fetcher=_fetcher({}))


def document(html: str, *, resources: Mapping[str, Resource] | None = None, stylesheets: Iterable = ()):
    """The laid-out document (pages and boxes), for a caller that measures it before writing it."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=_fetcher(dict(resources or {}))).render(
        stylesheets=list(stylesheets)
    )


def render_pdf(html: str, *, resources: Mapping[str, Resource] | None = None, stylesheets: Iterable = ()) -> bytes:
    """The PDF of `html`, which may use the `resources` handed to it and nothing else."""
    return document(html, resources=resources, stylesheets=stylesheets).write_pdf()
