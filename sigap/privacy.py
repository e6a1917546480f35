"""Personal data at rest (UU 27/2022 PDP): field encryption and keyed look-up hashes.

NIK and other personal data are stored encrypted (Fernet: AES-128-CBC with an
HMAC) and found again through a keyed hash (HMAC-SHA256), so the database
never holds them in clear and a leaked table cannot be searched by NIK
without the key. Keys come from settings (SIGAP_FIELD_KEYS, newest first, so
keys can be rotated; SIGAP_HASH_KEY).
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = [base64.urlsafe_b64encode(hashlib.sha256(k.encode()).digest()) for k in settings.SIGAP_FIELD_KEYS]
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("data terenkripsi tidak dapat dibuka dengan kunci yang ada") from None


def keyed_hash(value: str) -> str:
    return hmac.new(settings.SIGAP_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def keep_ends(value: str, keep: int = 4) -> str:
    """The one masking rule for numbers shown on screen (NIK, phone): the first and last `keep` characters
    and stars between, "3520********0003"."""
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]
