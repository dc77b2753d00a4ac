"""我的消息: the signed-in person's own inbox and each message's full text.

Every query is filtered by the signed-in user, so another person's message is a 404, never a page.
"""

import re

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.paginator import WagtailPaginator

from yishi.tenants.structure.models import Person

from .models import InboxMessage

PER_PAGE = 20
# An address ends at white space or at Chinese punctuation (Django's urlize needs spaces around it).
LINK = re.compile(r"(https?://[^\s<>\"'，。；、）」]+)")


def own_messages(user):
    return InboxMessage.objects.filter(person__user=user)


def unread_count(user) -> int:
    return own_messages(user).filter(read_at__isnull=True).count()


def linked_text(text: str) -> SafeString:
    """The text as HTML: escaped, line breaks kept, every http(s) address a link."""
    parts = LINK.split(text)  # the captured addresses are at the odd positions
    html = "".join(format_html('<a href="{0}">{0}</a>', part) if i % 2 else escape(part)
                   for i, part in enumerate(parts))
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 — every part was escaped above


def inbox(request):
    """Newest first, unread marked; one page of messages in a constant number of queries."""
    messages = own_messages(request.user).select_related("notice").order_by("-created_at", "-pk")
    paginator = WagtailPaginator(messages, PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(request, "notices/inbox.html", {
        "page": page, "elided_page_range": paginator.get_elided_page_range(page.number),
        # Only asked when the list is empty: to say why (no person linked to the account, or no messages).
        "has_person": bool(page.object_list) or Person.objects.filter(user=request.user).exists(),
    })


def message(request, pk: int):
    """The subject and full text; opening it marks it read."""
    item = get_object_or_404(own_messages(request.user).select_related("notice", "notice__meeting"), pk=pk)
    if item.read_at is None:
        item.read_at = timezone.now()
        InboxMessage.objects.filter(pk=item.pk, read_at__isnull=True).update(read_at=item.read_at)
    return TemplateResponse(request, "notices/message.html", {
        "item": item, "notice": item.notice, "body": linked_text(item.notice.body)})
