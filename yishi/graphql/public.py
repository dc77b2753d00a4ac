"""An organisation's public read fields: served at the root of its own host's API and, unchanged,
under every organisation of the platform API (resolved there in that organisation's schema).

A domain adds its public Query class here; resolvers of these fields ignore `root` and read the
current schema, and return only what `read_public` may see when the caller has no more.
"""

from .content import schema as content

PUBLIC_QUERIES = (content.Query,)
