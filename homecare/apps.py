from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomecareConfig(AppConfig):
    name = "homecare"
    verbose_name = _("Home care")

    def ready(self):
        from carecore.roles import Role, register_permissions
        from citizens.pathway import services_granted
        from citizens.record_links import register

        from .receivers import on_services_granted

        services_granted.connect(on_services_granted, dispatch_uid="homecare.services_granted")

        register(_("Visit plans"), "homecare:citizen_plans", [Role.LEADER, Role.VISITATOR])
        register(_("Book start-up meeting"), "homecare:meeting_book", [Role.LEADER])

        worker = {
            "homecare.view_visit",
            "homecare.change_visit",
            "homecare.add_observation",
            "homecare.view_triage",
            "homecare.view_startupmeeting",
        }
        register_permissions(
            {
                Role.SSH: worker,
                Role.SSA: worker,
                Role.NURSE: {
                    "homecare.view_visit",
                    "homecare.view_triage",
                    "homecare.add_triage",
                    "homecare.view_observation",
                },
                Role.LEADER: {
                    "homecare.view_visit",
                    "homecare.change_visit",
                    "homecare.view_visitplan",
                    "homecare.add_visitplan",
                    "homecare.change_visitplan",
                    "homecare.view_triage",
                    "homecare.view_startupmeeting",
                    "homecare.add_startupmeeting",
                    "homecare.change_startupmeeting",
                    "homecare.add_surveyanswer",
                    "homecare.view_staffcompetence",
                },
                Role.SYSADMIN: {
                    "homecare.view_staffcompetence",
                    "homecare.add_staffcompetence",
                    "homecare.delete_staffcompetence",
                },
            }
        )
