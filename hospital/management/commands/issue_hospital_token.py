from django.core.management.base import BaseCommand

from hospital.models import HospitalSender


class Command(BaseCommand):
    help = "Create a hospital sender (or give an existing one a new token) and print the token once."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--sor", default="", help="The sender's SOR code")

    def handle(self, name, sor, **options):
        sender = HospitalSender.objects.filter(name=name).first() or HospitalSender(name=name)
        if sor:
            sender.sor_code = sor
        token = sender.issue_token()
        sender.save()
        self.stdout.write(token)
