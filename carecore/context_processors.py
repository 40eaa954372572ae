from functools import cache

from .navigation import navigation_for


def omsorg(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": navigation_for(user),
        # Called by the template where needed (not at all on pages without the header), once per request:
        # base.html reads it three times.
        "unread_count": cache(user.notifications.unread().count),
    }
