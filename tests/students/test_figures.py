"""Dashboard figures from a known data set, including the slides' 2021 figures."""

from datetime import date

import pytest

from students import figures
from students.models import MeetingKind, PayBasis, Programme, Trainee, TraineeStatus

from .factories import TraineeFactory, place, trainee_cpr

pytestmark = pytest.mark.django_db


def build_2021():
    """119 persons employed in 2021: 74 SSA only, 41 SSH only, 4 who finished SSH in spring and
    started SSA in August. SSA courses 78 (46 adult pay), SSH courses 45 (24 adult pay)."""
    rows = []

    def course(cpr, programme, start, end, adult, status=TraineeStatus.GRADUATED, ended=None):
        rows.append(
            Trainee(
                first_name="A",
                last_name="B",
                cpr=cpr,
                programme=programme,
                intake=f"{start:%Y-%m}",
                start_date=start,
                expected_end=end,
                ended_on=ended or end,
                status=status,
                pay_basis=PayBasis.ADULT if adult else PayBasis.TRAINEE,
            )
        )

    for _i in range(4):  # movers: both SSH and SSA in 2021, on adult pay in both
        cpr = trainee_cpr()
        course(cpr, Programme.SSH, date(2020, 2, 1), date(2021, 4, 1), True)
        course(cpr, Programme.SSA, date(2021, 8, 1), date(2024, 6, 1), True)
    for i in range(74):
        course(trainee_cpr(), Programme.SSA, date(2019, 8, 1), date(2022, 6, 1), i < 42)
    for i in range(41):
        course(trainee_cpr(), Programme.SSH, date(2021, 2, 1), date(2022, 4, 1), i < 20)
    # not employed in 2021: ended in 2020, started in 2022
    course(trainee_cpr(), Programme.SSA, date(2017, 8, 1), date(2020, 12, 31), True)
    course(trainee_cpr(), Programme.SSH, date(2022, 1, 3), date(2023, 3, 1), True)
    # a drop-out who left in December 2020 is not counted in 2021 although the expected end is later
    course(
        trainee_cpr(),
        Programme.SSH,
        date(2020, 10, 1),
        date(2021, 12, 1),
        False,
        status=TraineeStatus.DROPPED_OUT,
        ended=date(2020, 12, 1),
    )
    Trainee.objects.bulk_create(rows)


def test_2021_figures_match_the_slides():
    build_2021()
    [year] = figures.per_year(Trainee.objects.all(), [2021])
    by = {p["programme"]: (p["count"], p["adult"]) for p in year["programmes"]}
    assert year["persons"] == 119
    assert by[Programme.SSA] == (78, 46)
    assert by[Programme.SSH] == (45, 24)
    assert year["courses"] == 123 and year["in_two_programmes"] == 4


def test_2021_figures_on_the_dashboard(login, coordinator):
    build_2021()
    body = login(coordinator).get("/elever/oversigt/").content.decode()
    row = body.split('id="year-2021"')[1].split("</tr>")[0]
    assert '<td class="persons">119</td>' in row
    assert '<td class="prog-ssa">78 (46)</td>' in row and '<td class="prog-ssh">45 (24)</td>' in row


def test_completion_rate_and_dropout_timing():
    TraineeFactory(status=TraineeStatus.GRADUATED, ended_on=date(2028, 12, 15))
    TraineeFactory(status=TraineeStatus.GRADUATED, ended_on=date(2028, 12, 15))
    TraineeFactory(status=TraineeStatus.GRADUATED, ended_on=date(2028, 12, 15))
    TraineeFactory(status=TraineeStatus.DROPPED_OUT, ended_on=date(2026, 3, 1))  # 1 month in
    TraineeFactory()
    now = figures.by_programme_and_status(Trainee.objects.all())
    assert now["completion_rate"] == 75
    drop = figures.dropouts(Trainee.objects.all())
    assert drop["buckets"][0] == ("0–3", 1) and drop["by_year"] == [(2026, 1)]


def test_meetings_on_time_and_supervisor_load(org, supervisor):
    placement = place(TraineeFactory(), org.vest1, supervisor)
    placement.meetings.filter(kind=MeetingKind.EXPECTATION).update(held_on=date(2026, 3, 5))
    placement.meetings.filter(kind=MeetingKind.MIDWAY).update(held_on=date(2026, 4, 20))  # late
    rows = {r["label"]: r for r in figures.meetings_on_time(Trainee.objects.all(), today=date(2026, 6, 10))}
    assert (rows["Forventningssamtale"]["held"], rows["Forventningssamtale"]["on_time"]) == (1, 1)
    assert (rows["Midtvejsevaluering"]["held"], rows["Midtvejsevaluering"]["on_time"]) == (1, 0)
    assert rows["Slutevaluering"]["overdue"] == 1
    load = figures.supervisor_load(Trainee.objects.all(), today=date(2026, 4, 1))
    assert load["supervisors"] == 1 and load["distribution"] == [(1, 1)] and not load["over"]
