from collections import defaultdict

from yishi.content.rules import Confidentiality, rules_in_force_on
from yishi.workflows.agenda.models import Agenda, AgendaItem
from yishi.workflows.deliberation.models import Decision
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.supervision.models import ActionItem

from ..core.dataloaders import DataLoader
from .resolvers import AGENDA_PUBLISHED, ISSUED_MINUTES, LATEST_PROGRESS, OUTCOME_PUBLISHED


class RulesInForceLoader(DataLoader):
    """(meeting type slug, date) → the MeetingRules in force that day; meetings on many dates cost one query."""

    def batch_load(self, keys):
        found = rules_in_force_on(keys)
        return [found[key] for key in keys]


def by_meeting(rows) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.meeting_id].append(row)
    return grouped


class PublicAgendaLoader(DataLoader):
    """Meeting pk → its approved agenda, items in order (`public_items`); None before approval or if confidential."""

    def batch_load(self, keys):
        agendas = {agenda.meeting_id: agenda for agenda in Agenda.objects.filter(
            meeting_id__in=keys, state__in=AGENDA_PUBLISHED,
        ).exclude(meeting__confidentiality=Confidentiality.CONFIDENTIAL)}
        items = by_meeting(AgendaItem.objects.filter(meeting_id__in=agendas).order_by("meeting_id", "position"))
        for meeting_id, agenda in agendas.items():
            agenda.public_items = items[meeting_id]
        return [agendas.get(key) for key in keys]


class IssuedMinutesLoader(DataLoader):
    """Meeting pk → its issued minutes, or None (not issued yet, or a confidential meeting's)."""

    def batch_load(self, keys):
        found = {minutes.meeting_id: minutes
                 for minutes in Minutes.objects.filter(ISSUED_MINUTES, meeting_id__in=keys)}
        return [found.get(key) for key in keys]


class PublishedDecisionsLoader(DataLoader):
    """Meeting pk → its decisions in agenda order, once its minutes are issued."""

    def batch_load(self, keys):
        decisions = by_meeting(Decision.objects.filter(OUTCOME_PUBLISHED, meeting_id__in=keys)
                               .select_related("record").order_by("meeting_id", "record__position", "pk"))
        return [decisions[key] for key in keys]


class PublishedActionItemsLoader(DataLoader):
    """Meeting pk → its action items (with their latest progress), once its minutes are issued."""

    def batch_load(self, keys):
        items = by_meeting(ActionItem.objects.filter(OUTCOME_PUBLISHED, meeting_id__in=keys)
                           .select_related("owner_department").annotate(**LATEST_PROGRESS)
                           .order_by("meeting_id", "due_date", "pk"))
        return [items[key] for key in keys]
