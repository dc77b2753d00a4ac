from graphql.pyutils import Path
from graphql_sync_dataloaders import DeferredExecutionContext


class ExecutionContext(DeferredExecutionContext):
    """graphql-sync-dataloaders' executor (it runs batched loaders), fitted to graphql-core 3.2.14.

    graphql-sync-dataloaders 0.1.1 calls handle_field_error(error, return_type), but graphql-core
    3.2.14 also wants the path: without this, any resolver error failed the whole request with a
    TypeError instead of nulling its field (tests/graphql/test_limits.py, the database error test).
    """

    def handle_field_error(self, error, return_type, path=None):
        if path is None:
            for key in error.path or ():
                path = Path(path, key, None)
        return super().handle_field_error(error, return_type, path)
