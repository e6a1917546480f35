"""The suite runs under production settings (SIGAP_DEBUG off), which refuse to start without their own keys:
fixed test keys, set before Django reads its settings (pytest.ini loads this module as a plugin, ahead of
pytest-django). A key given in the environment wins."""

import os

for _name in ("SIGAP_SECRET_KEY", "SIGAP_FIELD_KEYS", "SIGAP_HASH_KEY"):
    os.environ.setdefault(_name, f"{_name.lower()}-for-the-test-suite-only-never-in-production")
