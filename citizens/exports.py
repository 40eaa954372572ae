"""The access log as CSV for the data-protection contact: Danish headings and dates (dd.mm.åååå tt.mm,
local time), the part's label (never its key), the citizen's masked CPR number; semicolons and a
byte-order mark so a Danish spreadsheet opens it as it is."""

import csv

from django.utils import timezone
from django.utils.translation import gettext as _


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """A cell a spreadsheet will not run as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def access_log_csv(rows):
    """Lines of CSV for `rows` (AccessLog rows with citizen and user selected), header first."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(
        [
            _("Time"),
            _("Username"),
            _("Staff member"),
            _("Unit"),
            _("Citizen"),
            _("CPR number"),
            _("Part viewed"),
            _("Purpose"),
            _("Outcome"),
        ]
    )
    for row in rows.iterator(chunk_size=2000):
        citizen = row.citizen
        yield writer.writerow(
            [
                f"{timezone.localtime(row.at):%d.%m.%Y %H.%M}",
                _cell(row.username),
                _cell(row.user.get_full_name() if row.user else ""),
                _cell(row.unit_name or ""),
                _cell(citizen.full_name if citizen else ""),
                citizen.masked_cpr if citizen else "",
                row.get_part_display(),
                _cell(row.purpose),
                row.get_outcome_display(),
            ]
        )
