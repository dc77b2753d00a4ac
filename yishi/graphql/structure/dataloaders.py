from yishi.tenants.structure.models import Department, Post

from ..core.dataloaders import DataLoader


class DepartmentLoader(DataLoader):
    """Department by primary key."""

    def batch_load(self, keys):
        found = Department.objects.in_bulk(keys)
        return [found.get(key) for key in keys]


class UnitNameLoader(DataLoader):
    """("post" | "department", slug) → its name, or None when no such post or department exists."""

    def batch_load(self, keys):
        names = {}
        for kind, model in (("post", Post), ("department", Department)):
            slugs = {slug for key_kind, slug in keys if key_kind == kind}
            if slugs:
                names.update(((kind, slug), name)
                             for slug, name in model.objects.filter(slug__in=slugs).values_list("slug", "name"))
        return [names.get(key) for key in keys]
