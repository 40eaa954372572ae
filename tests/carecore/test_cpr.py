import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from carecore import cpr


@pytest.mark.parametrize(
    "value, born",
    [
        ("010203-1234", datetime.date(1903, 2, 1)),
        ("010236-4234", datetime.date(2036, 2, 1)),
        ("010237-4234", datetime.date(1937, 2, 1)),
        ("010257-5234", datetime.date(2057, 2, 1)),
        ("010258-5234", datetime.date(1858, 2, 1)),
        ("010210-9234", datetime.date(2010, 2, 1)),
        ("0102101234", datetime.date(1910, 2, 1)),
    ],
)
def test_century_follows_seventh_digit(value, born):
    normalised, birth = cpr.parse(value)
    assert birth == born
    assert normalised[6] == "-"


def test_modulus_11_is_not_required():
    # 010101-0001 fails modulus-11 but is a valid modern CPR number.
    assert cpr.parse("010101-0001")[0] == "010101-0001"


@pytest.mark.parametrize("value", ["310299-1234", "320199-1234", "001299-1234", "290201-1234"])
def test_impossible_date_is_refused(value):
    with pytest.raises(ValidationError) as exc:
        cpr.parse(value)
    assert exc.value.code == "date"


@pytest.mark.parametrize("value", ["", "abc", "12345", "0101011-234", "01-01-01-1234"])
def test_bad_format_is_refused(value):
    with pytest.raises(ValidationError) as exc:
        cpr.parse(value)
    assert exc.value.code == "format"


def test_mask_hides_serial():
    assert cpr.mask("010203-1234") == "010203-xxxx"


@given(st.text(max_size=20))
def test_parse_never_crashes_on_any_text(text):
    try:
        normalised, _born = cpr.parse(text)
    except ValidationError:
        return
    assert len(normalised) == 11
