"""Import regulation documents (.txt, .html, .docx, .doc, .pdf) into a draft regulation pack and a review report.

Pure library: no Django. ``import_document(path)`` → ``ImportResult(pack, report)``;
``read_document(path)`` → the document's normalised paragraphs.
"""

from .pipeline import ImportResult, import_document
from .readers import ImportFailed, read_document
from .roles import Directory

__all__ = ["Directory", "ImportFailed", "ImportResult", "import_document", "read_document"]
