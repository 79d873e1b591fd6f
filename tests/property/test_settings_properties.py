"""Property test: a value of the wrong type for any setting is refused, with one line that
names the setting and what it allows (issue 16 item 2)."""
from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanseeds.config import Settings, allowed
from cleanseeds.errors import ConfigError

FIELDS = sorted(Settings.model_fields)

# Values of every TOML/JSON type; each field's own accepted values are filtered out below.
ANY_VALUE = st.one_of(
    st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.none(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _accepts_type(name: str, value: Any) -> bool:
    """Whether ``value`` has a type the field accepts (its range aside)."""
    ann = Settings.model_fields[name].annotation
    if get_origin(ann) is Literal:
        return value in get_args(ann)
    kinds = tuple(a for a in (get_args(ann) or (ann,)))
    if isinstance(value, bool):
        return bool in kinds
    if value is None:
        return type(None) in kinds
    if isinstance(value, int):
        return int in kinds or float in kinds
    if isinstance(value, float):
        return float in kinds
    return isinstance(value, str) and str in kinds


@given(name=st.sampled_from(FIELDS), value=ANY_VALUE)
def test_a_wrong_type_for_any_setting_is_refused_with_one_line(name: str, value: Any) -> None:
    if _accepts_type(name, value):
        return  # the right type: covered by the range tests (may be valid)
    with pytest.raises(ConfigError) as exc:
        Settings.from_mapping({name: value})
    msg = str(exc.value)
    assert "\n" not in msg and f"{name} = " in msg and allowed(name) in msg


def _range(name: str) -> tuple[float, bool, float]:
    """(lower bound, whether it is included, upper bound) of a numeric setting."""
    lo, incl, hi = float("-inf"), True, float("inf")
    for m in Settings.model_fields[name].metadata:
        if getattr(m, "ge", None) is not None:
            lo, incl = m.ge, True
        if getattr(m, "gt", None) is not None:
            lo, incl = m.gt, False
        if getattr(m, "le", None) is not None:
            hi = m.le
    return lo, incl, hi


NUMERIC = [n for n in FIELDS if Settings.model_fields[n].annotation in (int, float)]


@given(name=st.sampled_from(NUMERIC), x=st.floats(-1e12, 1e12, allow_nan=False))
def test_a_number_is_accepted_exactly_inside_its_range(name: str, x: float) -> None:
    value: int | float = round(x) if Settings.model_fields[name].annotation is int else x
    lo, incl, hi = _range(name)
    inside = (value >= lo if incl else value > lo) and value <= hi
    if inside:
        assert getattr(Settings.from_mapping({name: value}), name) == value
    else:
        with pytest.raises(ConfigError, match=f"{name} = .* is not allowed: must be {allowed(name)}"):
            Settings.from_mapping({name: value})
