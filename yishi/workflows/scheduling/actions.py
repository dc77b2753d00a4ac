"""Cancelling a meeting; who sees which meetings in calendar feeds, and personal feed URLs.

    cancel(meeting, actor, roles, reason) → the meeting cancelled (MEETING_STATES) with a MeetingChange,
                                  so that people already notified are told (notices module)

    feed_meetings(person=None)  → the one rule: anonymous feeds list public meetings only (as anonymous
                                  GraphQL does); a person's own feed adds internal ones; confidential
                                  meetings are in no feed (a feed URL is a bearer secret, not a person
                                  cleared for a meeting)
    issue_feed(person)          → the secret token of the person's new feed URL (the previous one stops working)
    revoke_feed(person)         → the person's feed URL stops working
    feed_owner(token)           → the person whose feed this token opens, or None
"""

import secrets

from django.db import transaction

from yishi.content.rules import Confidentiality
from yishi.tenants.structure.models import Person

from .models import MEETING_STATES, CalendarFeed, Meeting, MeetingChange, feed_token_hash

PUBLIC_LEVELS = (Confidentiality.PUBLIC,)
PERSONAL_LEVELS = (Confidentiality.PUBLIC, Confidentiality.INTERNAL)


@transaction.atomic
def cancel(meeting: Meeting, actor, roles, reason: str) -> Meeting:
    """取消会议 by the office, the chair or planning (`system`); the reason is required."""
    MEETING_STATES.check(meeting, "cancel", roles, reason)  # refused before anything is written
    MeetingChange.objects.create(meeting=meeting, previous_starts_at=meeting.starts_at, starts_at=None,
                                 reason=reason, was_notified=meeting.status == Meeting.Status.CONVENED)
    return MEETING_STATES.apply(meeting, "cancel", actor=actor, roles=roles, comment=reason)


def feed_meetings(person: Person | None = None):
    return Meeting.objects.filter(confidentiality__in=PUBLIC_LEVELS if person is None else PERSONAL_LEVELS)


@transaction.atomic
def issue_feed(person: Person) -> str:
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(person=person, defaults={"token_hash": feed_token_hash(token)})
    return token


def revoke_feed(person: Person) -> None:
    CalendarFeed.objects.filter(person=person).delete()


def feed_owner(token: str) -> Person | None:
    feed = CalendarFeed.objects.filter(token_hash=feed_token_hash(token)).select_related("person").first()
    return feed.person if feed else None

