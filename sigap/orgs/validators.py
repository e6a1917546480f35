"""The one check of text people type: which characters it may hold, and how long it may be.

- Control characters (C0, DEL, C1) are refused everywhere but tab, CR and LF, which a text area holds;
  `sigap.orgs.edge.ControlCharacterMiddleware` refuses the rest for every request, before any view.
- Names (of applicants, staff, organizations, units) hold none of them either, nor the Unicode
  characters that reorder text on screen (bidirectional embeddings, overrides and isolates,
  U+202A–U+202E and U+2066–U+2069): a name reading "Siti" may otherwise be stored as other letters.
  `validate_name` is the one validator every name field and form uses; `name_checked` the services'.
- Lengths: a service that writes text reached without a form (a management command, another service)
  checks it with `fits`, which names the field and its limit from the model itself.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import SigapError

# Control characters but tab, LF and CR: refused in any value a request carries.
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Every control character: refused in a path and in a name (one line).
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
NAME_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

NAME_MESSAGE = gettext_lazy(
    "Nama tidak boleh memuat karakter kendali atau karakter pengatur arah teks (misalnya U+202E)."
)


class InputError(SigapError):
    """Text that cannot be stored as given (too long, or characters a name may not hold)."""


def validate_name(value: str) -> None:
    """Django validator of a name field: no control or bidirectional-formatting characters."""
    if NAME_REFUSED.search(value or ""):
        raise ValidationError(NAME_MESSAGE, code="name_characters")


def name_checked(value: str, *, label: str, error: type[SigapError] = InputError) -> str:
    """The name trimmed (as a form field trims it), or `error` naming the field when it holds characters a
    name may not."""
    value = value.strip()
    if NAME_REFUSED.search(value):
        raise error(
            _("%(field)s tidak boleh memuat karakter kendali atau karakter pengatur arah teks (misalnya U+202E).")
            % {"field": label}
        )
    return value


def text_checked(value: str, *, label: str, limit: int, error: type[SigapError] = InputError) -> str:
    """`value` when it has at most `limit` characters and no control character but tab, CR and LF;
    else `error` (an InputError unless the caller names its own type) naming the field and its limit."""
    if len(value) > limit:
        raise error(
            _("%(field)s paling banyak %(max)s karakter (sekarang %(n)s).")
            % {"field": label, "max": limit, "n": len(value)}
        )
    if CONTROL_IN_TEXT.search(value):
        raise error(_("%(field)s tidak boleh memuat karakter kendali.") % {"field": label})
    return value


def fits(model: type[models.Model], field: str, value: str, *, error: type[SigapError] = InputError) -> str:
    """`value` checked by `text_checked` against the model field's own max_length and verbose name."""
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, models.CharField) and model_field.max_length is not None, field
    label = str(model_field.verbose_name)
    return text_checked(value, label=label[:1].upper() + label[1:], limit=model_field.max_length, error=error)
