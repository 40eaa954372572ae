"""Dependencies run one way: modules -> citizens -> carecore. The core imports neither the record nor
any module; the record imports no module. Read from the source with `ast`, so an import inside a
function counts as much as one at the top."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def local_apps():
    """The project's own apps: under the checkout, and not installed packages (a virtualenv may live
    inside the checkout too)."""
    return [
        a.name
        for a in apps.get_app_configs()
        if Path(a.path).resolve().is_relative_to(ROOT) and "site-packages" not in Path(a.path).parts
    ]


def module_apps():
    """The modules: every app of this project other than the core and the record."""
    return sorted(set(local_apps()) - {"carecore", "citizens"})


def imported_names(source, package):
    """Every module name `source` imports (statements, and import_module/__import__ with a literal)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names.add(".".join(base + ([node.module] if node.module else [])))
            else:
                names.add(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def violations(app, forbidden):
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        package = ".".join(path.relative_to(ROOT).parent.parts)
        for name in imported_names(path.read_text(), package):
            if name.split(".")[0] in forbidden:
                found.append((relative, name))
    return found


def test_the_module_list_is_read_from_installed_apps():
    assert {"homecare", "rehab", "incidents", "students"} <= set(module_apps())


def test_core_imports_neither_the_record_nor_any_module():
    assert violations("carecore", {"citizens", *module_apps()}) == []


def test_record_imports_no_module():
    assert violations("citizens", set(module_apps())) == []


@pytest.mark.parametrize(
    "source",
    [
        "from citizens.models import Citizen",
        "import rehab.models",
        "def f():\n    from homecare import services",
        "from importlib import import_module\nimport_module('students.demo')",
        '__import__("incidents.models")',
    ],
)
def test_the_check_sees_every_kind_of_import(source):
    names = imported_names(source, "carecore.management.commands")
    assert {n.split(".")[0] for n in names} & {"citizens", "rehab", "homecare", "students", "incidents"}
