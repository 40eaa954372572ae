"""Decision letters (afgørelser) as PDF, made with WeasyPrint from an HTML template and stored with
the case. The letter is built from the one case only, so it can never hold another citizen's data."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from .models import DecisionLetter, PathwayKind

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
