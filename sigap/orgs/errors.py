"""The one base of every refusal sigap explains to its user.

Each app raises its own error type (CalendarError, DurationError, SopFileError, CaseError, NikError,
UploadError, StaffError, PlaceholderError, SigningError), all derived from SigapError, so a view or a
management command can show any of them the same way: ``str(error)`` is the message in Bahasa Indonesia.
"""


class SigapError(Exception):
    """A refusal whose message is written for the user, in Bahasa Indonesia; nothing was changed."""
