from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class VisitationConfig(AppConfig):
    name = "visitation"
    verbose_name = _("Visitation")

    def ready(self):
        from carecore.roles import Role, register_permissions
        from citizens.pathway import help_requested

        from .services import on_help_requested

        help_requested.connect(on_help_requested, dispatch_uid="visitation.help_requested")
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="visitation.catalogue")
        register_permissions(
            {
                Role.VISITATOR: {
                    "visitation.view_case",
                    "visitation.change_case",
                    "visitation.view_request",
                    "visitation.add_request",
                    "visitation.add_caseassessment",
                    "visitation.view_decision",
                    "visitation.add_decision",
                    "visitation.view_service",
                },
                Role.LEADER: {"visitation.view_case", "visitation.view_decision", "visitation.view_service"},
                Role.SYSADMIN: {
                    "visitation.view_service",
                    "visitation.add_service",
                    "visitation.change_service",
                },
            }
        )


def _after_migrate(sender, **kwargs):
    from .catalogue import ensure_catalogue

    ensure_catalogue()
