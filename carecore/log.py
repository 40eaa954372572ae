"""Logging filters."""

from django.core.exceptions import PermissionDenied


class RefusalsWithoutTraceback:
    """A refused request (403) is the permission system working, not an error: Django logs it on
    `django.request` with the exception's traceback; this keeps the one warning line and drops the trace."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
