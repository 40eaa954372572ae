from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinsideConfig(AppConfig):
    name = "minside"
    verbose_name = _("My page (citizens)")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from carecore.roles import Role, register_permissions
        from citizens import portal

        from .access import citizen_page, look_at
        from .identity import mark_session, session_citizen

        # The data-protection contact answers citizens' questions about looks; the system administrator
        # stands in where a municipality has named none.
        answer = {"minside.answer_accessquestion"}
        register_permissions({Role.DPO: answer, Role.SYSADMIN: answer})
        user_logged_in.connect(mark_session, dispatch_uid="minside-mark-session")
        portal.set_identity(session_citizen, page=citizen_page, look=look_at, login_url="minside:login")
