"""The date of an article, where the article gives it.

Scraped articles carry their date in a few places: a date line (`` date 2024-03``), a
byline (``Hồng Hạnh- Minh Khôi 16/08/2024 16:21``), or the lead's ``Ngày 22-3`` /
``Sáng 25/5`` (day and month, the year from the date line or, for a corpus of one year,
from ``--year``). Dates are ISO strings of the precision known: ``2024-03``,
``2024-03-22``; None when the article gives none (or gives a day without a year and no
year is known).
"""
from __future__ import annotations

import re

HEAD_CHARS = 800  # the date line, byline and lead are at the top

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b", re.IGNORECASE | re.MULTILINE)
_FULL = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?![\d/.-])")
_LEAD = re.compile(
    r"\b(?:ngày|sáng|trưa|chiều|tối|đêm|hôm|rạng sáng)\s+(?:(?:thứ\s+\w+|chủ nhật),?\s+(?:ngày\s+)?)?"
    r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*((?:19|20)\d{2}))?(?![\d/])",
    re.IGNORECASE,
)


def _ok(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def article_date(text: str, year: int | None = None) -> str | None:
    """The article's date (see the module docstring); ``year`` for day-month dates that
    name no year when the article's date line does not give one either."""
    head = text[:HEAD_CHARS]
    line_year, month_only = None, None
    m = _DATE_LINE.search(head)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        if d and _ok(int(d), mo):
            return f"{y:04d}-{mo:02d}-{int(d):02d}"
        if 1 <= mo <= 12:
            line_year, month_only = y, f"{y:04d}-{mo:02d}"
    m = _FULL.search(head)
    if m and _ok(int(m.group(1)), int(m.group(2))):
        return f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = _LEAD.search(head)
    if m and _ok(int(m.group(1)), int(m.group(2))):
        d, mo = int(m.group(1)), int(m.group(2))
        y = int(m.group(3)) if m.group(3) else (line_year or year)
        if y and (line_year is None or month_only == f"{y:04d}-{mo:02d}" or m.group(3)):
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return month_only
