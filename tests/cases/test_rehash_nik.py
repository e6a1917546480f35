"""`manage.py rehash_nik`: after the hash key had to change, the NIK look-up hashes are recomputed and a search
by NIK finds the cases opened before again."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope

from sigap.cases.selectors import case_search
from tests.factories import NIK, open_case


def found(case) -> bool:
    with scope(organization=case.organization_id):
        return case in case_search(organization=case.organization, user=case.opened_by, query=NIK)


def test_rehash_after_a_new_hash_key_finds_the_cases_again(magetan_staff, settings):
    settings.SIGAP_HASH_KEY = "the-hash-key-that-was-public-" + "p" * 40
    cases = [open_case(magetan_staff, "surat-keterangan-terdaftar-dtks") for _ in range(3)]
    assert found(cases[0])
    settings.SIGAP_HASH_KEY = "the-new-own-hash-key-" + "n" * 40
    assert not found(cases[0])
    with pytest.raises(CommandError):
        call_command("rehash_nik", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rehash_nik", "--batch-size", "2", stdout=out)
    assert "0 hash sudah benar, 3 dihitung ulang, 0 NIK tidak dapat dibuka" in out.getvalue()
    again = io.StringIO()
    call_command("rehash_nik", "--check", stdout=again)
    assert "3 hash sudah benar, 0 masih memakai hash lama" in again.getvalue()
    assert all(found(case) for case in cases)
