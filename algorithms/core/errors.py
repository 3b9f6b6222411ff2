"""Errors of the compute core, with messages a planner can act on."""

from typing import Iterable


class ServiceGridError(Exception):
    """A user-facing error: the message says what is wrong and what to do."""


class InputError(ServiceGridError):
    """The input data cannot be used as it is."""


class CancelledError(ServiceGridError):
    """The user cancelled; nothing was written."""


def format_ids(ids: Iterable, limit: int = 20) -> str:
    """Return ``a, b, c … (+N more)`` for a list of feature or unit ids."""
    ids = [str(i) for i in ids]
    if len(ids) <= limit:
        return ", ".join(ids)
    return "{} … (+{})".format(", ".join(ids[:limit]), len(ids) - limit)


def listed_error(message: str, ids: Iterable, **values: object) -> InputError:
    """The :class:`InputError` whose ``message`` counts (``{n}``) and lists (``{ids}``) ``ids``."""
    listed = list(ids)
    return InputError(message.format(n=len(listed), ids=format_ids(listed), **values))
