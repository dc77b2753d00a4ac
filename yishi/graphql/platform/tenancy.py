from django.db import connection
from django_tenants.utils import get_public_schema_name

from yishi.tenants.models import Organisation


class OrganisationSchemaMiddleware:
    """Every field under an organisation is resolved in that organisation's schema; the rest in public.

    The one place where the platform API crosses organisations. The owner of a field is found from
    its response path, not from "the last schema set", so the answer does not depend on the order in
    which the executor (with deferred dataloaders) resolves fields.
    """

    def resolve(self, next, root, info, **args):
        owners = info.context.__dict__.setdefault("organisation_paths", {})
        if isinstance(root, Organisation):
            owners[info.path.prev] = owner = root
        else:
            owner, path = None, info.path.prev
            while path is not None and owner is None:
                owner, path = owners.get(path), path.prev
        schema_name = owner.schema_name if owner else get_public_schema_name()
        if connection.schema_name != schema_name:
            if owner:
                connection.set_tenant(owner)
            else:
                connection.set_schema_to_public()
        return next(root, info, **args)
