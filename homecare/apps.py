from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomecareConfig(AppConfig):
    name = "homecare"
    verbose_name = _("Home care")

    def ready(self):
        from carecore.roles import Role, register_permissions
        from citizens import pathway

        from . import services

        pathway.citizen_away.connect(services.on_citizen_away, dispatch_uid="homecare.citizen_away")
        pathway.citizen_home.connect(services.on_citizen_home, dispatch_uid="homecare.citizen_home")
        pathway.citizen_deceased.connect(services.on_citizen_deceased, dispatch_uid="homecare.deceased")

        from .receivers import on_services_granted

        pathway.services_granted.connect(on_services_granted, dispatch_uid="homecare.services_granted")

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
