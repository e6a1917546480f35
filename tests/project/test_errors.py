"""Every refusal sigap explains to a user comes from one base, so any caller can show it the same way."""

import pytest

from sigap.cases.nik import NikError
from sigap.cases.services import CaseError
from sigap.cases.uploads import UploadError
from sigap.letters.placeholders import PlaceholderError
from sigap.letters.signing import SigningError
from sigap.orgs.errors import SigapError
from sigap.orgs.services import StaffError
from sigap.sop.sopfile import SopFileError
from sigap.worktime.durations import DurationError, parse_duration
from sigap.worktime.services import CalendarError


@pytest.mark.parametrize(
    "error",
    [
        NikError,
        CaseError,
        UploadError,
        PlaceholderError,
        SigningError,
        StaffError,
        DurationError,
        SopFileError,
        CalendarError,
    ],
)
def test_each_app_error_is_a_sigap_error(error):
    assert issubclass(error, SigapError)


def test_a_refusal_is_caught_by_the_base_with_its_message():
    with pytest.raises(SigapError, match="waktu"):
        parse_duration("sebentar")
