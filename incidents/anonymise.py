"""The anonymiser every text passes before it leaves the municipality (the DPSD report, per case and
monthly).

It replaces CPR numbers in any common spelling, phone numbers, e-mail addresses, street addresses and
postcodes with towns, the usernames and the names (first, last, each word of a full name; whole words,
any case) of every citizen, relative and staff member known to the system. The result is a list of
segments, so the case handler sees what was replaced before approving the text.
"""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from citizens.models import Citizen, Relative

SEP = r"[\s./–-]?"
# ddmmyy-xxxx, ddmmyyxxxx, dd.mm.yy-xxxx, dd mm yy xxxx, ddmm yy xxxx, dd-mm-yyyy-xxxx ...
CPR = re.compile(rf"(?<![\d+])\d{{2}}{SEP}\d{{2}}{SEP}(?:\d{{2}}){{1,2}}\s?[\s./–-]?\s?\d{{4}}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Danish numbers: 8 digits, alone, in pairs or fours, with or without +45 / 0045.
PHONE_ABROAD = re.compile(r"(?<![\d+])(?:\+|00)45[\s.-]?\d{2}(?:[\s.-]?\d{2}){3}(?!\d)")
PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)45[\s.-]?)?\d{2}(?:[\s.-]?\d{2}){3}(?!\d)")
_UPPER = "A-ZÆØÅÄÖÜÉ"
_SUFFIX = (
    "vej|vejen|gade|gaden|stræde|allé|alle|vænge|vænget|plads|torv|torvet|boulevard|park|parken|"
    "bakke|bakken|høj|højen|toft|tofte|toften|vang|vangen|sti|stien|eng|engen|lund|lunden|kaj|ager|have|"
    "haven|skov|skoven|holm|bro|broen|løkke|mark|marken|huse|dal|dalen|ring|ringen|hegn|kær|kæret|strand|"
    "bygade|gård|gården|passage|promenade|kvarter|landevej|mose|vænge"
)
_FLOOR = r"(?:\s*,?\s*(?:st|kl|sal|\d{1,2}(?!\d))\.?(?:\s*(?:tv|th|mf|\d{1,4})\b\.?)?)?"
_PREFIX = r"(?:Store|Lille|Gamle|Gammel|Nye|Ny|Nørre|Søndre|Østre|Vestre|Sankt|Skt\.|Kong|Dronning|Prins)"
_WORD = r"[\w.'’-]"
STREET = re.compile(
    rf"\b(?:{_PREFIX}\s+)?"
    rf"(?:(?=[{_UPPER}]|{_WORD}{{2,}}(?i:{_SUFFIX})\b){_WORD}*?(?i:{_SUFFIX})"  # Nørregade, skovvej
    rf"|(?:(?:[{_UPPER}]\.)+\s*)?[{_UPPER}]{_WORD}*\s+(?=[{_UPPER}])(?i:{_SUFFIX}))"  # Dompap Allé, H.C. Andersens Boulevard
    rf"\b\.?\s+\d{{1,4}}(?:[A-Za-z]\b)?{_FLOOR}"
)
# Any capitalised word with a house number, floor and side ("Solsikken 4, 2. tv").
FLAT = re.compile(
    rf"\b[{_UPPER}][\w'’-]+\s+\d{{1,4}}\s?[A-Za-z]?\s*,\s*(?:st|kl|\d{{1,2}})\.?\s*(?:tv|th|mf)\b\.?"
)
POSTCODE = re.compile(
    rf"(?<!\d)\d{{4}}\s+[{_UPPER}][\wæøå'’-]*(?:\s+(?:by|[{_UPPER}]{{1,2}}\b|[{_UPPER}][a-zæøå]+\b))?"
)
LETTERS = re.compile(r"[^\W\d_]+")
USERNAME = re.compile(r"[\w@+-]+(?:\.[\w@+-]+)*")
MIN_WORD = 2

PLACEHOLDERS = {
    "email": "[e-mail]",
    "cpr": "[CPR]",
    "phone": "[tlf.]",
    "address": "[adresse]",
    "username": "[brugernavn]",
    "name": "[navn]",
}


def _words(value):
    return {w.lower() for w in LETTERS.findall(value or "") if len(w) >= MIN_WORD}


