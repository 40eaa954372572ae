"""Accessibility checks in the browser tests: axe-core (vendored, tests/browser/vendor) is injected into
the page under test, and any violation of serious or critical impact fails the test."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}


def violations(page):
    """axe-core's serious and critical violations on the page as it is now: (rule id, targets, help)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], [n["target"] for n in v["nodes"]], v["help"])
        for v in result["violations"]
        if v.get("impact") in FAILING_IMPACTS
    ]


def assert_accessible(page):
    found = violations(page)
    assert found == [], f"{page.url}: " + "; ".join(
        f"{rule} at {targets}: {text}" for rule, targets, text in found
    )
