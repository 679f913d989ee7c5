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


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def long_date(value: date) -> str:
    """'4 December 2026': the day without a leading zero, the month in words (en-GB)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_year(value: date) -> str:
    """'December 2026'."""
    return f"{MONTHS[value.month - 1]} {value.year}"
