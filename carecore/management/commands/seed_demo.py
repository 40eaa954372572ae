import importlib

from django.core.management.base import BaseCommand

from carecore.demo import DEMO_PASSWORD, DEMO_USERS, DemoSeeder

MODULES = ["homecare", "rehab", "incidents", "students", "visitation"]


class Command(BaseCommand):
    help = "Build the demo municipality (idempotent). Local demo data only: never run it in production."

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, default=300)

    def handle(self, *args, citizens, **options):
        DemoSeeder(out=self.stdout, citizens=citizens).run()
        for name in MODULES:
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{name}.demo":
                    raise
                continue
            module.seed(out=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Log in with one of: {', '.join(DEMO_USERS)} – password '{DEMO_PASSWORD}'."
            )
        )
