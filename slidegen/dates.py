"""Dates a deck may carry: the note's own (checked, since YAML and file names let anything
through) and SOURCE_DATE_EPOCH, the reproducible-builds clock."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from slidegen.diagnostics import SlidegenError, shown
from slidegen.regex import lazy_compile

_ISO = lazy_compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")


def is_real_date(text: str | None) -> bool:
    """False for an ISO-looking date that is no day (`2024-02-30`) or time (`25:61:00`); other
    text (`Spring 2024`) is the author's to show as written."""
    if not text:
        return False
    found = _ISO.match(text)
    if found is None:
        return True
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in found.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return hour < 24 and minute < 60 and second <= 60


def check_source_date_epoch(note: Path) -> None:
    """SOURCE_DATE_EPOCH, when set, must be a time a deck can hold (whole seconds after 1970,
    before the year 10000); anything else is refused rather than silently replaced."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return
    try:
        dt.datetime.fromtimestamp(int(value.strip()), dt.UTC)
        if not value.strip().isdigit():
            raise ValueError
    except (ValueError, OverflowError, OSError):
        raise SlidegenError(note, None, f"SOURCE_DATE_EPOCH={shown(value)} is not a time a deck "
                            "can carry (whole seconds since 1970, before the year 10000): fix "
                            "or unset it") from None


def named_date(text: str | None, note: Path) -> str | None:
    """Quarto's `date: today` (or `now`): the day of the build, SOURCE_DATE_EPOCH's when set;
    `date: last-modified`: the day the note was last changed. None for any other text."""
    word = (text or "").strip().lower()
    if word in ("today", "now"):
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        day = (dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit()
               else dt.date.today())
        return day.isoformat()
    if word == "last-modified":
        try:
            return dt.date.fromtimestamp(note.stat().st_mtime).isoformat()
        except OSError:
            return None
    return None
