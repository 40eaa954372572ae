from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinsideConfig(AppConfig):
    name = "minside"
    verbose_name = _("My page (citizens)")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from citizens import portal

        from .access import citizen_page, look_at
        from .identity import mark_session, session_citizen

        user_logged_in.connect(mark_session, dispatch_uid="minside-mark-session")
        portal.set_identity(session_citizen, page=citizen_page, look=look_at, login_url="minside:login")
