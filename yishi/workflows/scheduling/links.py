"""The address of a meeting's page, for the notices and messages that point people to it."""

from django.urls import reverse

from yishi.platform.links import organisation_url

from .models import Meeting


def meeting_link(meeting: Meeting) -> str:
    return organisation_url(reverse("yishi_meeting", args=[meeting.pk]))
