"""SFT's section of the start page: the department's pages for its own therapists and leaders (their
start page is their role's; the preventive consultant's is the department's own)."""

from django.template.loader import render_to_string

from carecore.roles import Role, has_role

from .models import in_sft


def sft_panel(request):
    user = request.user
    if not has_role(user, Role.THERAPIST, Role.LEADER) or not in_sft(user):
        return ""
    return render_to_string("prevention/_panel.html", {}, request=request)
