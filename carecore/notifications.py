"""Writing to users' inboxes. Idempotent: a (user, key) pair is written at most once."""

from .models import Notification


def notify(user, *, key, title, body="", url=""):
    Notification.objects.get_or_create(
        user=user, key=key, defaults={"title": title, "body": body, "url": url}
    )


def notify_many(notes):
    """Bulk form: notes is an iterable of Notification instances (unsaved); duplicates are skipped."""
    Notification.objects.bulk_create(list(notes), ignore_conflicts=True)
