"""Publishing a regulation records what was published: a version with its text and rule snapshots."""

from django.db import transaction
from django.utils import timezone

from .models import RegulationPage, RegulationVersion, RuleSnapshot


@transaction.atomic
def record_publication(page: RegulationPage, revision) -> RegulationVersion | None:
    """Write the version and snapshots for a just-published revision; a draft-status regulation is never in force."""
    if page.status == RegulationPage.Status.DRAFT:
        return None
    RegulationVersion.end_before(page.pk, page.effective_from)
    version = RegulationVersion.objects.create(
        regulation=page, revision=revision, slug=page.slug, title=page.title, document_number=page.document_number,
        status=page.status, effective_from=page.effective_from, effective_until=page.effective_until,
        text=page.text, html=page.html, outline=page.outline, matters=page.matters_as_pack(),
    )
    RuleSnapshot.objects.bulk_create(
        RuleSnapshot(version=version, meeting_type_slug=meeting_type.slug, name=meeting_type.name,
                     rules=meeting_type.as_pack())
        for meeting_type in page.meeting_types.all()
    )
    return version


def record_withdrawal(page: RegulationPage) -> None:
    """Unpublishing withdraws the regulation from today on; what was in force before stays on record."""
    today = timezone.localdate()
    RegulationVersion.end_before(page.pk, today)


def on_page_published(sender, instance, revision, **kwargs):
    record_publication(revision.as_object() if revision else instance, revision)


def on_page_unpublished(sender, instance, **kwargs):
    record_withdrawal(instance)


