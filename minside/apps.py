from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinsideConfig(AppConfig):
    name = "minside"
    verbose_name = _("My page (citizens)")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .identity import mark_session

        user_logged_in.connect(mark_session, dispatch_uid="minside-mark-session")
