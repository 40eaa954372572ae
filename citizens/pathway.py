"""The citizen's pathway across units: events one module announces and others act on.

Modules never import each other (modules -> citizens -> carecore). When something happens in one
unit that another must act on, the module that knows sends one of these signals, inside the same
transaction as its own write; receivers write their rows in that transaction too (a notification is a
row; work for Celery leaves after commit). Receivers connect in their AppConfig.ready().

Every signal is sent with `sender` = the model class of the source record (e.g. a MedCom message, a
stay, a visitation decision) and keyword arguments named below. Receivers must be idempotent: the same
event may be announced twice (a resent hospital message, a retried job).
"""

from django.dispatch import Signal

# The citizen is away from home from `start` (an aware datetime) — admitted to hospital, on a
# temporary/acute bed at the Rehab- og Akutcenter — until `end` (None while open-ended).
# kwargs: citizen, start, end, reason ("hospital" | "temporary_bed"), reference (str, unique per
# absence, e.g. "medcom:<episode id>" or "stay:<pk>"), by (user or None).
# Home care pauses the visits of those days; a later send with the same reference updates the period.
citizen_away = Signal()

# The absence with `reference` has ended: the citizen is home from `end` (an aware datetime).
# kwargs: citizen, end, reference, to_home (bool), by; optional: reason ("hospital" | "temporary_bed"),
# place (e.g. the hospital ward), cancelled (True: the absence never was, e.g. a cancelled admission).
# Home care resumes visits from the day after `end`'s date (Copenhagen time), all of them if cancelled;
# rehab puts a discharge home from hospital in the Kom Godt Hjem queue.
citizen_home = Signal()

# The citizen has died (hospital message or registry). kwargs: citizen, at, reference, by; optional:
# cancelled (True: a death notice sent by mistake is withdrawn).
citizen_deceased = Signal()

# Somebody asks the visitation for help for a citizen: a discharge notice decided "home with help",
# a temporary stay ended "discharged to home", a referral, a hospital message.
# kwargs: citizen, source (str, e.g. "discharge", "stay", "referral", "hospital"), reference (str,
# unique per request: a second send with the same reference updates, never duplicates),
# proposed (list of dicts {"service": catalogue code or free text, "note": str}), text (str), by.
help_requested = Signal()

# A visitation decision grants services to be delivered by `provider` (a carecore Unit: a municipal
# team/area or a private provider). kwargs: citizen, provider, decision_ref (str, unique per
# decision version), services (list of dicts {"code", "name", "service_type", "minutes",
# "times_per_week", "weekdays" (list of "0".."6"), "start" (date), "end" (date or None), "note"}),
# replaces (decision_ref of the decision this one replaces, or None), by.
# Home care creates/updates the visit plans of the order; nothing is granted twice.
services_granted = Signal()

# A unit has accepted a referral of the citizen (referrals): from now on `unit` (a carecore Unit) serves
# the citizen. kwargs: citizen, unit, reference (str, "referral:<pk>", unique per referral), by.
# E.g. rehab may open a §83a pathway draft; receivers must be idempotent on `reference`.
referral_accepted = Signal()
