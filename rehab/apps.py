from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RehabConfig(AppConfig):
    name = "rehab"
    verbose_name = _("Rehabilitation")

    def ready(self):
        from carecore.roles import Role, register_permissions
        from citizens import pathway

        from . import services

        pathway.citizen_home.connect(services.on_citizen_home, dispatch_uid="rehab.citizen_home")

        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="rehab.reference_data")
        register_permissions(
            {
                Role.VISITATOR: {
                    "rehab.view_stay",
                    "rehab.add_stay",
                    "rehab.change_stay",
                    "rehab.view_dischargenotice",
                    "rehab.add_dischargenotice",
                    "rehab.change_dischargenotice",
                    "rehab.view_waitinglistentry",
                    "rehab.add_waitinglistentry",
                    "rehab.add_homeassessment",
                    "rehab.view_pathway",
                },
                Role.NURSE: {"rehab.view_stay", "rehab.add_stay", "rehab.change_stay"},
                Role.THERAPIST: {
                    "rehab.view_stay",
                    "rehab.view_pathway",
                    "rehab.add_pathway",
                    "rehab.change_pathway",
                    "rehab.add_evaluation",
                    "rehab.change_followup",
                },
                Role.LEADER: {
                    "rehab.view_stay",
                    "rehab.view_dischargenotice",
                    "rehab.view_waitinglistentry",
                    "rehab.view_pathway",
                },
                Role.SYSADMIN: {
                    "rehab.view_staytype",
                    "rehab.change_staytype",
                    "rehab.add_staytype",
                    "rehab.view_bed",
                    "rehab.change_bed",
                    "rehab.add_bed",
                },
            }
        )


def _after_migrate(sender, **kwargs):
    from .reference import ensure_reference_data

    ensure_reference_data()
