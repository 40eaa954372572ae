"""Paging without COUNT(*): fetch one row more than the page to know whether a next page exists.
A COUNT over a scoped list costs more than the page itself at municipal scale."""

from dataclasses import dataclass

from django.conf import settings


@dataclass
class Window:
    rows: list
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def start(self):
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end(self):
        return (self.number - 1) * self.size + len(self.rows)

    @property
    def next_number(self):
        return self.number + 1

    @property
    def previous_number(self):
        return self.number - 1


def window(request, queryset, size=None):
    size = size or settings.OMSORG["PAGE_SIZE"]
    try:
        number = max(1, min(int(request.GET.get("side", 1)), 10_000))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return Window(rows=rows[:size], number=number, size=size, has_next=len(rows) > size)
