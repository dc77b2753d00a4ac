"""我的日历订阅: the signed-in person issues, copies and revokes their own feed URL.

Only the token's hash is kept, so the URL can be shown once, in the answer to the POST that issues
it (never in a URL or a redirect); issuing again replaces it. Every view acts on the signed-in
user's own person: there is no parameter naming a person, so nobody reaches another's feed."""

import segno
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yishi.platform.links import organisation_url
from yishi.workflows import roles as R

from .actions import issue_feed, revoke_feed
from .models import CalendarFeed


def _page(request, person, url: str = ""):
    return TemplateResponse(request, "scheduling/subscription.html", {
        "person": person,
        "feed": CalendarFeed.objects.filter(person=person).first() if person else None,
        "url": url,
        "qr": segno.make(url, error="m").svg_inline(scale=4) if url else "",
        "header_icon": "date",
    })


@never_cache
def subscription(request):
    return _page(request, R.person_of(request.user))


def _refuse_without_person(request):
    messages.error(request, _("您的账号未关联人员，不能订阅个人日历"))
    return redirect("calendar_subscription")


@never_cache
@require_POST
def issue(request):
    """The new URL is in this answer only (no-store): copy it or scan the QR code now."""
    person = R.person_of(request.user)
    if person is None:
        return _refuse_without_person(request)
    url = organisation_url(reverse("personal-feed", args=[issue_feed(person)]))
    return _page(request, person, url)


@require_POST
def revoke(request):
    person = R.person_of(request.user)
    if person is None:
        return _refuse_without_person(request)
    revoke_feed(person)
    messages.success(request, _("订阅地址已停用，使用它的日历将不再更新"))
    return redirect("calendar_subscription")
