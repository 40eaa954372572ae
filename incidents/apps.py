from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Patient-safety incidents")

    def ready(self):
        from carecore.roles import Role, register_permissions

        everyone = {"incidents.add_incident", "incidents.add_shortform"}
        mapping = {role: set(everyone) for role in Role}
        mapping[Role.UTH_HANDLER] |= {"incidents.view_incident", "incidents.change_incident"}
        mapping[Role.RISK_MANAGER] |= {
            "incidents.view_incident",
            "incidents.change_incident",
            "incidents.view_dpsdreport",
            "incidents.change_dpsdreport",
        }
        mapping[Role.LEADER] |= {"incidents.add_monthdiscussion"}
        register_permissions(mapping)
