"""Pengaturan › Log akses: the administrator searches the access log and exports it to Excel.

The search form posts (as the case search does), so a NIK typed into it never
lands in a URL: it is turned into its keyed hash and finds the NIK searches
recorded under it and every read of that person's cases (access_log.nik_key,
AccessRecord.subject_key). Text cells of the export that a spreadsheet would
read as a formula are written as plain strings (orgs.spreadsheet.cell_value).
"""

from __future__ import annotations

import datetime
import tempfile

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from .access_log import NIK_KIND, AccessRecord, nik_key
from .models import Organization
from .spreadsheet import cell_value
from .tenancy import Audience, page

PAGE_SIZE = 50
KINDS = {
    "case": gettext_lazy("permohonan"),
    "letter": gettext_lazy("surat"),
    "attachment": gettext_lazy("berkas"),
    "sop": gettext_lazy("SOP"),
    NIK_KIND: gettext_lazy("NIK (hash)"),
}


class AccessSearchForm(forms.Form):
    pengguna = forms.CharField(label=gettext_lazy("Pengguna"), max_length=150, required=False)
    mulai = forms.DateField(label=gettext_lazy("Dari tanggal"), required=False)
    sampai = forms.DateField(label=gettext_lazy("Sampai tanggal"), required=False)
    aksi = forms.ChoiceField(
        label=gettext_lazy("Aksi"),
        required=False,
        choices=[("", gettext_lazy("Semua")), *AccessRecord.Action.choices],
    )
    q = forms.CharField(label=gettext_lazy("Kode lacak atau NIK"), max_length=40, required=False)

    def clean_pengguna(self):
        return self.cleaned_data["pengguna"].replace("\x00", "").strip()

    def clean_q(self):
        return self.cleaned_data["q"].replace("\x00", "").strip()


def access_records(
    *,
    organization: Organization,
    user_text: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    action: str = "",
    query: str = "",
) -> QuerySet[AccessRecord]:
    """The organization's access records matching the search, newest first. `query` is a case's tracking
    code, or a NIK, looked up by its keyed hash: the searches for it and the reads of the cases it is the
    applicant's NIK of (recorded with it since the subject was kept)."""
    records = AccessRecord.objects.filter(organization=organization)
    if user_text:
        records = records.filter(
            Q(username__icontains=user_text)
            | Q(user__first_name__icontains=user_text)
            | Q(user__last_name__icontains=user_text)
        )
    if start:
        records = records.filter(at__date__gte=start)
    if end:
        records = records.filter(at__date__lte=end)
    if action:
        records = records.filter(action=action)
    if query:
        key = nik_key(query)
        if key is not None:
            records = records.filter(subject_key=key)  # the NIK searches and every read of that person's data
        else:
            records = records.filter(case_code__iexact=query)
    return records.select_related("user").order_by("-at", "-pk")


def _search(request, organization):
    form = AccessSearchForm(request.POST if request.method == "POST" else None)
    data = form.cleaned_data if form.is_valid() else {}
    records = access_records(
        organization=organization,
        user_text=data.get("pengguna", ""),
        start=data.get("mulai"),
        end=data.get("sampai"),
        action=data.get("aksi", ""),
        query=data.get("q", ""),
    )
    return form, records


@page(Audience.ADMINISTRATOR)
def access_log(request, organization):
    form, records = _search(request, organization)
    if request.POST.get("format") == "xlsx":
        return FileResponse(
            access_log_xlsx(records),
            as_attachment=True,
            filename=f"log-akses-{organization.slug}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    listing = Paginator(records, PAGE_SIZE).get_page(request.POST.get("hal"))
    for record in listing:
        record.kind_label = KINDS.get(record.object_kind, record.object_kind)
    return render(
        request,
        "orgs/settings_access_log.html",
        {"organization": organization, "form": form, "page": listing, "records": listing},
    )


COLUMNS = (
    (gettext_lazy("Waktu"), 20),
    (gettext_lazy("Pengguna"), 20),
    (gettext_lazy("Nama"), 26),
    (gettext_lazy("Aksi"), 30),
    (gettext_lazy("Jenis"), 14),
    (gettext_lazy("Objek"), 66),
    (gettext_lazy("Kode lacak"), 16),
    (gettext_lazy("Keterangan"), 14),
    (gettext_lazy("Alamat klien"), 18),
    (gettext_lazy("Peramban"), 40),
)


def access_log_xlsx(records: QuerySet[AccessRecord]) -> tempfile.SpooledTemporaryFile:
    """The records as one worksheet (openpyxl write-only: constant memory), times in the office's zone."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Log akses"))
    for index, (_title, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([str(title) for title, _width in COLUMNS])
    actions = {value: str(label) for value, label in AccessRecord.Action.choices}
    for record in records.iterator(chunk_size=2000):
        name = record.user.get_full_name() if record.user is not None else ""
        texts = [
            record.username,
            name,
            actions.get(record.action, record.action),
            str(KINDS.get(record.object_kind, record.object_kind)),
            record.object_ref,
            record.case_code,
            record.detail,
            record.client_address or "",
            record.user_agent,
        ]
        moment = timezone.localtime(record.at).replace(tzinfo=None)  # Excel has no time zones
        sheet.append([moment, *(cell_value(sheet, text) for text in texts)])
    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    workbook.save(out)
    out.seek(0)
    return out
