"""DPSD main groups and the four samlerapportering types, as editable data."""

from django.db import migrations

INCIDENT_TYPES = [
    ("medicinering", "Medicinering"),
    ("fald", "Fald"),
    ("behandling-pleje", "Behandling og pleje"),
    ("kommunikation-dokumentation", "Kommunikation og dokumentation"),
    ("sektorovergange", "Sektorovergange"),
    ("infektion", "Infektion"),
    ("medicinsk-udstyr", "Medicinsk udstyr og hjælpemidler"),
    ("selvskade", "Selvskade"),
    ("andet", "Andet"),
]
# National rule since 1 March 2024: four types may be reported in aggregate.
SHORT_FORM_TYPES = [
    ("fald", "Fald"),
    ("infektion", "Infektion"),
    ("medicinadministration", "Medicinadministration (inkl. medicin ikke givet)"),
    ("medicindispensering", "Medicindispensering"),
]


def forwards(apps, schema_editor):
    IncidentType = apps.get_model("incidents", "IncidentType")
    ShortFormType = apps.get_model("incidents", "ShortFormType")
    for n, (code, name) in enumerate(INCIDENT_TYPES):
        IncidentType.objects.get_or_create(code=code, defaults={"name": name, "position": n})
    for n, (code, name) in enumerate(SHORT_FORM_TYPES):
        ShortFormType.objects.get_or_create(code=code, defaults={"name": name, "position": n})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
