"""Excel exports write what people typed as text, never as a formula (OWASP "CSV injection"): an applicant
named `=HYPERLINK(...)`, a revocation reason starting with `+` or `@`, and so on."""

import io

from openpyxl import load_workbook

from sigap.cases import services as case_services
from sigap.letters import exports, services
from sigap.letters.models import Letter
from sigap.orgs.models import Organization
from sigap.sop.models import Sop
from tests.factories import NIK, login, run

RISKY = [
    '=HYPERLINK("http://x.example/","klik")',
    "+62 cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def workbook_cells(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [cell for row in sheet.iter_rows(min_row=2) for cell in row]


def assert_text(cells, expected):
    found = {cell.value: cell for cell in cells if cell.value in expected}
    assert set(found) == set(expected), f"missing: {set(expected) - set(found)}"
    for cell in found.values():
        assert cell.data_type == "s" and cell.quotePrefix, (cell.value, cell.data_type)
    assert not [cell for cell in cells if cell.data_type == "f"]


def open_named(staff, name):
    org = Organization.objects.get(slug="magetan")
    return case_services.case_open(
        organization=org,
        sop=Sop.objects.get(organization=org, code="surat-keterangan-terdaftar-dtks"),
        opened_by=staff["loket"],
        applicant_name=name,
        nik=NIK,
        requirements=[case_services.Requirement("Fotokopi KTP pemohon", True)],
    )


def test_sop_register_excel_writes_applicant_names_that_look_like_formulas_as_text(client, magetan_staff):
    for name in RISKY:
        open_named(magetan_staff, name)
    magetan_staff["loket"].first_name = "=cmd"
    magetan_staff["loket"].save()
    login(client, magetan_staff["loket"])
    response = client.get("/magetan/register/surat-keterangan-terdaftar-dtks/", {"format": "xlsx"})
    # Names are stored stripped ("\t=1+1" becomes "=1+1"), which is as dangerous.
    assert_text(workbook_cells(response), [*{name.strip() for name in RISKY}, "=cmd"])


def test_letter_register_excel_writes_revocation_reasons_and_initials_as_text(client, magetan_staff):
    reasons = RISKY[1:]
    for reason in reasons:
        case = open_named(magetan_staff, RISKY[0])
        run(case, magetan_staff["loket"], decision=True)
        run(case, magetan_staff["loket"])
        run(case, magetan_staff["kabid"])  # signs
        letter = Letter.objects.get(case=case, status=Letter.Status.VALID)
        services.letter_revoke(letter=letter, by=magetan_staff["kadis"], reason=reason)
    login(client, magetan_staff["loket"])
    cells = workbook_cells(client.get("/magetan/surat/", {"format": "xlsx"}))
    assert_text(cells, [*{reason.strip() for reason in reasons}, "=."])


def test_every_register_layout_writes_each_dangerous_start_as_text_and_leaves_other_values_typed():
    """A leading tab or carriage return never survives the services' stripping, so the writer is asked
    directly, for both registers' columns."""
    import datetime

    for columns in (exports.SOP_REGISTER, exports.LETTER_REGISTER):
        text_columns = [column.key for column in columns if column.kind == "text"]
        rows = [dict.fromkeys(text_columns, value) for value in RISKY]
        rows.append({**dict.fromkeys(text_columns, "Siti Contoh"), columns[0].key: datetime.datetime(2026, 11, 23)})
        sheet = load_workbook(exports.xlsx(rows, columns, title="Uji")).active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        assert_text(cells, RISKY)
        plain = [cell for cell in cells if cell.value == "Siti Contoh"]
        assert plain and not any(cell.quotePrefix for cell in plain)
        assert isinstance(sheet.cell(row=len(rows) + 1, column=1).value, datetime.datetime)
