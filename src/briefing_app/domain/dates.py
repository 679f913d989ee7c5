"""Dates as the application writes them, in its own language (British English), whatever the system's.

Every date shown, printed or exported goes through these functions. ``strftime("%B")`` and Qt's
``QLocale()`` / ``QDate.toString()`` follow the system locale (Qt sets it for the whole process when the
application starts), so an English sheet printed on a Turkish system would read "4 Aralık 2026". No Qt here.
"""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def date_words(year: int, month: int | None = None, day: int | None = None) -> str:
    """'4 December 2026', 'December 2026' or '2026': as much of a date as is known, the day without a
    leading zero, the month in words (en-GB)."""
    if month is None:
        return str(year)
    month_year = f"{MONTHS[month - 1]} {year}"
    return month_year if day is None else f"{day} {month_year}"


def long_date(value: date) -> str:
    """'4 December 2026'."""
    return date_words(value.year, value.month, value.day)
