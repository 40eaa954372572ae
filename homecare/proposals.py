"""Route proposals (the Vest trial's influence on own routes): a carer looking at tomorrow's route asks to
give one of their visits to a colleague, with a comment; the team leader accepts (the visit is moved
through services.assign_visit, so shift, delegation and overlap rules hold, and a move they refuse is
refused with the reason) or rejects it with a reason."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carecore.models import Unit

from .roster import SwapStatus, TeamScopedQuerySet

# A proposal goes through the same three steps as a shift swap: awaiting the leader, approved, rejected.
ProposalStatus = SwapStatus


class RouteProposal(models.Model):
    """A carer's proposal that a colleague takes one of their visits."""

    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(
        "homecare.Visit", verbose_name=_lazy("visit"), on_delete=models.CASCADE, related_name="proposals"
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_lazy("colleague"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.CharField(_lazy("comment"), max_length=300)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_lazy("proposed"), default=timezone.now)
    status = models.CharField(
        _lazy("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_lazy("decided"), null=True, blank=True)
    reason = models.CharField(_lazy("reason"), max_length=300, blank=True)

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        app_label = "homecare"
        verbose_name = _lazy("route proposal")
        verbose_name_plural = _lazy("route proposals")
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["team", "status"], name="routeproposal_team_status")]

    def __str__(self):
        return f"{self.visit_id} → {self.colleague_id}"


@transaction.atomic
def propose_handover(visit, colleague, *, by, comment):
    """The carer proposes that a colleague of the team takes one of their own future planned visits. A
    visit outside the proposer's shift is refused (the leader plans those)."""
    from . import roster
    from .models import Visit, VisitStatus

    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    comment = (comment or "").strip()
    if visit.assigned_to_id != by.pk:
        raise ValidationError({"visit": _("You can only propose changes to your own visits.")})
    if visit.status != VisitStatus.PLANNED or visit.starts_at <= timezone.now():
        raise ValidationError({"visit": _("Only future planned visits can be changed.")})
    if colleague.pk == by.pk:
        raise ValidationError({"colleague": _("Choose a colleague other than yourself.")})
    if not comment:
        raise ValidationError({"comment": _("Write why you propose the change.")})
    try:
        roster.check_on_shift(visit, by)
    except ValidationError:
        raise ValidationError({"visit": _("The visit lies outside your shift.")}) from None
    if visit.proposals.filter(status=ProposalStatus.PROPOSED).exists():
        raise ValidationError({"visit": _("A change of this visit already awaits the leader.")})
    return RouteProposal.objects.create(
        team_id=visit.team_id, visit=visit, colleague=colleague, comment=comment, proposed_by=by
    )


@transaction.atomic
def decide_proposal(proposal, *, accept, by, reason=""):
    """The leader accepts (the visit goes to the colleague through assign_visit; refused with its
    reason if the move is not possible) or rejects with a reason."""
    from .services import assign_visit

    proposal = (
        RouteProposal.objects.select_for_update().select_related("visit", "colleague").get(pk=proposal.pk)
    )
    reason = (reason or "").strip()
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("The proposal has already been decided."))
    if accept:
        if proposal.visit.assigned_to_id != proposal.proposed_by_id:
            raise ValidationError(_("The visit has been moved since the proposal was made."))
        assign_visit(proposal.visit, proposal.colleague, by=by)
    elif not reason:
        raise ValidationError({"reason": _("Write why the proposal is rejected.")})
    proposal.status = ProposalStatus.APPROVED if accept else ProposalStatus.REJECTED
    proposal.decided_by, proposal.decided_at, proposal.reason = by, timezone.now(), reason
    proposal.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return proposal
