"""DataLoaders: one per (organisation schema, loader class) per request, kept on the context.

Keys are primary keys, and pk 1 of one organisation is not pk 1 of another: a loader belongs to the
schema it was created in and runs its batch there, whichever schema the connection is on by then
(the platform API resolves many organisations in one request).
"""

from django.db import connection
from django_tenants.utils import schema_context
from graphql_sync_dataloaders import SyncDataLoader, SyncFuture


class DataLoader(SyncDataLoader):
    def __init__(self):
        self.schema_name = connection.schema_name
        super().__init__(self.batch_in_schema)

    def batch_in_schema(self, keys):
        with schema_context(self.schema_name):
            return self.batch_load(keys)

    def batch_load(self, keys) -> list:
        raise NotImplementedError

    @classmethod
    def of(cls, info) -> "DataLoader":
        loaders = info.context.loaders
        key = (connection.schema_name, cls)
        if key not in loaders:
            loaders[key] = cls()
        return loaders[key]


def then(value, fn):
    """fn(value), or for a loader's pending future a future of fn(its result) that the executor still
    dispatches (it carries the batch's deferred_callback)."""
    if not isinstance(value, SyncFuture):
        return fn(value)
    if value.done():
        return fn(value.result())
    chained = SyncFuture()
    chained.deferred_callback = value.deferred_callback

    def settle():
        try:
            chained.set_result(fn(value.result()))
        except Exception as error:  # noqa: BLE001 — handed to the executor, which reports it on the field
            chained.set_exception(error)

    value.add_done_callback(settle)
    return chained
