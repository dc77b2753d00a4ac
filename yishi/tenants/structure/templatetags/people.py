"""`{{ user|display_name }}`: people by name in templates (see structure.models.display_name)."""

from django import template

from yishi.tenants.structure import models

register = template.Library()
register.filter("display_name", models.display_name)
