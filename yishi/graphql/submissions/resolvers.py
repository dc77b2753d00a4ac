"""A person's own submissions: what the acting user (signed-in user, or the user a key acts as) may see.

Nothing here is public: with no acting user every one of these is empty.
"""

from yishi.graphql.keys.models import Scope
from yishi.tenants.structure.models import Person
from yishi.workflows import roles
from yishi.workflows.agenda.models import Topic
from yishi.workflows.attendance.models import Invitation, LeaveRequest

from ..core.permissions import acting_user, scopes
from ..meetings.resolvers import visible_meetings


def own_person(info) -> Person | None:
    return roles.person_of(acting_user(info))


def own_topics(info):
    user = acting_user(info)
    return Topic.objects.filter(submitted_by=user) if user else Topic.objects.none()


def own_invitations(info):
    person = own_person(info)
    if person is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(person=person, meeting__in=visible_meetings(info)).select_related("meeting")


def own_leave_requests(info):
    return LeaveRequest.objects.filter(invitation__in=own_invitations(info)).select_related("delegate")


def may_see_people(info) -> bool:
    """Colleagues' names are for an acting user who may read internal data; portals see no person."""
    return acting_user(info) is not None and Scope.READ_INTERNAL.value in scopes(info)


def people_for(info):
    return Person.objects.all() if may_see_people(info) else Person.objects.none()
