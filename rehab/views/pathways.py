"""§83a pathways, §140 training plans, follow-ups, and the leaders' key figures."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carecore.access import get_visible_or_403
from carecore.pagination import window
from carecore.registry import require_page
from carecore.responses import pdf_response
from carecore.roles import Role, has_role
from carecore.versioning import EditConflict
from citizens.audit import log_access_many
from citizens.fsiii import FUNCTION_LABELS

from .. import services
from ..figures import key_figures
from ..forms import EndPathwayForm, EvaluationForm, FollowUpForm, PathwayForm, StartPathwayForm, levels_of
from ..letters import make_letter
from ..models import FollowUp, Pathway, PathwayKind, PathwayStatus, ScorePhase


def _pathway(request, pk, *, part="rehab:forloeb"):
    return get_visible_or_403(
        request,
        Pathway.objects.visible_to(request.user).select_related("citizen", "therapist"),
        pk,
        part=part,
    )


@require_page("rehab:pathways")
def pathways(request):
    status = request.GET.get("status", "")
    qs = (
        Pathway.objects.visible_to(request.user)
        .select_related("citizen", "therapist")
        .order_by("status", "start_deadline", "-start_on", "-id")
    )
    if status in PathwayStatus.values:
        qs = qs.filter(status=status)
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(therapist=request.user)
    page = window(request, qs, size=50)
    due = list(
        FollowUp.objects.due(timezone.localdate())
        .filter(pathway__in=Pathway.objects.visible_to(request.user).values("pk"))
        .select_related("pathway__citizen")[:50]
    )
    ids = {p.citizen_id for p in page.rows} | {f.pathway.citizen_id for f in due}
    log_access_many(request, sorted(ids), "rehab:forloeb")
    return render(
        request,
        "rehab/pathways.html",
        {
            "page": page,
            "due": due,
            "status": status,
            "statuses": PathwayStatus.choices,
            "mine": mine,
            "can_edit": has_role(request.user, Role.THERAPIST),
            "today": timezone.localdate(),
        },
    )


@require_page("rehab:pathway_new")
@require_http_methods(["GET", "POST"])
def pathway_new(request):
    form = PathwayForm(
        request.POST or None,
        user=request.user,
        initial={"kind": request.GET.get("kind", PathwayKind.REHAB_83A), "start_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        levels = levels_of(form)
        data = {k: v for k, v in data.items() if not k.startswith("fsiii_")}
        try:
            pathway = services.open_pathway(therapist=request.user, by=request.user, levels=levels, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if pathway.kind == PathwayKind.REHAB_83A:
                make_letter(pathway=pathway, by=request.user)
            messages.success(request, _("The pathway was opened."))
            return redirect("rehab:pathway", pk=pathway.pk)
    return render(request, "rehab/pathway_new.html", {"form": form}, status=400 if form.errors else 200)


@require_page("rehab:pathway")
@require_http_methods(["GET", "POST"])
def pathway_detail(request, pk):
    pathway = _pathway(request, pk)
    can_edit = has_role(request.user, Role.THERAPIST)
    eval_form = EvaluationForm(initial={"on": timezone.localdate()})
    start_form = StartPathwayForm(initial={"start_on": timezone.localdate()}, version_of=pathway)
    follow_forms = {}
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "evaluation":
                eval_form = EvaluationForm(request.POST)
                if eval_form.is_valid():
                    services.add_evaluation(pathway, by=request.user, **eval_form.cleaned_data)
                    messages.success(request, _("The evaluation was saved."))
                    return redirect("rehab:pathway", pk=pathway.pk)
            elif action == "start":
                start_form = StartPathwayForm(request.POST, version_of=pathway)
                if start_form.is_valid():
                    try:
                        services.start_pathway(pathway, by=request.user, **start_form.cleaned_data)
                    except EditConflict as conflict:
                        start_form.show_conflict(conflict.current)
                        pathway, status = conflict.current, 409
                    else:
                        messages.success(request, _("The pathway has started."))
                        return redirect("rehab:pathway", pk=pathway.pk)
            elif action == "follow_up":
                follow = get_visible_or_403(request, pathway.follow_ups.all(), request.POST.get("follow_up"))
                form = FollowUpForm(request.POST, prefix=f"f{follow.pk}")
                follow_forms[follow.pk] = form
                if form.is_valid():
                    services.record_follow_up(follow, by=request.user, **form.cleaned_data)
                    messages.success(request, _("The follow-up was recorded."))
                    return redirect("rehab:pathway", pk=pathway.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        status = 409 if status == 409 else 400
    scores = {}
    for s in pathway.scores.all():
        scores.setdefault(s.code, {})[s.phase] = s.level
    score_rows = [
        {
            "label": FUNCTION_LABELS.get(code, code),
            "start": v.get(ScorePhase.START),
            "end": v.get(ScorePhase.END),
        }
        for code, v in scores.items()
    ]
    follow_ups = list(pathway.follow_ups.select_related("done_by"))
    for f in follow_ups:
        f.form = follow_forms.get(f.pk) or FollowUpForm(prefix=f"f{f.pk}")
    return render(
        request,
        "rehab/pathway_detail.html",
        {
            "pathway": pathway,
            "can_edit": can_edit,
            "eval_form": eval_form,
            "start_form": start_form,
            "evaluations": list(pathway.evaluations.select_related("by")),
            "score_rows": score_rows,
            "follow_ups": follow_ups,
            "letters": list(pathway.letters.only("id", "created_at", "pathway_id")),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_page("rehab:pathway_end")
@require_http_methods(["GET", "POST"])
def pathway_end(request, pk):
    pathway = _pathway(request, pk)
    codes = set(pathway.scores.filter(phase=ScorePhase.START).values_list("code", flat=True)) or None
    form = EndPathwayForm(
        request.POST or None, codes=codes, initial={"end_on": timezone.localdate()}, version_of=pathway
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_pathway(
                pathway,
                end_on=data["end_on"],
                result=data["result"],
                note=data["note"],
                levels=levels_of(form),
                by=request.user,
                version=data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
            pathway, status = conflict.current, 409
        else:
            messages.success(
                request, _("The pathway has ended. Follow-ups are planned after 1 and 3 months.")
            )
            return redirect("rehab:pathway", pk=pathway.pk)
    return render(
        request,
        "rehab/pathway_end.html",
        {"pathway": pathway, "form": form},
        status=status if status == 409 else 400 if form.errors else 200,
    )


@require_page("rehab:pathway_letter")
def pathway_letter(request, pk):
    pathway = _pathway(request, pk, part="rehab:afgoerelse")
    letter = pathway.letters.first()
    if letter is None:
        if not has_role(request.user, Role.THERAPIST) or pathway.start_on is None:
            raise Http404
        letter = make_letter(pathway=pathway, by=request.user)
    return pdf_response(letter.pdf, f"afgoerelse-forloeb-{pathway.pk}.pdf")


@require_page("rehab:overview")
def overview(request):
    return render(request, "rehab/overview.html", {"f": key_figures()})
