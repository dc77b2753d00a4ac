"""Reading an organisation back as a pack: the canonical form that `apply_pack` compares against."""

from yishi.content.calendar.service import export_overrides
from yishi.content.models import RegulationIndexPage, RegulationPage
from yishi.tenants.structure.models import Department, Post


def _article(value) -> dict:
    return {
        "anchor": value["anchor"],
        "heading": value["heading"] or "",
        "text": value["text"] or "",
        "clauses": [{"text": clause["text"] or "", "items": [{"text": item["text"]} for item in clause["items"]]}
                    for clause in value["clauses"]],
    }


def export_body(page: RegulationPage) -> dict:
    """`chapters` when the body has chapters, else `articles` (a body never mixes them)."""
    if any(child.block_type == "chapter" for child in page.body):
        return {"chapters": [{"title": child.value["title"], "articles": [_article(a) for a in child.value["articles"]]}
                             for child in page.body]}
    return {"articles": [_article(child.value) for child in page.body]}


def export_regulation(page: RegulationPage) -> dict:
    """One regulation (as given: pass a revision's object to export that revision) in canonical pack form."""
    return {
        "slug": page.slug,
        "title": page.title,
        "document_number": page.document_number,
        "issuing_body": page.issuing_body,
        "adopted_at": page.adopted_at,
        "effective_from": page.effective_from.isoformat(),
        "effective_until": page.effective_until.isoformat() if page.effective_until else None,
        "status": page.status,
        "supersedes": page.supersedes.slug if page.supersedes_id else None,
        "numbering": page.numbering,
        **export_body(page),
        "meeting_types": [meeting_type.as_pack() for meeting_type in page.meeting_types.all()],
        "matters": page.matters_as_pack(),
    }


def export_pack(*, live: bool = True) -> dict:
    """The current organisation's structure and regulations; `live=False` exports the latest drafts instead."""
    index = RegulationIndexPage.objects.get()
    pages = RegulationPage.objects.child_of(index).order_by("path").select_related("supersedes")
    regulations = []
    for page in pages:
        if live and not page.live:
            continue
        source = page if live else page.get_latest_revision_as_object()
        regulations.append(export_regulation(source))
    return {
        "organisation": {
            "departments": [{"slug": d.slug, "name": d.name, "parent": d.parent.slug if d.parent_id else None}
                            for d in Department.objects.select_related("parent").order_by("id")],
            "posts": [{"slug": p.slug, "name": p.name, "department": p.department.slug if p.department_id else None}
                      for p in Post.objects.select_related("department").order_by("id")],
        },
        "regulations": regulations,
        "calendar": export_overrides(),
    }
