"""Writing to users' inboxes. Idempotent: a (user, key) pair is written at most once.

The unread count in the header is cached per user (every page shows it); every write here and every
"mark as read" drops the cached count, and it expires after a minute in any case."""

from django.core.cache import cache
from django.db.models.signals import post_save

from .models import Notification

UNREAD_TTL = 60


def _key(user_id):
    return f"inbox:unread:{user_id}"


def unread_count(user):
    count = cache.get(_key(user.pk))
    if count is None:
        count = user.notifications.unread().count()
        cache.set(_key(user.pk), count, timeout=UNREAD_TTL)
    return count


def forget_unread(*user_ids):
    cache.delete_many([_key(u) for u in user_ids])


def notify_many(notes):
    """Bulk form: notes is an iterable of Notification instances (unsaved); duplicates are skipped.
    Answers how many were offered (a job's count)."""
    notes = list(notes)
    Notification.objects.bulk_create(notes, ignore_conflicts=True)
    forget_unread(*{n.user_id for n in notes})
    return len(notes)


def notify(user_ids, *, key, title, url, body=""):
    """The same note (one `key`) to each of the users; answers how many were offered."""
    return notify_many(Notification(user_id=u, key=key, title=title, body=body, url=url) for u in user_ids)


def _saved(sender, instance, **kwargs):
    forget_unread(instance.user_id)


post_save.connect(_saved, sender=Notification, dispatch_uid="carecore.notification_unread")
