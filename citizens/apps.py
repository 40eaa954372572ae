from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = _("Citizens")

    def ready(self):
        from carecore.startpages import register_panel

        from .startpage import my_citizens

        register_panel(my_citizens)

        from carecore.access import set_citizen_look_logger

        from .audit import log_access, log_access_many, log_refusal

        set_citizen_look_logger(
            log_access, log_refusal, citizen_model=self.get_model("Citizen"), shown_many=log_access_many
        )