@dataclass
class Segment:
    text: str
    kind: str = ""  # what it replaced ("name", "cpr", ...); empty when kept
    original: str = ""


class KnownPeople:
    """The words of every known person's name (and of the citizens' street names) and every username,
    lower-cased, for whole-word look-up in a set."""

    def __init__(self, names=(), usernames=()):
        self.names = set(names)
        self.usernames = {u.lower() for u in usernames if u}

    @classmethod
    def everyone(cls):
        """All of them, for a batch (the monthly report): one query per table, loaded once."""
        names, usernames = set(), set()
        for first, last, address in Citizen.objects.values_list("first_name", "last_name", "address"):
            names |= _words(first) | _words(last) | _street_words(address)
        for (name,) in Relative.objects.values_list("name"):
            names |= _words(name)
        for first, last, username in get_user_model().objects.values_list(
            "first_name", "last_name", "username"
        ):
            names |= _words(first) | _words(last)
            usernames.add(username)
        return cls(names, usernames)

    @classmethod
    def in_texts(cls, texts, extra_names=()):
        """Only the people whose names occur in `texts` (one case): the texts' own words are looked up in
        one query per table instead of loading every citizen."""
        joined = "\n".join(t or "" for t in texts)
        candidates = _words(joined)
        tokens = {t.lower() for t in USERNAME.findall(joined)}
        names, usernames = set(), set()
        for extra in extra_names:
            names |= _words(extra)
        if candidates:
            rx = _word_regex(candidates)
            citizens = Citizen.objects.filter(
                Q(first_name__iregex=rx) | Q(last_name__iregex=rx) | Q(address__iregex=rx)
            ).values_list("first_name", "last_name", "address")
            for first, last, address in citizens:
                names |= (_words(first) | _words(last) | _street_words(address)) & candidates
            for (name,) in Relative.objects.filter(name__iregex=rx).values_list("name"):
                names |= _words(name) & candidates
            users = get_user_model().objects.filter(Q(first_name__iregex=rx) | Q(last_name__iregex=rx))
            for first, last in users.values_list("first_name", "last_name"):
                names |= (_words(first) | _words(last)) & candidates
        if tokens:
            users = get_user_model().objects.filter(username__iregex=_word_regex(tokens, whole=True))
            usernames = set(users.values_list("username", flat=True))
        return cls(names, usernames)


def _street_words(address):
    """The street name of an address ("Nørregade 12, 2. tv" -> nørregade), not floor and side."""
    street = re.split(r"\d", address or "", maxsplit=1)[0]
    return {w for w in _words(street) if len(w) >= 3}


def _word_regex(words, whole=False):
    """One regex for the database: any of `words` as a whole word of the column (separators as in names
    and addresses; the same syntax on PostgreSQL and SQLite)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words))
    if whole:
        return f"^({alternatives})$"
    edge = "[ ,.;:()/'\"-]"
    return f"(^|{edge})({alternatives})($|{edge})"


def _split(segments, pattern, kind, keep=lambda match: True):
    out = []
    for seg in segments:
        if seg.kind:
            out.append(seg)
            continue
        pos = 0
        for match in pattern.finditer(seg.text):
            if not keep(match):
                continue
            if match.start() > pos:
                out.append(Segment(seg.text[pos : match.start()]))
            out.append(Segment(PLACEHOLDERS[kind], kind, match.group(0)))
            pos = match.end()
        if pos < len(seg.text):
            out.append(Segment(seg.text[pos:]))
    return out


def anonymise_segments(text, people):
    """The text as segments: kept text, and placeholders with what they replaced."""
    segments = [Segment(text or "")]
    segments = _split(segments, EMAIL, "email")
    segments = _split(segments, PHONE_ABROAD, "phone")
    segments = _split(segments, CPR, "cpr")
    segments = _split(segments, PHONE, "phone")
    segments = _split(segments, STREET, "address")
    segments = _split(segments, FLAT, "address")
    segments = _split(segments, POSTCODE, "address")
    if people.usernames:
        segments = _split(segments, USERNAME, "username", lambda m: m.group(0).lower() in people.usernames)
    if people.names:
        segments = _split(segments, LETTERS, "name", lambda m: m.group(0).lower() in people.names)
    return [s for s in segments if s.text]


def anonymise(text, people):
    return "".join(s.text for s in anonymise_segments(text, people))
