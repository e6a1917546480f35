"""Key pages in Chromium under the Content-Security-Policy: nothing they need is blocked, and what the policy
blocks is reported (the check itself is checked with a script that a page must not run)."""

import pytest

from sigap.letters.models import Letter
from tests.factories import dtks_to_signing, make_staff

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.effectiveDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(page):
    """The page, and the policy violations seen so far: events of each frame's document and console reports."""
    console: list[str] = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.add_init_script(WATCH)

    def violations() -> list[str]:
        seen = list(console)
        for frame in page.frames:
            try:
                seen += frame.evaluate("window.__cspViolations || []")
            except Exception:  # a sandboxed frame runs no script, the watcher's included: its console still reports
                pass
        return seen

    return page, violations


def test_the_watcher_sees_a_blocked_inline_script(watched, live_server):
    page, violations = watched
    page.goto("/masuk/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                             document.body.appendChild(s); }""")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.ran") is None and violations()


def test_key_pages_raise_no_policy_violation(watched, magetan_staff):
    page, violations = watched
    case = dtks_to_signing(magetan_staff)
    draft = Letter.objects.get(case=case)
    make_staff("magetan", "sekretaris", "admin-csp", admin=True)

    page.goto("/magetan/sop/")
    page.goto("/magetan/sop/surat-keterangan-terdaftar-dtks/")
    page.wait_for_selector(".sop-doc svg g.step")  # htmx put the document in, with its stylesheet
    assert page.locator(".sop-doc").evaluate("e => getComputedStyle(e).fontFamily").startswith("Arial")
    sign_in(page, "kadis")
    page.goto(f"/magetan/permohonan/{case.code}/")
    fill = page.evaluate(
        "n => getComputedStyle(document.querySelector(`.case-flow-doc g.step[data-step='${n}'] > rect`)).fill",
        page.locator(".case-flow-doc").get_attribute("data-current-step"),
    )
    assert fill == "rgb(255, 230, 156)"  # the current step's style, with the request's nonce, applies
    page.goto(f"/magetan/permohonan/{case.code}/tanda-terima/")
    page.locator("button[data-print]").wait_for()
    page.goto(f"/magetan/surat/{draft.code}/pratinjau/")
    page.goto("/magetan/kotak-masuk/")
    page.locator("#sigap-nav button.dropdown-toggle").click()  # Bootstrap's menu opens
    page.get_by_role("button", name="Keluar").click()
    sign_in(page, "admin-csp")
    page.goto("/magetan/surat/templat/surat-keterangan-terdaftar-dtks/")
    page.get_by_role("button", name="Pratinjau").click()
    frame = page.frame_locator("iframe.sigap-preview-frame")
    frame.locator(".kop").wait_for()
    assert frame.locator(".nomor").evaluate("e => getComputedStyle(e).textAlign") == "center"  # its style applies
    assert violations() == []


def test_without_htmx_the_sop_page_still_gets_its_document(watched, shipped_sops):
    """sigap.js fetches the SOP document when htmx does not load (the fallback that was an inline script)."""
    page, violations = watched
    page.route("**/htmx.min.js", lambda route: route.abort())
    page.goto("/magetan/sop/surat-keterangan-terdaftar-dtks/")
    page.wait_for_selector(".sop-doc svg g.step")
    assert page.evaluate("window.htmx") is None and violations() == []


def test_django_admin_raises_no_policy_violation(watched, shipped_sops):
    from django.contrib.auth import get_user_model

    from sigap.orgs.models import Organization

    page, violations = watched
    get_user_model().objects.create_superuser("akar-csp", password="rahasia-uji-123")
    organization = Organization.objects.get(slug="magetan")
    sign_in(page, "akar-csp")  # with the second factor Django admin asks of the platform superuser
    page.goto(f"/admin/orgs/organization/{organization.pk}/change/")
    page.locator("#organization_form").wait_for()
    page.goto("/admin/orgs/organization/")
    page.goto("/admin/worktime/closure/add/")
    page.locator("#closure_form").wait_for()
    assert violations() == []
