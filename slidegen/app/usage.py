"""The error for a command line that cannot be used as typed."""


class UsageError(Exception):
    """What was typed cannot be used (a missing note, a clash of options): one line, exit 2."""
