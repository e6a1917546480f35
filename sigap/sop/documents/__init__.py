"""The official SOP document (Permenpan RB 35/2012) as HTML and PDF, and the Buku SOP.

One template draws an SOP the way the regulation prints it: the identity table
(organization block, No. Dokumen ... Nama SOP, then Dasar Hukum | Kualifikasi
Pelaksana, Keterkaitan | Peralatan/Perlengkapan, Peringatan | Pencatatan dan
Pendataan) and the flowchart table (NO, URAIAN KEGIATAN, one PELAKSANA column
per lane, MUTU BAKU and KETERANGAN) with the flowchart drawn into the lane
columns. The same HTML is the SOP page on the web (`sop_html`) and, split into
pages, the PDF (`sop_pdf`) and the Buku SOP (`book_pdf`: cover, decree,
lampiran with its table of contents and every established SOP).

The flowchart is one SVG per page spanning the lane columns, so arrows run
cleanly from row to row. That needs every row's height known before layout:
rows get explicit heights from the text they hold, measured with the advance
widths of Arial (which Liberation Sans matches) built into measure.py and
rounded up, and the rows of each page are chosen from those heights. The
result is the same on every machine.
"""

from __future__ import annotations

from .book import book_contents, book_pdf, book_pdf_html, book_print
from .context import IMAGE_SCHEME, screen_css, sop_document, sop_html, style_context
from .layout import (
    BORDER,
    COLS,
    FONT_PT,
    HEAD_PT,
    LINE_HEIGHT,
    PAD,
    PAPERS,
    Paper,
    TableLayout,
    css_string,
    identity_height,
    note_text,
    paper_get,
    table_layout,
)
from .measure import PT, line_count, text_width
from .printing import PrintJob, print_stylesheets, sop_pdf, sop_pdf_html, sop_print

__all__ = [
    "BORDER",
    "COLS",
    "FONT_PT",
    "HEAD_PT",
    "IMAGE_SCHEME",
    "LINE_HEIGHT",
    "PAD",
    "PAPERS",
    "PT",
    "Paper",
    "PrintJob",
    "TableLayout",
    "book_contents",
    "book_pdf",
    "book_pdf_html",
    "book_print",
    "css_string",
    "identity_height",
    "line_count",
    "note_text",
    "paper_get",
    "print_stylesheets",
    "screen_css",
    "sop_document",
    "sop_html",
    "sop_pdf",
    "sop_pdf_html",
    "sop_print",
    "style_context",
    "table_layout",
    "text_width",
]
