"""Which regulations a caller may see, and the filters of the `regulations` field.

Drafts: a live regulation whose status is 起草中 (draft) is shown to read_internal only; pages never
published are not served at all. Search is a case-insensitive substring match (PostgreSQL ILIKE) on
the title, the document number and the text as published — Chinese has no word segmentation in
the database search backend, so a substring is the one match that finds 议题 inside a sentence.
"""

from django.db.models import OuterRef, Q, Subquery

from yishi.content.models import RegulationPage, RegulationVersion
from yishi.graphql.keys.models import Scope

from ..core.errors import ApiError, PermissionDenied
from ..core.permissions import scopes

DRAFT = RegulationPage.Status.DRAFT.value
MAX_SEARCH_LENGTH = 100


def visible_regulations(info):
    """Live regulation pages the caller may see."""
    pages = RegulationPage.objects.live()
    return pages if Scope.READ_INTERNAL.value in scopes(info) else pages.exclude(status=DRAFT)


def with_status(info, regulations, statuses=None):
    """Regulations in one of `statuses`; by default every status but draft, for every caller."""
    if statuses is None:
        return regulations.exclude(status=DRAFT)
    values = {getattr(status, "value", status) for status in statuses}
    if DRAFT in values and Scope.READ_INTERNAL.value not in scopes(info):
        raise PermissionDenied("status: 起草中的制度需要权限 read_internal (DRAFT requires scope read_internal)",
                               field="status")
    return regulations.filter(status__in=values)


def matching(regulations, search: str):
    """Regulations (pages or versions) whose title, document number or published text contains `search`."""
    search = search.strip()
    if not search or len(search) > MAX_SEARCH_LENGTH:
        raise ApiError(f"search: 请输入 1–{MAX_SEARCH_LENGTH} 个字 (1 to {MAX_SEARCH_LENGTH} characters)",
                       field="search")
    text = "text"
    if regulations.model is RegulationPage:  # a page's text is the one it was last published with
        latest = RegulationVersion.objects.filter(regulation=OuterRef("pk")).order_by("-published_at", "-pk")
        regulations, text = regulations.annotate(published_text=Subquery(latest.values("text")[:1])), "published_text"
    return regulations.filter(Q(title__icontains=search) | Q(document_number__icontains=search)
                              | Q(**{f"{text}__icontains": search}))


def units(outline: list[dict], depth: int = 0, parent: str = ""):
    """A numbered tree (RegulationVersion.outline) in document order, each unit with its depth and parent."""
    for node in outline:
        yield {**node, "depth": depth, "parent_anchor": parent}
        yield from units(node["children"], depth + 1, node["anchor"])
