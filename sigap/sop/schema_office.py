"""The schema of the two office documents of an SOP file set: ``instansi`` (the organization) and ``keputusan``.

``instansi`` is an organization with its units (bidang) and positions
(jabatan); ``keputusan`` is a decree of the head of office with its lampiran,
the list of SOPs it establishes. Each function checks a document's Nodes with
a `Checker` and returns its normalized dict (sopfile.py).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from .filecheck import LONG_TEXT, Checker, join, keys
from .yamlfile import Node

_OFFICIAL_KEYS = ("jabatan", "nama", "pangkat", "nip")
# Each text of the organization with the length of its column (orgs.models.Organization).
_ORGANIZATION_TEXTS = {
    "kode_wilayah": 5,
    "alamat": 300,
    "kode_pos": 10,
    "kota": 100,
    "telepon": 50,
    "faks": 50,
    "email": 254,
    "laman": 200,
}
_ORGANIZATION_KEYS = keys(
    "kode nama pemerintah tingkat", "kode_wilayah alamat kode_pos kota telepon faks email laman bidang jabatan"
)
_UNIT_KEYS = keys("kode nama", "singkatan")
_POSITION_KEYS = keys("kode nama", "bidang kepala_dinas kepala_bidang pejabat pangkat nip")
_DECREE_KEYS = keys(
    "instansi nomor judul", "tanggal ditetapkan_di mengubah menimbang mengingat diktum penandatangan lampiran"
)


def official(c: Checker, entry, name: str) -> dict:
    """An official (position, name, rank, NIP); always all four keys, empty when not given."""
    fields = None
    if entry is not None and entry[0].value is not None:
        fields = c.mapping(entry[0], name, dict.fromkeys(_OFFICIAL_KEYS, False))
    return {key: c.text((fields or {}).get(key), join(name, key)) for key in _OFFICIAL_KEYS}


def organization(c: Checker, node: Node, name: str) -> dict:
    f = c.mapping(node, name, _ORGANIZATION_KEYS)
    if f is None:
        return {}
    data: dict[str, Any] = {
        "kode": c.slug(f.get("kode"), "kode", required=True),
        "nama": c.text(f.get("nama"), "nama", required=True, max_length=200, name=True),
        "pemerintah": c.text(f.get("pemerintah"), "pemerintah", required=True, max_length=200, name=True),
        "tingkat": c.choice(f.get("tingkat"), "tingkat", ("kabupaten", "kota", "provinsi")),
    }
    for key, max_length in _ORGANIZATION_TEXTS.items():
        data[key] = c.text(f.get(key), key, max_length=max_length)
    if data["kode_wilayah"] and not re.match(r"^\d{2}(\.\d{2})?$", data["kode_wilayah"]):
        c.error(f["kode_wilayah"][0].line, "kode_wilayah", _("harus berbentuk PP atau PP.KK, mis. 35.20"))
    data["bidang"] = _units(c, f.get("bidang"))
    data["jabatan"] = _positions(c, f.get("jabatan"), {unit["kode"] for unit in data["bidang"]})
    return data


def _units(c: Checker, entry) -> list[dict]:
    units, codes = [], set()
    for index, item in enumerate(c.items(entry, "bidang")):
        label = f"bidang[{index + 1}]"
        uf = c.mapping(item, label, _UNIT_KEYS)
        if uf is None:
            continue
        unit = {
            "kode": c.slug(uf.get("kode"), f"{label}.kode", required=True),
            "nama": c.text(uf.get("nama"), f"{label}.nama", required=True, max_length=200, name=True),
            "singkatan": c.text(uf.get("singkatan"), f"{label}.singkatan", max_length=100, name=True),
        }
        if unit["kode"] in codes:
            c.error(item.line, f"{label}.kode", _('kode bidang "%(v)s" dipakai dua kali') % {"v": unit["kode"]})
        codes.add(unit["kode"])
        units.append(unit)
    return units


def _positions(c: Checker, entry, unit_codes: set[str]) -> list[dict]:
    positions, codes = [], set()
    for index, item in enumerate(c.items(entry, "jabatan")):
        label = f"jabatan[{index + 1}]"
        pf = c.mapping(item, label, _POSITION_KEYS)
        if pf is None:
            continue
        position = {
            "kode": c.slug(pf.get("kode"), f"{label}.kode", required=True),
            "nama": c.text(pf.get("nama"), f"{label}.nama", required=True, max_length=200, name=True),
            "bidang": c.slug(pf.get("bidang"), f"{label}.bidang"),
            "kepala_dinas": c.flag(pf.get("kepala_dinas"), f"{label}.kepala_dinas"),
            "kepala_bidang": c.flag(pf.get("kepala_bidang"), f"{label}.kepala_bidang"),
            "pejabat": c.text(pf.get("pejabat"), f"{label}.pejabat", max_length=200, name=True),
            "pangkat": c.text(pf.get("pangkat"), f"{label}.pangkat", max_length=100),
            "nip": c.text(pf.get("nip"), f"{label}.nip", max_length=30),
        }
        if position["bidang"] and position["bidang"] not in unit_codes:
            c.error(
                pf["bidang"][0].line,
                f"{label}.bidang",
                _('bidang "%(v)s" tidak ada di daftar bidang') % {"v": position["bidang"]},
            )
        if position["kode"] in codes:
            c.error(item.line, f"{label}.kode", _('kode jabatan "%(v)s" dipakai dua kali') % {"v": position["kode"]})
        codes.add(position["kode"])
        positions.append(position)
    return positions


def decree(c: Checker, node: Node, name: str) -> dict:
    f = c.mapping(node, name, _DECREE_KEYS)
    if f is None:
        return {}
    data: dict[str, Any] = {
        "instansi": c.slug(f.get("instansi"), "instansi", required=True),
        "nomor": c.text(f.get("nomor"), "nomor", required=True, max_length=100),
        "tanggal": c.date(f.get("tanggal"), "tanggal"),
        "ditetapkan_di": c.text(f.get("ditetapkan_di"), "ditetapkan_di"),
        "judul": c.text(f.get("judul"), "judul", required=True, max_length=LONG_TEXT),
        "mengubah": c.text(f.get("mengubah"), "mengubah", max_length=LONG_TEXT),
        "menimbang": c.text_list(f.get("menimbang"), "menimbang"),
        "mengingat": c.text_list(f.get("mengingat"), "mengingat"),
        "penandatangan": official(c, f.get("penandatangan"), "penandatangan"),
    }
    diktum = []
    for index, item in enumerate(c.items(f.get("diktum"), "diktum")):
        label = f"diktum[{index + 1}]"
        df = c.mapping(item, label, keys("label isi"))
        if df is not None:
            diktum.append(
                {
                    "label": c.text(df.get("label"), f"{label}.label", required=True),
                    "isi": c.text(df.get("isi"), f"{label}.isi", required=True, max_length=LONG_TEXT),
                }
            )
    data["diktum"] = diktum
    data["lampiran"] = _lampiran(c, f.get("lampiran"))
    return data


def _lampiran(c: Checker, entry) -> list[dict]:
    """The decree's lampiran: per unit, the SOPs it establishes (codes unique across the decree)."""
    lampiran, codes = [], set()
    for index, item in enumerate(c.items(entry, "lampiran")):
        label = f"lampiran[{index + 1}]"
        lf = c.mapping(item, label, keys("bidang sop", "judul"))
        if lf is None:
            continue
        section: dict[str, Any] = {
            "bidang": c.slug(lf.get("bidang"), f"{label}.bidang", required=True),
            "judul": c.text(lf.get("judul"), f"{label}.judul"),
            "sop": [],
        }
        for sop_index, sop_item in enumerate(c.items(lf.get("sop"), f"{label}.sop")):
            sop_label = f"{label}.sop[{sop_index + 1}]"
            sf = c.mapping(sop_item, sop_label, keys("kode nama", "huruf"))
            if sf is None:
                continue
            entry = {
                "kode": c.slug(sf.get("kode"), f"{sop_label}.kode", required=True, max_length=100),
                "huruf": c.text(sf.get("huruf"), f"{sop_label}.huruf", max_length=3),
                "nama": c.text(sf.get("nama"), f"{sop_label}.nama", required=True, name=True),
            }
            if entry["kode"] in codes:
                c.error(
                    sop_item.line, f"{sop_label}.kode", _('kode SOP "%(v)s" dipakai dua kali') % {"v": entry["kode"]}
                )
            codes.add(entry["kode"])
            section["sop"].append(entry)
        lampiran.append(section)
    return lampiran
