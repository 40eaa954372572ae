"""`manage.py compare_routes [--dato YYYY-MM-DD] [--seconds S]`: OR-Tools' routes against the naive
assignment for every home-care team's day (tomorrow by default); see homecare.route_compare."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from carecore.models import Unit

from ...models import Visit
from ...route_compare import Outcome, compare_day

ROW = "{:<22} {:>6} {:>9} {:>11} {:>11} {:>6} {:>8}"


class Command(BaseCommand):
    help = "Compare OR-Tools' routes with the naive assignment on the teams' planned visits of a day."

    def add_arguments(self, parser):
        parser.add_argument("--dato", help="The day (default: tomorrow).")
        parser.add_argument("--seconds", type=float, default=None, help="OR-Tools' time limit per team.")

    def handle(self, *args, dato=None, seconds=None, **options):
        day = date.fromisoformat(dato) if dato else timezone.localdate() + timedelta(days=1)
        team_ids = Visit.objects.filter(date=day).values_list("team_id", flat=True).distinct()
        totals = {"naive": Outcome(), "or-tools": Outcome()}
        self.stdout.write(f"Day {day}\n")
        self.stdout.write(
            ROW.format("team / method", "visits", "assigned", "travel min", "continuity", "late", "seconds")
        )
        for team in Unit.objects.filter(pk__in=team_ids).order_by("code"):
            for name, outcome in zip(totals, compare_day(team, day, seconds=seconds), strict=True):
                totals[name].add(outcome)
                self.stdout.write(self.row(f"{team.code} {name}", outcome))
        for name, outcome in totals.items():
            self.stdout.write(self.row(f"ALL {name}", outcome))

    @staticmethod
    def row(label, o):
        return ROW.format(
            label, o.visits, o.assigned, o.travel_minutes, f"{o.continuity:.0%}", o.late, f"{o.seconds:.2f}"
        )
