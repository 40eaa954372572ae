"""Roles: job titles map to Django groups, and groups carry the model permissions.

Scope (which citizens, cases and trainees) is not a permission: it follows unit membership, see
`carecore.models.scope_unit_ids` and each app's `visible_to` QuerySet method.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobTitle(models.TextChoices):
    SSH = "ssh", _("Social and health care helper (SSH)")
    SSA = "ssa", _("Social and health care assistant (SSA)")
    NURSE = "nurse", _("Nurse")
    THERAPIST = "therapist", _("Therapist")
    VISITATOR = "visitator", _("Visitator")
    LEADER = "leader", _("Leader")
    RISK_MANAGER = "risk_manager", _("Risk manager")
    UTH_HANDLER = "uth_handler", _("UTH case handler")
    TRAINEE_COORDINATOR = "trainee_coordinator", _("Trainee coordinator")
    TRAINEE_SUPERVISOR = "trainee_supervisor", _("Trainee supervisor")
    SYSADMIN = "sysadmin", _("System administrator")
    DPO = "dpo", _("Data protection contact")
    PREVENTION = "prevention", _("Preventive home-visit consultant")


# A role is a Django group of the same name as the job title value.
Role = JobTitle

CARE_STAFF = (Role.SSH, Role.SSA, Role.NURSE, Role.THERAPIST)

# Model permissions per role ("app_label.codename"). Apps add their own entries in ROLE_PERMISSIONS
# through `register_permissions` in their AppConfig.ready().
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.SSH: {
        "citizens.view_citizen",
        "citizens.view_journalentry",
        "citizens.add_journalentry",
        "citizens.view_assessment",
    },
    Role.SSA: {
        "citizens.view_citizen",
        "citizens.view_journalentry",
        "citizens.add_journalentry",
        "citizens.view_assessment",
    },
    Role.NURSE: {
        "citizens.view_citizen",
        "citizens.view_journalentry",
        "citizens.add_journalentry",
        "citizens.view_assessment",
        "citizens.add_assessment",
    },
    Role.THERAPIST: {
        "citizens.view_citizen",
        "citizens.view_journalentry",
        "citizens.add_journalentry",
        "citizens.view_assessment",
        "citizens.add_assessment",
    },
    Role.VISITATOR: {
        "citizens.view_citizen",
        "citizens.add_citizen",
        "citizens.change_citizen",
        "citizens.view_journalentry",
        "citizens.add_journalentry",
        "citizens.view_assessment",
        "citizens.add_assessment",
    },
    Role.LEADER: {
        "citizens.view_citizen",
        "citizens.change_citizen",
        "citizens.add_citizen",
        "citizens.view_journalentry",
        "citizens.add_journalentry",
        "citizens.view_assessment",
        "citizens.view_accesslog",
    },
    Role.RISK_MANAGER: set(),
    Role.UTH_HANDLER: set(),
    Role.TRAINEE_COORDINATOR: set(),
    Role.TRAINEE_SUPERVISOR: set(),
    Role.DPO: {"citizens.view_accesslog"},
    Role.PREVENTION: set(),
    Role.SYSADMIN: {
        "citizens.view_accesslog",
        "carecore.view_unit",
        "carecore.add_unit",
        "carecore.change_unit",
    },
}


def register_permissions(mapping):
    """Let an app grant its own model permissions to roles: {role: {"app.codename", ...}}."""
    for role, perms in mapping.items():
        ROLE_PERMISSIONS.setdefault(role, set()).update(perms)


def role_names(user):
    """The set of role (group) names of `user`, memoised on the user object."""
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, "_role_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = names
    return names


def has_role(user, *roles):
    return bool(role_names(user) & {str(r) for r in roles})


def sync_role_groups(**kwargs):
    """Create one group per role and give it exactly its permissions (post_migrate; idempotent)."""
    from django.contrib.auth.models import Group, Permission

    perms = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = [perms[name] for name in sorted(ROLE_PERMISSIONS.get(role, ())) if name in perms]
        group.permissions.set(wanted)
