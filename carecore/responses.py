"""Answers that many views give: a page or only its htmx partial, a PDF file, and the redirect after a
form's service has done its work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .forms import add_service_errors
from .versioning import EditConflict


def render_page(request, template, context, *, partial, status=200):
    """The whole page, or only its named partial when htmx asks (the fragment is part of the page's own
    template, so the two never drift apart)."""
    return render(request, f"{template}#{partial}" if request.htmx else template, context, status=status)


def pdf_response(pdf, filename, *, download=False):
    """A PDF the browser shows (or, with `download`, saves) under `filename`."""
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{filename}"'
    return response


def submitted(request, form, action, *, done, then, **rename):
    """Run `action()`, the service behind a valid form. When it refuses (ValidationError) its errors go
    on the form (`rename` as in add_service_errors) and the answer is None: the view shows the form
    again. So does a version conflict (EditConflict): then `form.conflict` is the object as saved by
    the other user, to show with status 409. Else `done` is flashed and the answer redirects to `then` (a URL, or a function of the
    action's result that gives one)."""
    try:
        result = action()
    except ValidationError as exc:
        add_service_errors(form, exc, **rename)
        return None
    except EditConflict as conflict:
        form.show_conflict(conflict.current)
        return None
    messages.success(request, done)
    return redirect(then(result) if callable(then) else then)


def edit_page(request, template, form, save, *, name, instance, done, then):
    """The whole answer of an edit page for shared (versioned) data: on a valid POST run `save` as
    submitted() does; else the form (again) with its object under `name`. After a version conflict the
    object shown is the row as the other user saved it, and the status is 409."""
    if request.method == "POST" and form.is_valid():
        answer = submitted(request, form, save, done=done, then=then)
        if answer:
            return answer
    if form.conflict:
        return render(request, template, {"form": form, name: form.conflict}, status=409)
    return render(request, template, {"form": form, name: instance})
