"""Decision letters (afgørelser) as PDF, made with WeasyPrint from an HTML template and stored with
the case. The letter is built from the one case only, so it can never hold another citizen's data."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from .models import DecisionLetter, PathwayKind, Stay

PATHWAY_BASIS = {
    PathwayKind.REHAB_83A: "Serviceloven § 83 a",
    PathwayKind.TRAINING_140: "Sundhedsloven § 140",
}


def render_pdf(context):
    from weasyprint import HTML

    with override("da"):
        html = render_to_string("rehab/letter.html", context)
    return HTML(string=html).write_pdf()


def letter_context(*, stay=None, pathway=None):
    case = stay or pathway
    context = {"citizen": case.citizen, "today": timezone.localdate(), "stay": stay, "pathway": pathway}
    if stay:
        context.update(
            legal_basis=stay.stay_type.legal_basis,
            start=timezone.localtime(stay.starts_at),
            end=timezone.localtime(stay.ends_at),
        )
    else:
        context.update(
            legal_basis=PATHWAY_BASIS[pathway.kind], start=pathway.start_on, end=pathway.planned_end
        )
    return context


def make_letter(*, by, stay=None, pathway=None):
    case = stay or pathway
    pdf = render_pdf(letter_context(stay=stay, pathway=pathway))
    return DecisionLetter.objects.create(
        citizen_id=case.citizen_id, stay=stay, pathway=pathway, pdf=pdf, created_by=by
    )


def ensure_stay_letter(stay_id, by_id):
    """The stay's decision letter, made once: running this again (a redelivered task) adds nothing."""
    with transaction.atomic():
        stay = Stay.objects.select_for_update().select_related("citizen", "stay_type").get(pk=stay_id)
        letter = stay.letters.first()
        if letter is None:
            letter = make_letter(stay=stay, by=get_user_model().objects.get(pk=by_id))
    return letter.pk
