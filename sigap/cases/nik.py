"""NIK (Nomor Induk Kependudukan): structure and birth date checks, masking.

A NIK is 16 digits: PP KK CC DDMMYY SSSS — province, regency/city, district,
birth date (women: day + 40) and a serial number.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError
from sigap.privacy import keep_ends

PROVINCES = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}
# Regencies and cities of Jawa Timur, where the shipped offices are.
REGENCIES = {
    "35.01": "Kabupaten Pacitan",
    "35.02": "Kabupaten Ponorogo",
    "35.03": "Kabupaten Trenggalek",
    "35.04": "Kabupaten Tulungagung",
    "35.05": "Kabupaten Blitar",
    "35.06": "Kabupaten Kediri",
    "35.07": "Kabupaten Malang",
    "35.08": "Kabupaten Lumajang",
    "35.09": "Kabupaten Jember",
    "35.10": "Kabupaten Banyuwangi",
    "35.11": "Kabupaten Bondowoso",
    "35.12": "Kabupaten Situbondo",
    "35.13": "Kabupaten Probolinggo",
    "35.14": "Kabupaten Pasuruan",
    "35.15": "Kabupaten Sidoarjo",
    "35.16": "Kabupaten Mojokerto",
    "35.17": "Kabupaten Jombang",
    "35.18": "Kabupaten Nganjuk",
    "35.19": "Kabupaten Madiun",
    "35.20": "Kabupaten Magetan",
    "35.21": "Kabupaten Ngawi",
    "35.22": "Kabupaten Bojonegoro",
    "35.23": "Kabupaten Tuban",
    "35.24": "Kabupaten Lamongan",
    "35.25": "Kabupaten Gresik",
    "35.26": "Kabupaten Bangkalan",
    "35.27": "Kabupaten Sampang",
    "35.28": "Kabupaten Pamekasan",
    "35.29": "Kabupaten Sumenep",
    "35.71": "Kota Kediri",
    "35.72": "Kota Blitar",
    "35.73": "Kota Malang",
    "35.74": "Kota Probolinggo",
    "35.75": "Kota Pasuruan",
    "35.76": "Kota Mojokerto",
    "35.77": "Kota Madiun",
    "35.78": "Kota Surabaya",
    "35.79": "Kota Batu",
}


class NikError(SigapError, ValueError):
    """A NIK that is not well formed; the message is in Bahasa Indonesia."""


@dataclass(frozen=True)
class Nik:
    value: str
    birth_date: datetime.date
    female: bool

    @property
    def province_code(self) -> str:
        return self.value[:2]

    @property
    def regency_code(self) -> str:
        return regency_code(self.value)

    @property
    def province(self) -> str:
        return PROVINCES[self.province_code]

    @property
    def regency(self) -> str:
        return REGENCIES.get(self.regency_code, "")

    @property
    def masked(self) -> str:
        return mask(self.value)


def regency_code(value: str) -> str:
    """The regency a NIK was issued in, as region codes are written: "35.20" (works on a masked NIK too)."""
    return f"{value[:2]}.{value[2:4]}"


def region(value: str) -> str:
    """Province and regency named by a NIK's first four digits (works on a masked NIK too)."""
    province = PROVINCES.get(value[:2], "")
    regency = REGENCIES.get(regency_code(value), "")
    return " · ".join(part for part in (province, regency) if part) or regency_code(value)


def region_differs(value: str, region_code: str) -> bool:
    """Whether a NIK (full or masked) was issued outside an organization's region ("35.20", or "35" for a
    province); an organization without a region code is never told."""
    if not region_code or len(value) < 4:
        return False
    issued = regency_code(value) if "." in region_code else value[:2]
    return issued != region_code


def region_note(value: str, region_code: str) -> str:
    """What staff are told when a NIK comes from elsewhere: accepted (people move), never silently."""
    if not region_differs(value, region_code):
        return ""
    return _(
        "NIK ini terbit di %(issued)s (kode %(code)s), bukan di wilayah instansi ini (kode %(own)s). "
        "Permohonan tetap dapat diterima, misalnya bila pemohon sudah pindah; periksa KTP/KK dan "
        "alamat domisilinya."
    ) % {"issued": region(value), "code": regency_code(value), "own": region_code}


def mask(value: str) -> str:
    """Show the region and the last four digits only: 3520**********0001 style."""
    return keep_ends(value) if len(value) == 16 else "*" * len(value)


def parse_nik(text: str, *, today: datetime.date | None = None) -> Nik:
    value = re.sub(r"[\s.\-]", "", str(text or ""))
    if not re.fullmatch(r"\d{16}", value):
        raise NikError(_("NIK harus 16 angka (tertulis %(n)s karakter)") % {"n": len(value)})
    if value[:2] not in PROVINCES:
        raise NikError(_("kode provinsi %(code)s pada NIK tidak dikenal") % {"code": value[:2]})
    if value[2:4] == "00" or value[4:6] == "00":
        raise NikError(_("kode kabupaten/kota dan kecamatan pada NIK tidak boleh 00"))
    day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    female = day > 40
    if female:
        day -= 40
    today = today or datetime.date.today()
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        birth = datetime.date(century + year, month, day)
    except ValueError:
        raise NikError(
            _("tanggal lahir pada NIK (%(d)s-%(m)s-%(y)s) tidak ada")
            % {"d": value[6:8], "m": value[8:10], "y": value[10:12]}
        ) from None
    if birth > today:
        raise NikError(_("tanggal lahir pada NIK ada di masa depan"))
    if value[12:] == "0000":
        raise NikError(_("nomor urut pada NIK tidak boleh 0000"))
    return Nik(value=value, birth_date=birth, female=female)
