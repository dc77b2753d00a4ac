from django.http import FileResponse, Http404

from .models import visible_minutes


def download(request, pk: int, kind: str):
    """The issued minutes' DOCX or PDF, for those who may read the meeting's minutes only."""
    minutes = visible_minutes(request.user).filter(pk=pk).exclude(number="").first()
    document = getattr(minutes, kind, None) if minutes is not None and kind in ("docx", "pdf") else None
    if not document:
        raise Http404
    return FileResponse(document.open("rb"), as_attachment=True, filename=f"{minutes.number}.{kind}")
