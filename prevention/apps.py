from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "prevention"
    verbose_name = _("Health promotion, prevention and training")

    def ready(self):
        from carecore.roles import Role, register_permissions
        from carecore.startpages import register_panel

        from .startpage import sft_panel

        register_permissions(
            {
                Role.PREVENTION: {
                    "citizens.view_citizen",
                    "citizens.view_journalentry",
                    "citizens.add_journalentry",
                    "citizens.view_assessment",
                }
            }
        )
        register_panel(sft_panel)
