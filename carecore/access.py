"""The one way to fetch one object by id: 404 when there is no such row, 403 when it is out of the user's
scope. Looks at a citizen's record (Sundhedsloven §42a) are logged here, refused ones always.

The core does not know the citizen record; `citizens` registers its model and its access-log writers
with `set_citizen_look_logger` when it is ready. A model belongs to a citizen when it is the citizen
model itself or names the path to its citizen in `citizen_field` (e.g. "citizen", "pathway__citizen").
"""

from functools import cache

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404

_logger = {"shown": None, "refused": None, "shown_many": None, "model": None}


def set_citizen_look_logger(shown, refused, *, citizen_model, shown_many=None):
    """`shown(request, citizen, part)` and `refused(request, citizen, part)` write the access log;
    `shown_many(request, citizen_ids, part)` one row per citizen of a list."""
    _logger.update(shown=shown, refused=refused, shown_many=shown_many, model=citizen_model)
    citizen_path.cache_clear()


@cache
def citizen_path(model):
    """The lookup path from `model` to its citizen ("pk" for the citizen itself), or None."""
    citizen_model = _logger["model"]
    if citizen_model is None:
        return None
    if model is citizen_model:
        return "pk"
    path = getattr(model, "citizen_field", None)
    if not path:
        return None
    target = model
    for name in path.split("__"):
        field = target._meta.get_field(name)
        target = field.related_model
        if target is None:
            break
    if target is not citizen_model:
        raise ImproperlyConfigured(f"{model.__name__}.citizen_field = {path!r} does not lead to a citizen.")
    return path


def _citizen_of(obj, path):
    """The citizen of a fetched object as a bare instance (the access log needs only its id)."""
    if path == "pk":
        return obj
    *hops, last = path.split("__")
    for name in hops:
        obj = getattr(obj, name)
    citizen_id = getattr(obj, obj._meta.get_field(last).attname)
    return None if citizen_id is None else _logger["model"](pk=citizen_id)


def log_refused_look(request, model, pk, part):
    """Log a refused look at the citizen that object `pk` of `model` belongs to (if it exists and has
    one). Returns whether the object exists at all."""
    path = citizen_path(model)
    if path is None:
        return model._base_manager.filter(pk=pk).exists()
    found = list(model._base_manager.filter(pk=pk).values_list(path, flat=True)[:1])
    if not found:
        return False
    if found[0] is not None:
        _logger["refused"](request, _logger["model"](pk=found[0]), part or _page_part(request, model))
    return True


def log_look(request, model, pk, part, *, refused=False, path=None):
    """Log a look (or a refused one) at the citizen that object `pk` of `model` belongs to, if any.
    `path` leads from the model to its citizen where the model does not name it in `citizen_field`."""
    path = path or citizen_path(model)
    if path is None or _logger["model"] is None:
        return
    try:
        found = list(model._base_manager.filter(pk=pk).values_list(path, flat=True)[:1])
    except (ValueError, TypeError, ValidationError):
        return
    if found and found[0] is not None:
        _logger["refused" if refused else "shown"](request, _logger["model"](pk=found[0]), part)


def log_looks(request, objects, part, *, path=None):
    """Log one look per citizen the listed `objects` (of one model) belong to."""
    objects = list(objects)
    if not objects or _logger["shown_many"] is None:
        return
    path = path or citizen_path(type(objects[0]))
    if path is None:
        return
    ids = [c.pk for c in (_citizen_of(obj, path) for obj in objects) if c is not None]
    if ids:
        _logger["shown_many"](request, ids, part)


def _page_part(request, model):
    """The access-log part of the page being refused (its declaration), else the model's name."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        from .registry import registry

        declared = registry.get(match.view_name)
        if declared is not None and declared.part:
            return declared.part
    return model._meta.model_name


def get_visible_or_403(request, queryset, pk, *, part=None):
    """The object `pk` of the scoped `queryset`. 404 if no such row exists at all, 403 (refusal logged for
    a citizen's object) if it exists out of scope. With `part`, the look at the citizen is logged."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = queryset.filter(pk=pk).first()
    model = queryset.model
    if obj is None:
        if not log_refused_look(request, model, pk, part):
            raise Http404
        raise PermissionDenied
    if part is not None:
        path = citizen_path(model)
        citizen = _citizen_of(obj, path) if path else None
        if citizen is not None:
            _logger["shown"](request, citizen, part)
    return obj
