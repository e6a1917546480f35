"""Every URL of the project, generated from the URL configuration, against another organization's staff.

Each view declares its audience with `sigap.orgs.tenancy.page`. Each URL's
arguments are filled with real objects of organization A (Magetan); then a
member and administrator of organization B (Bangkalan) requests it, GET and
POST, under A's slug and under B's own slug. Member and administrator pages
give 404; public pages show nothing of A that is not public. Anonymous
visitors of member pages are sent to the login page.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from sigap.cases.attachments import attachment_add
from sigap.letters.models import Letter
from sigap.orgs.models import Membership
from sigap.orgs.tenancy import Audience, audience_of
from sigap.worktime.models import Closure
from tests.factories import dtks_to_signing, login, make_staff, pdf_bytes, run

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def project_urls():
    """(route, view) of every URL pattern whose view is the project's own."""

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                view = entry.callback
                module = getattr(getattr(view, "view_class", view), "__module__", "")
                if module.startswith("sigap."):
                    yield route, view

    return list(walk(get_resolver().url_patterns, "/"))


def test_every_project_view_declares_its_audience():
    urls = project_urls()
    assert len(urls) > 30
    undeclared = [route for route, view in urls if audience_of(view) is None]
    assert undeclared == [], f"views without @page(audience): {undeclared}"


@pytest.fixture
def world(magetan_staff):
    """Objects of organization A (Magetan) and a member/administrator of B (Bangkalan)."""
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])  # signs the letter; the case waits on step 6
    letter = Letter.objects.get(case=case, status="sah")
    task = case.tasks.get(state__in=["terbuka", "diambil"])
    closure = Closure.objects.create(organization=case.organization, date="2026-12-24", name="Hari jadi contoh")
    membership = Membership.objects.filter(organization=case.organization).first()
    outsider = make_staff("bangkalan", "staf-linjamsos", "orang-luar", admin=True)
    attachment = attachment_add(
        case=case, user=magetan_staff["loket"], upload=SimpleUploadedFile("ktp.pdf", pdf_bytes()), requirement="KTP"
    )
    by_segment = {"permohonan": case.code, "surat": letter.code, "sop": case.sop.code, "v": letter.code}
    return {
        "case": case,
        "outsider": outsider,
        "values": {
            "task_id": task.pk,
            "sop_code": case.sop.code,
            "template_code": letter.template.code,
            "membership_id": membership.pk,
            "closure_id": closure.pk,
            "revision": case.version.revision,
            "attachment_id": attachment.pk,
            "uidb64": "MQ",  # a staff invitation's link (orgs/invite.py): public, for one user and token
            "token": "set-password",
        },
        "codes": by_segment,
        # What A keeps to itself: the applicant's name and address.
        "private": [case.applicant_name, case.address],
    }


def fill(route: str, world, slug: str) -> tuple[str, bool]:
    """The route with A's objects in it (under `slug`); whether it names any object at all."""
    names_object = False

    def value(match):
        nonlocal names_object
        name = match.group("name")
        if name == "org":
            return slug
        names_object = True
        if name == "code":
            segment = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            if segment.startswith("<"):  # /<org>/sop/<code>/ reads "sop" before it
                segment = "sop"
            return str(world["codes"][segment])
        if name not in world["values"]:
            raise AssertionError(f"{route}: no test object for <{name}>; add one to the world fixture")
        return str(world["values"][name])

    return PARAMETER.sub(value, route), names_object


def shows_private(response, world) -> bool:
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    return any(marker in text for marker in world["private"])


@pytest.mark.django_db
def test_other_organizations_staff_reach_nothing_of_a(client, world):
    login(client, world["outsider"])
    checked = 0
    for route, view in project_urls():
        audience = audience_of(view)
        if "<slug:org>" not in route:
            continue
        for slug in ("magetan", "bangkalan"):
            url, names_object = fill(route, world, slug)
            if slug == "bangkalan" and not names_object:
                continue  # B's own page about B: nothing of A in it
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                checked += 1
                if audience is Audience.PUBLIC:
                    assert response.status_code in (200, 302, 404, 405), (method, url, response.status_code)
                    assert not shows_private(response, world), (method, url)
                elif slug == "bangkalan" and method == "get" and response.status_code == 405:
                    # B's own POST-only action asked with GET: refused for the method, the same for any id.
                    assert response["Allow"] == "POST", url
                else:
                    assert response.status_code == 404, (method, url, response.status_code)
    assert checked > 60


@pytest.mark.django_db
def test_anonymous_visitors_of_member_pages_are_sent_to_login(client, world):
    for route, view in project_urls():
        if audience_of(view) is Audience.PUBLIC:
            continue
        url, _names_object = fill(route, world, "magetan")
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and response.url.startswith("/masuk/"), (method, url)


@pytest.mark.django_db
def test_public_pages_without_organization_show_nothing_private(client, world):
    for route, view in project_urls():
        if "<slug:org>" in route:
            continue
        assert audience_of(view) is Audience.PUBLIC, route
        url, _names_object = fill(route, world, "magetan")
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        assert not shows_private(response, world), url


@pytest.mark.django_db
def test_member_pages_and_files_are_never_stored_by_browsers_or_proxies(client, world):
    """Every answer of a member or administrator page, to the organization's own administrator, carries
    Cache-Control: no-store: the pages and files show personal data."""
    login(client, make_staff("magetan", "kadis", "kadis-admin", admin=True))
    answered = 0
    for route, view in project_urls():
        if "<slug:org>" not in route or audience_of(view) is Audience.PUBLIC:
            continue
        url, _names_object = fill(route, world, "magetan")
        response = client.get(url)
        if response.status_code == 404:
            continue  # nothing shown
        answered += response.status_code == 200
        assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)
    assert answered > 15
