"""Fælles Sprog III: functional-ability areas and sub-areas (levels 0-4) and the 12 nursing problem areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FunctionLevel(models.IntegerChoices):
    NONE = 0, _("0 – none/insignificant limitations")
    LIGHT = 1, _("1 – light limitations")
    MODERATE = 2, _("2 – moderate limitations")
    SEVERE = 3, _("3 – severe limitations")
    TOTAL = 4, _("4 – total limitations")


# (area, [(code, label)]) – codes are stable identifiers stored in the database.
FUNCTION_AREAS = [
    (
        _("Self-care"),
        [
            ("self_care.washing", _("Washing")),
            ("self_care.body_care", _("Body care")),
            ("self_care.toilet", _("Toilet use")),
            ("self_care.dressing", _("Dressing")),
            ("self_care.eating", _("Eating")),
            ("self_care.drinking", _("Drinking")),
            ("self_care.health", _("Looking after own health")),
        ],
    ),
    (
        _("Practical tasks"),
        [
            ("practical.shopping", _("Shopping")),
            ("practical.meals", _("Preparing meals")),
            ("practical.housework", _("Housework")),
        ],
    ),
    (
        _("Mobility"),
        [
            ("mobility.position", _("Changing position")),
            ("mobility.transfer", _("Transferring")),
            ("mobility.walking", _("Walking")),
            ("mobility.moving_around", _("Moving around")),
            ("mobility.transport", _("Using means of transport")),
            ("mobility.hands", _("Lifting and carrying; fine hand use")),
        ],
    ),
    (
        _("Mental functions"),
        [
            ("mental.memory", _("Memory")),
            ("mental.emotional", _("Emotional functions")),
            ("mental.orientation", _("Orientation")),
            ("mental.routines", _("Daily routines")),
        ],
    ),
    (
        _("Community life"),
        [
            ("community.relations", _("Relations")),
            ("community.social", _("Social and community life")),
            ("community.work", _("Work and education")),
        ],
    ),
]

FUNCTION_CHOICES = [(str(area), subs) for area, subs in FUNCTION_AREAS]
FUNCTION_LABELS = {code: label for _area, subs in FUNCTION_AREAS for code, label in subs}
FUNCTION_AREA_OF = {code: area for area, subs in FUNCTION_AREAS for code, _label in subs}


class NursingArea(models.TextChoices):
    FUNCTION = "function", _("Functional level")
    MUSCULOSKELETAL = "musculoskeletal", _("Musculoskeletal system")
    NUTRITION = "nutrition", _("Nutrition")
    SKIN = "skin", _("Skin and mucous membranes")
    COMMUNICATION = "communication", _("Communication")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial conditions")
    RESPIRATION = "respiration", _("Respiration and circulation")
    SEXUALITY = "sexuality", _("Sexuality")
    PAIN = "pain", _("Pain and sensory impressions")
    SLEEP = "sleep", _("Sleep and rest")
    KNOWLEDGE = "knowledge", _("Knowledge and development")
    EXCRETION = "excretion", _("Excretion of waste products")


class NursingStatus(models.TextChoices):
    CURRENT = "current", _("Current problem")
    POTENTIAL = "potential", _("Potential problem")
    NOT_RELEVANT = "not_relevant", _("Not relevant")
