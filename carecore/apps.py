from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CarecoreConfig(AppConfig):
    name = "carecore"
    verbose_name = _("Organisation and core")

    def ready(self):
        from .authz import connect_signals, invalidate
        from .dbguards import register_guards
        from .registry import autodiscover
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="carecore.sync_role_groups")
        post_migrate.connect(invalidate, dispatch_uid="carecore.authz_invalidate")
        connect_signals()
        autodiscover()
        register_guards()
