import getpass

from django.core.management.base import BaseCommand

from carecore.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Delete log rows older than their retention (settings.OMSORG_RETENTION); each table's run is "
        "logged as a RetentionRun."
    )

    def handle(self, *args, **options):
        for run in apply_retention(by=f"manage.py apply_retention ({getpass.getuser()})"):
            self.stdout.write(
                f"{run.table}: {run.deleted} rows recorded before {run.cutoff:%Y-%m-%d %H:%M} deleted"
            )
