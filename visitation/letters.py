"""The decision letter (afgørelse) as PDF, made with WeasyPrint from an HTML template. Each version's
letter is rendered once when the decision is made and stored with it, so it reads the same forever."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override


def render_letter(decision, granted):
    from weasyprint import HTML

    case = decision.case
    staff = getattr(decision.decided_by, "staff", None)
    context = {
        "citizen": case.citizen,
        "decision": decision,
        "granted": granted,
        "today": timezone.localdate(decision.decided_at),
        "contact_name": decision.decided_by.get_full_name() or decision.decided_by.get_username(),
        "contact_phone": staff.phone if staff else "",
    }
    with override("da"):
        html = render_to_string("visitation/letter.html", context)
    return HTML(string=html).write_pdf()
