from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 23, 7, 0, tzinfo=CPH)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
