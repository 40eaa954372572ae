"""carecore.discovery.app_hooks: what the installed apps offer each other, found over INSTALLED_APPS."""

from carecore.discovery import app_hooks


def test_hooks_are_found_over_installed_apps_in_their_order():
    from medication import minside, samlerapportering

    assert ("medication", samlerapportering.counts) in app_hooks("samlerapportering", "counts")
    labels = [label for label, _hook in app_hooks("minside", "sections")]
    assert "medication" in labels and labels.index("homecare") < labels.index("medication")
    assert ("medication", minside.sections) in app_hooks("minside", "sections")


def test_an_app_can_be_left_out_and_a_missing_attribute_is_skipped():
    assert "minside" not in [label for label, _hook in app_hooks("demo", "seed", exclude=("minside",))]
    assert app_hooks("samlerapportering", "no_such_hook") == []
