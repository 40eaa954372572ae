from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string, module_has_submodule

from carecore.demo import DEMO_PASSWORD, DEMO_USERS


def demo_seeders():
    """Each installed app's `demo.seed`, in INSTALLED_APPS order (the core first, then the record, then
    the modules), the way the admin finds `admin.py`."""
    return [
        import_string(f"{config.name}.demo.seed")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "demo")
    ]


class Command(BaseCommand):
    help = "Build the demo municipality (idempotent). Local demo data only: never run it in production."

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, default=300)

    def handle(self, *args, citizens, **options):
        for seed in demo_seeders():
            seed(out=self.stdout, citizens=citizens)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Log in with one of: {', '.join(DEMO_USERS)} – password '{DEMO_PASSWORD}'."
            )
        )
