from django import template

from carecore import cpr as cprlib
from carecore import oidc

register = template.Library()


@register.filter
def masked_cpr(value):
    """DDMMYY-xxxx: how a CPR number is shown everywhere except on the record itself."""
    return cprlib.mask(value)


@register.filter
def cpr(value):
    """DDMMYY-SSSS: a full CPR number written one way on every page."""
    return cprlib.written(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagers and filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def oidc_enabled(provider):
    """Whether the login through this identity provider ("citizen", "staff") is configured."""
    return oidc.is_enabled(provider)
