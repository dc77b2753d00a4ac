"""Importing documents into the current organisation: its posts and departments name the roles."""

from pathlib import Path

from yishi.tenants.structure.models import Department, Post

from .importer import Directory, ImportResult, import_document


def organisation_directory() -> Directory:
    """The current organisation's posts and departments, by name: rules refer to them by their slugs."""
    return Directory(posts=dict(Post.objects.values_list("name", "slug")),
                     departments=dict(Department.objects.values_list("name", "slug")))


def import_for_current_organisation(path: str | Path) -> ImportResult:
    """Import a document, reusing the slugs of posts and departments the organisation already has."""
    return import_document(path, directory=organisation_directory())
