"""Importing documents into the current organisation: its posts and departments name the roles."""

from pathlib import Path

from yishi.tenants.structure.models import Department, Post

from .importer import Directory, ImportResult, import_document


def import_for_current_organisation(path: str | Path) -> ImportResult:
    """Import a document, reusing the slugs of posts and departments the organisation already has."""
    directory = Directory(posts=dict(Post.objects.values_list("name", "slug")),
                          departments=dict(Department.objects.values_list("name", "slug")))
    return import_document(path, directory=directory)
