from .navigation import navigation_for
from .notifications import unread_count


def omsorg(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": navigation_for(user),
        "unread_count": unread_count(user),
    }
