from django.core.files.base import ContentFile
from django.db import transaction

from yishi.platform.celery import organisation_task

from .documents import minutes_docx, minutes_pdf
from .models import Minutes


@organisation_task(name="yishi.workflows.minutes.export")
def export_minutes(minutes_id: int) -> None:
    """Write the DOCX and PDF of issued minutes (a re-run rewrites the same two files)."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(pk=minutes_id, live=True).exclude(number="").first()
        if minutes is None:
            return
        for field, build, extension in (("docx", minutes_docx, "docx"), ("pdf", minutes_pdf, "pdf")):
            current = getattr(minutes, field)
            if current:
                current.delete(save=False)
            current.save(f"minutes-{minutes.pk}.{extension}", ContentFile(build(minutes)), save=False)
        Minutes.objects.filter(pk=minutes.pk).update(docx=minutes.docx.name, pdf=minutes.pdf.name)
