"""The workflows' event logs are append-only through the ORM (issue 17): a row is inserted once and
neither saved again, deleted, nor bulk-updated or bulk-deleted; and each logs a step its declared
table has (同意逾期上会, 交办 and approved changes included), so no event is hand-written."""

import pytest

from tests.workflows.agenda_people import meeting_on, organisation
from tests.workflows.decision_setup import setup_organisation
from tests.workflows.test_supervision import assign
from tests.workflows.test_workflow_admin import monday
from yishi.workflows.agenda.models import TopicEvent
from yishi.workflows.core.statemachine import AppendOnly, TransitionError, TransitionEvent
from yishi.workflows.scheduling.models import MeetingEvent
from yishi.workflows.supervision import actions
from yishi.workflows.supervision.models import ACTION_ITEM_STATES, EVENT_LABELS


def test_an_event_is_written_once_and_never_changed_or_removed(in_org_a):
    org = organisation()
    meeting = meeting_on(monday(1))
    event = MeetingEvent.objects.create(meeting=meeting, transition="convene", from_state="planned",
                                        to_state="convened", actor=org.users.secretary, comment="如期召开")
    event.comment = "改写历史"
    attempts = [event.save, event.delete, lambda: MeetingEvent.objects.filter(pk=event.pk).update(comment="改写"),
                lambda: MeetingEvent.objects.filter(pk=event.pk).delete(), lambda: meeting.events.all().delete()]
    for attempt in attempts:
        with pytest.raises(AppendOnly):
            attempt()
    assert list(MeetingEvent.objects.values_list("comment", flat=True)) == ["如期召开"]


def test_an_event_of_a_step_its_table_does_not_declare_is_refused(in_org_a):
    meeting = meeting_on(monday(1))
    with pytest.raises(ValueError, match="not a step of its declared table"):
        MeetingEvent.objects.create(meeting=meeting, transition="reschedule_quietly", from_state="planned",
                                    to_state="planned")
    assert not MeetingEvent.objects.exists()


def test_every_event_table_names_its_machine_and_the_logged_only_steps_are_declared():
    tables = {model: model.machine for model in _event_models()}
    assert len(tables) == 8 and all(tables.values())
    assert "admit_late" in TopicEvent.machine.by_name and TopicEvent.machine.by_name["admit_late"].target is None
    assert {"assign", "change_delay", "change_rescope"} <= set(EVENT_LABELS)  # the item's log reads from the table
    # Steps taken by their own actions are no buttons, and a form cannot post them.
    assert not [t.name for t in ACTION_ITEM_STATES.available("assigned", {"approver", "office", "chair"})
                if t.name in {"assign", "change_delay", "change_rescope"}]


def test_a_logged_only_step_cannot_be_posted_as_a_button(in_org_a):
    org = setup_organisation()
    item = assign(org)
    with pytest.raises(TransitionError):
        actions.act(item, "change_delay", user=org.people.director.user)  # the approver, without a change request
    assert list(item.events.values_list("transition", flat=True)) == ["assign"]


def _event_models():
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, TransitionEvent)]
