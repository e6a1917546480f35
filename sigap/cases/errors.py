"""The case engine's refusal, and the one rule for text the engine stores."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError


class CaseError(SigapError):
    """A transition that cannot happen; the message is for the user, in Bahasa Indonesia."""


class TaskNotFound(CaseError):
    """The task named is not the organization's, or not of the case named (a page answers 404)."""


def stored_text(message: str, values) -> str:
    """Text kept in the database is written in the office's language, whoever's request made it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(_(message)) % values
