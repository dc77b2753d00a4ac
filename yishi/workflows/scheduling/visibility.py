"""Who may see which meeting: the one rule every module, export and the GraphQL API reads.

    visible_meetings(user)      → meetings whose record, decisions and minutes `user` may read
    meetings_for_admin(user)    → the meetings whose admin page `user` may open
"""

from collections import defaultdict

from django.db.models import Q

from yishi.content.rules import Confidentiality, rules_in_force_on
from yishi.workflows import roles as R

from .models import Meeting

# Besides the attendees, who may read a confidential meeting's record: the roles the rules name for it.
CONFIDENTIAL_READERS = {R.CHAIR, R.MINUTES_REVIEWER, R.SECRETARY}


def visible_meetings(user):
    """Meetings whose record, decisions and minutes `user` may read (a constant number of queries,
    however many confidential meetings there are)."""
    open_meetings = ~Q(confidentiality=Confidentiality.CONFIDENTIAL)
    holder = R.RoleHolder(user)
    if holder.person is None:
        return Meeting.objects.filter(open_meetings)
    cleared = open_meetings | Q(confidentiality=Confidentiality.CONFIDENTIAL, invitations__person=holder.person)
    pairs = set(Meeting.objects.filter(confidentiality=Confidentiality.CONFIDENTIAL)
                .values_list("meeting_type_slug", "date"))
    days_read = defaultdict(list)  # meeting type → the days its rules make `user` a confidential reader
    for (slug, day), rules in rules_in_force_on(pairs).items():
        if holder.roles(rules, day) & CONFIDENTIAL_READERS:
            days_read[slug].append(day)
    for slug, days in days_read.items():
        cleared |= Q(confidentiality=Confidentiality.CONFIDENTIAL, meeting_type_slug=slug, date__in=days)
    return Meeting.objects.filter(pk__in=Meeting.objects.filter(cleared).values("pk"))


def meetings_for_admin(user):
    """Of those `visible_meetings` allows (a confidential one only to its attendees and the roles its
    rules name), every one for the office and leaders, otherwise the ones `user` is invited to."""
    meetings = visible_meetings(user)
    if user.is_superuser or R.group_roles(user) & {R.OFFICE, R.LEADER}:
        return meetings
    return meetings.filter(invitations__person__user=user).distinct()
