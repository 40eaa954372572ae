"""The MedCom endpoint (a machine endpoint with its own token authentication) and the visitator's
queue of messages that could not be matched to a citizen."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from carecore.access import get_visible_or_403
from carecore.registry import require_page
from citizens.models import Citizen

from . import fhir, services
from .forms import MatchForm
from .models import HospitalMessage, HospitalSender

FHIR_JSON = "application/fhir+json"


def _outcome(reason, status, *, code="invalid"):
    response = JsonResponse(fhir.operation_outcome(reason, code=code), status=status, content_type=FHIR_JSON)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="medcom"'
    return response


def _bearer(request):
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@login_not_required
@csrf_exempt
@require_POST
def hospital_notification(request):
    """POST /api/medcom/hospitalnotification/: a MedCom HospitalNotification Bundle. Answers a MedCom
    acknowledgement (200) or an OperationOutcome with the reason (4xx; nothing changed)."""
    sender = HospitalSender.authenticate(_bearer(request))
    if sender is None:
        return _outcome("Unknown or missing sender token (Authorization: Bearer …).", 401, code="security")
    try:
        raw = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _outcome("The body is not JSON.", 400, code="structure")
    if "\\u0000" in json.dumps(raw):  # PostgreSQL stores no NUL character in text or JSON
        return _outcome("The body contains a NUL character.", 400, code="structure")
    try:
        message, _created = services.receive(sender=sender, raw=raw)
    except fhir.MessageError as exc:
        return _outcome(exc.reason, exc.status, code=exc.code)
    return JsonResponse(
        fhir.acknowledgement(message.message_id, message.header_id, received_at=message.received_at),
        content_type=FHIR_JSON,
    )


@require_page("hospital:unmatched")
def unmatched(request):
    rows = list(
        HospitalMessage.objects.unmatched().select_related("sender").order_by("received_at", "id")[:200]
    )
    return render(request, "hospital/unmatched.html", {"rows": rows})


@require_page("hospital:match")
@require_POST
def match(request, pk):
    message = get_visible_or_403(request, HospitalMessage.objects.unmatched(), pk)
    form = MatchForm(request.POST, citizens=Citizen.objects.visible_to(request.user))
    if form.is_valid():
        try:
            services.match(message, form.cleaned_data["citizen"], by=request.user)
        except ValidationError as exc:
            form.add_error("cpr", exc.message_dict.get("cpr", exc.messages))
        else:
            messages.success(request, _("The message was matched to the citizen and processed."))
            return redirect("hospital:unmatched")
    rows = list(
        HospitalMessage.objects.unmatched().select_related("sender").order_by("received_at", "id")[:200]
    )
    return render(
        request,
        "hospital/unmatched.html",
        {"rows": rows, "failed": message.pk, "failed_form": form},
        status=400,
    )
