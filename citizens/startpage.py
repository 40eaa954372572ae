"""The record's section of the start page: a few citizens of the care worker's own team."""

from django.template.loader import render_to_string

from carecore.roles import CARE_STAFF, has_role

from .models import Citizen


def my_citizens(request):
    if not has_role(request.user, *CARE_STAFF):
        return ""
    citizens = list(
        Citizen.objects.visible_to(request.user).only("id", "first_name", "last_name", "cpr", "address")[:8]
    )
    return render_to_string("citizens/_my_citizens.html", {"my_citizens": citizens}, request=request)
