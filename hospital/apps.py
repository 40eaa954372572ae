from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HospitalConfig(AppConfig):
    name = "hospital"
    verbose_name = _("Hospital messages")

    def ready(self):
        from carecore.roles import Role, register_permissions

        register_permissions(
            {
                Role.VISITATOR: {"hospital.view_hospitalmessage", "hospital.change_hospitalmessage"},
                Role.SYSADMIN: {
                    "hospital.view_hospitalsender",
                    "hospital.add_hospitalsender",
                    "hospital.change_hospitalsender",
                },
            }
        )
