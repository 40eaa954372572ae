"""Two answers that many views give: a page or only its htmx partial, and a PDF file."""

from django.http import HttpResponse
from django.shortcuts import render


def render_page(request, template, context, *, partial, status=200):
    """The whole page, or only its named partial when htmx asks (the fragment is part of the page's own
    template, so the two never drift apart)."""
    return render(request, f"{template}#{partial}" if request.htmx else template, context, status=status)


def pdf_response(pdf, filename, *, download=False):
    """A PDF the browser shows (or, with `download`, saves) under `filename`."""
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{filename}"'
    return response
