"""Registers as Excel (openpyxl, write-only: constant memory) and as a printed PDF book."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sigap.orgs import pdf
from sigap.orgs.spreadsheet import cell_value


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    kind: str = "text"  # text, datetime, int


SOP_REGISTER = (
    Column("tanggal_masuk", "Tanggal masuk", 18, "datetime"),
    Column("kode", "Kode lacak", 16),
    Column("pemohon", "Pemohon", 28),
    Column("nik", "NIK", 20),
    Column("status", "Status", 20),
    Column("hasil", "Hasil", 32),
    Column("nomor_surat", "Nomor surat", 26),
    Column("tanggal_keluar", "Tanggal selesai", 18, "datetime"),
    Column("petugas", "Petugas", 22),
)
LETTER_REGISTER = (
    Column("nomor_urut", "No. urut", 9, "int"),
    Column("nomor", "Nomor surat", 28),
    Column("tanggal", "Tanggal", 18, "datetime"),
    Column("jenis", "Jenis surat", 30),
    Column("pemohon", "Pemohon (inisial)", 16),
    Column("penandatangan", "Penandatangan", 28),
    Column("status", "Status", 12),
    Column("keterangan", "Keterangan", 40),
)


def _converters(columns: tuple[Column, ...], sheet) -> list[Callable[[Any], Any]]:
    """One function per column turning a row's value into the cell's (a date in local office time,
    nothing as an empty cell, text that would start a formula as text: orgs/spreadsheet.py), the time zone
    looked up once per export instead of once per cell."""
    zone = timezone.get_current_timezone()

    def moment(value):
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:  # Excel has no time zones: local office time
                return value.astimezone(zone).replace(tzinfo=None)
            return value
        return "" if value is None else cell_value(sheet, value)

    def plain(value):
        return "" if value is None else cell_value(sheet, value)

    return [moment if column.kind == "datetime" else plain for column in columns]


def xlsx(rows: Iterable[dict], columns: tuple[Column, ...], *, title: str) -> tempfile.SpooledTemporaryFile:
    """Write rows to a workbook in write-only mode; returns a file positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBDD")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.title)
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    count = 0
    cells = list(zip([column.key for column in columns], _converters(columns, sheet)))
    append = sheet.append
    for row in rows:
        # Plain values: openpyxl types them itself (dates as dates, numbers as numbers), and skipping a
        # styled cell object per value keeps the export fast; only text that would start a formula is a cell.
        append([convert(row.get(key)) for key, convert in cells])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    out = tempfile.SpooledTemporaryFile(max_size=256 * 1024)  # larger exports go to disk: memory stays flat
    workbook.save(out)
    out.seek(0)
    return out


def register_pdf(
    rows: Iterable[dict],
    columns: tuple[Column, ...],
    *,
    organization,
    title: str,
    subtitle: str,
    signer: dict | None = None,
) -> bytes:
    """The printed register book: letterhead, table with repeated header, page numbers, signature block."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "letters/register_pdf.html",
            {
                "organization": organization,
                "title": title,
                "subtitle": subtitle,
                "columns": columns,
                "rows": [[_display(c, row.get(c.key)) for c in columns] for row in rows],
                "signer": signer or {},
                "printed": timezone.localtime(),
            },
        )
    return pdf.render_pdf(html)


def _display(column: Column, value) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return "" if value is None else str(value)
