"""Access-log parts are one enumeration (citizens.models.AccessPart): every part a view logs is a
member, and people read its Danish label, never the stored key."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from citizens.models import AccessLog, AccessPart

ROOT = Path(__file__).resolve().parents[2]


def app_sources():
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(ROOT) and "site-packages" not in path.parts:
            for source in path.rglob("*.py"):
                if "migrations" not in source.parts:
                    yield source


def part_parameters(trees):
    """Every function with a `part` parameter: {name: its position}, plus the string defaults found."""
    positions = {"log_access": 2, "log_refusal": 2, "log_access_many": 2, "citizen_for": 2}
    defaults = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args.posonlyargs + node.args.args
                names = [a.arg for a in args]
                if "part" in names:
                    positions[node.name] = names.index("part")
                pairs = list(
                    zip(args[len(args) - len(node.args.defaults) :], node.args.defaults, strict=True)
                )
                pairs += [
                    (a, d) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True) if d
                ]
                for arg, default in pairs:
                    if arg.arg == "part" and isinstance(default, ast.Constant):
                        defaults.add(default.value)
    return positions, defaults


def logged_parts(trees):
    """Every literal part in the apps: `part=...` keywords, `part` defaults, and the positional
    argument of log_access, log_refusal, log_access_many, citizen_for and any helper taking `part`."""
    positions, found = part_parameters(trees)
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg == "part" and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            index = positions.get(name)
            if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Constant):
                found.add(node.args[index].value)
    return found


def test_every_part_logged_anywhere_is_a_member_of_the_enumeration():
    trees = [ast.parse(path.read_text()) for path in app_sources()]
    found = logged_parts(trees)
    assert {"overblik", "rehab:senge", "rehab:forloeb", "uth", "min dag"} <= found  # the scan sees them
    assert sorted(found - set(AccessPart.values) - {None}) == []


def test_the_scan_finds_keyword_positional_and_default_parts():
    tree = ast.parse(
        "def helper(request, pk, part='a'):\n    log_access(request, c, 'b')\n"
        "helper(r, 1, 'c')\nget_visible_or_403(r, qs, 1, part='d')\n"
    )
    assert logged_parts([tree]) == {"a", "b", "c", "d"}


@pytest.mark.django_db
def test_access_log_page_shows_the_danish_label_not_the_key(login, leader_vest, citizen_vest):
    AccessLog.objects.create(username="sygeplejerske", citizen=citizen_vest, part=AccessPart.BED_BOARD)
    body = login(leader_vest).get(reverse("access_log")).content.decode()
    assert "Rehab: sengeoversigt" in body and "rehab:senge" not in body


@pytest.mark.django_db
def test_who_looked_section_of_the_record_shows_the_danish_label(login, leader_vest, citizen_vest):
    AccessLog.objects.create(username="sygeplejerske", citizen=citizen_vest, part=AccessPart.HOME_ASSESSMENT)
    body = login(leader_vest).get(reverse("citizens:access", args=[citizen_vest.pk])).content.decode()
    assert "Rehab: APV i hjemmet" in body and "rehab:apv" not in body
