"""Who sees which meetings in calendar feeds, and personal feed URLs.

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

from yishi.tenants.structure.models import Person

from .models import CalendarFeed, Meeting, feed_token_hash

PUBLIC_LEVELS = ("public",)
PERSONAL_LEVELS = ("public", "internal")


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
