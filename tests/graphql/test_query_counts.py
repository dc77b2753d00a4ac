"""The portal's typical page costs the same number of SQL queries for 10 items as for 100."""

import copy
import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from tests.graphql.helpers import data_of, post
from yishi.content.packs import apply_pack
from yishi.workflows.scheduling.models import Meeting

PAGE = """{ organisation { slug name }
  regulations { slug title documentNumber effectiveFrom text }
  meetingTypes { slug name cadence { rrule time durationMinutes holidayPolicy }
    occurrences(from: "2026-01-01", to: "2026-03-31") { date startsAt } }
  meetings(from: "2026-01-01", to: "2026-12-31") { meetingType { slug } startsAt endsAt status calendarConfirmed } }"""


def populate(organisation, total: int) -> None:
    """`total` published regulations (one meeting type per ten) and `total` meetings."""
    data = pack()
    template = data["regulations"][0]
    data["regulations"] = []
    for n in range(total):
        regulation = copy.deepcopy(template)
        regulation.update(slug=f"rules-{n}", title=f"议事规则{n:03}")
        meeting_type = regulation["meeting_types"][0]
        meeting_type.update(slug=f"type-{n}", name=f"会议{n}", confidentiality="public")
        regulation["meeting_types"] = [meeting_type] if n % 10 == 0 else []
        data["regulations"].append(regulation)
    zone = ZoneInfo("Asia/Shanghai")
    with tenant_context(organisation):
        apply_pack(data)
        day = dt.date(2026, 1, 5)
        Meeting.objects.bulk_create(
            Meeting(meeting_type_slug=f"type-{(n % (total // 10)) * 10}", name="会议", rule_date=day + dt.timedelta(n),
                    date=day + dt.timedelta(n), confidentiality="public",
                    starts_at=dt.datetime.combine(day + dt.timedelta(n), dt.time(9), tzinfo=zone),
                    ends_at=dt.datetime.combine(day + dt.timedelta(n), dt.time(11), tzinfo=zone))
            for n in range(total))


def test_the_portal_page_takes_a_constant_number_of_queries(org_a, org_b, client_a, client_b):
    counts = []
    for organisation, client, total in ((org_a, client_a, 10), (org_b, client_b, 100)):
        populate(organisation, total)
        post(client, PAGE)  # warm the per-process caches (calendar, validated documents)
        with CaptureQueriesContext(connection) as queries:
            data = data_of(post(client, PAGE))
        assert len(data["regulations"]) == total and len(data["meetings"]) == total
        assert len(data["meetingTypes"]) == total // 10 and all(t["occurrences"] for t in data["meetingTypes"])
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
