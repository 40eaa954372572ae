"""One way for an app to find what the other installed apps offer it, as the admin finds `admin.py`:
the attribute `attr` of each app's module `submodule`, in INSTALLED_APPS order. The core names no app."""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@cache
def app_hooks(submodule, attr, *, exclude=()):
    """[(app label, the attribute)] of every installed app (other than those in `exclude`, by name)
    whose `<app>.<submodule>` defines `attr`."""
    found = []
    for config in apps.get_app_configs():
        if config.name not in exclude and module_has_submodule(config.module, submodule):
            hook = getattr(import_module(f"{config.name}.{submodule}"), attr, None)
            if hook is not None:
                found.append((config.label, hook))
    return found
