from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from carecore.roles import Role, register_permissions

        register_permissions({Role.SYSADMIN: {"referrals.view_receiver", "referrals.change_receiver"}})
