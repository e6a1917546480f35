"""Personal data at rest (UU 27/2022 PDP): field encryption, encrypted files and keyed look-up hashes.

NIK, phone and address of a case, the stored rendering of every letter and the signed PDFs are stored
encrypted (Fernet: AES-128-CBC with an HMAC-SHA256) and NIK are found again through a keyed hash
(HMAC-SHA256), so the database and the file storage never hold them in clear and a leaked table cannot be
searched by NIK without the key. Keys come from settings, never from SECRET_KEY: SIGAP_FIELD_KEYS (newest
first; every key reads, the newest writes, so `manage.py rotate_field_key` can re-encrypt while the old key
still reads) and SIGAP_HASH_KEY.

Three ways a model holds encrypted data, all found by `manage.py rotate_field_key`:
- `TokenField`: a text column holding a token the code writes with `encrypt` and reads with `decrypt`;
- `EncryptedTextField`: a text column encrypted on write and decrypted on read by the field itself;
- a FileField with `storage=encrypted_storage`: file contents encrypted in the default storage.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.signals import setting_changed
from django.db import models, transaction
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible


def _key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(_key(k)) for k in settings.SIGAP_FIELD_KEYS])


@lru_cache(maxsize=1)
def _newest() -> Fernet:
    return Fernet(_key(settings.SIGAP_FIELD_KEYS[0]))


@receiver(setting_changed)
def _keys_changed(setting, **kwargs):
    if setting == "SIGAP_FIELD_KEYS":
        _fernet.cache_clear()
        _newest.cache_clear()


class KeyMissing(ValueError):
    """A value no key of SIGAP_FIELD_KEYS opens (a retired key, or not a token at all)."""

    def __init__(self):
        super().__init__("data terenkripsi tidak dapat dibuka dengan kunci yang ada")


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    return decrypt_bytes(token.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken:
        raise KeyMissing() from None


def is_current(token: str | bytes) -> bool:
    """Is this token encrypted with the newest key (nothing left for a rotation to do)?"""
    try:
        _newest().decrypt(token)
    except InvalidToken:
        return False
    return True


def rotate(token: str | bytes) -> bytes:
    """The same data encrypted with the newest key (any key of SIGAP_FIELD_KEYS may open it)."""
    try:
        return _fernet().rotate(token)
    except InvalidToken:
        raise KeyMissing() from None


def keyed_hash(value: str) -> str:
    return hmac.new(settings.SIGAP_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def keep_ends(value: str, keep: int = 4) -> str:
    """The one masking rule for numbers shown on screen (NIK, phone): the first and last `keep` characters
    and stars between, "3520********0003"."""
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


class TokenField(models.TextField):
    """A column holding a token written with `encrypt` (the model decrypts it where it is read)."""


class EncryptedTextField(models.TextField):
    """Text encrypted in the database, clear in Python: the one accessor is the attribute itself.

    Lookups on it compare tokens, which never match: it is not searchable, by design."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


@deconstructible(path="sigap.privacy.EncryptedStorage")
class EncryptedStorage(Storage):
    """The default storage (local disk or object storage, as configured) with every file's contents
    encrypted: what is saved is encrypted with the newest key, what is opened is decrypted. Names, sizes
    of the stored files and listing are the default storage's."""

    @property
    def inner(self) -> Storage:
        return default_storage

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode:
            raise ValueError("encrypted files are written with save(), not opened for writing")
        with self.inner.open(name, "rb") as handle:
            return ContentFile(decrypt_bytes(handle.read()), name=name)

    def _save(self, name, content):
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        return self.inner.save(name, ContentFile(encrypt_bytes(data)))

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def delete(self, name):
        self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def listdir(self, path):
        return self.inner.listdir(path)

    def size(self, name):
        return self.inner.size(name)

    def url(self, name):
        raise NotImplementedError("encrypted files are served by a view that decrypts them, never by URL")

    def get_modified_time(self, name):
        return self.inner.get_modified_time(name)


def raw_file(name: str) -> bytes:
    """A stored file's bytes as they are in the storage (a token for an encrypted file)."""
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def replace_file(name: str, data: bytes) -> str:
    """Store `data` as they are as a new file beside `name` and return its name; the old file is deleted
    once the transaction commits (a rollback leaves the row pointing at the old file, which is still there)."""
    new_name = default_storage.save(name, ContentFile(data))
    transaction.on_commit(lambda: default_storage.delete(name))
    return new_name


def is_token(data: str | bytes) -> bool:
    """Does any key of SIGAP_FIELD_KEYS open this (is it encrypted, not clear data)?"""
    try:
        _fernet().decrypt(data)
    except InvalidToken:
        return False
    return True


def encrypt_stored_file(name: str) -> str | None:
    """For a migration to the encrypted storage: the name of the encrypted copy of a clear stored file, or None
    when there is nothing to do (no name, no such file, already encrypted)."""
    if not name or not default_storage.exists(name) or is_token(data := raw_file(name)):
        return None
    return replace_file(name, encrypt_bytes(data))


def decrypt_stored_file(name: str) -> str | None:
    """The way back of `encrypt_stored_file`: the name of the clear copy of an encrypted stored file, or None."""
    if not name or not default_storage.exists(name) or not is_token(data := raw_file(name)):
        return None
    return replace_file(name, decrypt_bytes(data))


def encrypted_storage() -> EncryptedStorage:
    """For `FileField(storage=encrypted_storage)` (a callable, so migrations name it rather than copy it)."""
    return EncryptedStorage()
