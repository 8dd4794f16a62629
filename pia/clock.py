"""The one clock: today's date and the time of writing, for every output that records one (an assessment's
``created``, ``updated`` and ``approved_on``, a triage decision's date, the PDF's cover, a row of 別添3).

``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/) pins it, as reportlab already
honours it for a PDF's own dates: two runs of the same model then write the same bytes whenever they run, on
either side of midnight too. A pinned time is read as UTC, as the specification says; an unpinned one is local.
"""

from __future__ import annotations

import datetime as dt
import os

ENVIRONMENT = "SOURCE_DATE_EPOCH"


class ClockError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set but is not a count of seconds a date can be made of."""

    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


def now() -> dt.datetime:
    """The time of writing, to the second (naive: local, or UTC when pinned)."""
    pinned = _pinned()
    return pinned if pinned is not None else dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def check() -> None:
    """Raise :class:`ClockError` now if the pin is malformed, before any work (and before reportlab reads it)."""
    _pinned()


def _pinned() -> dt.datetime | None:
    value = os.environ.get(ENVIRONMENT, "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):  # the specification: decimal digits only, no sign or space
        raise ClockError(value)
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):  # past year 9999, or beyond what the platform's time_t holds
        raise ClockError(value) from None
