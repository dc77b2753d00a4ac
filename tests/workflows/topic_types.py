"""A second, confidential meeting type (党组会) beside agenda_people's 处务会, for the topic form and
visibility tests: it asks for other content fields and attachments, and names only the director."""

import copy
import datetime as dt

from django.utils import timezone

from tests.workflows.agenda_people import meeting_on, organisation, rules_pack
from yishi.content.packs import apply_pack
from yishi.tenants.structure.models import Department

PARTY = "party-group"


def two_types(matters=(), **office_meeting):
    """Apply both meeting types (and a matter catalogue) and create agenda_people's people; call inside
    the organisation."""
    org = organisation(**office_meeting)
    data = rules_pack(**office_meeting)
    data["regulations"][0]["matters"] = list(matters)
    types = data["regulations"][0]["meeting_types"]
    party = copy.deepcopy(types[0])
    party.update(slug=PARTY, name="党组会", confidentiality="confidential")
    party["cadence"]["rrule"] = "FREQ=WEEKLY;BYDAY=WE"
    party["topics"] = {"deadline": {"kind": "workdays_before", "days": 1, "time": "17:00"},
                       "required_fields": ["title", "questions", "evidence", "attachments"],
                       "ordering_classes": ["important", "urgent"]}
    party["roles"].update(members=[{"post": "director"}], observers=[])
    types.append(party)
    apply_pack(data)
    org.planning = Department.objects.create(slug="planning", name="规划科")
    return org


def upcoming(slug: str, days: int = 14, hour: int = 9):
    """A meeting `days` from today (the forms offer only meetings still ahead)."""
    return meeting_on((timezone.localdate() + dt.timedelta(days=days)).isoformat(), hour=hour, slug=slug)
