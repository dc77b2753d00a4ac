"""An organisation's public read fields: served at the root of its own host's API and, unchanged,
under every organisation of the platform API (resolved there in that organisation's schema).

A domain adds its public Query class here; resolvers of these fields ignore `root` and read the
current schema, and return only what `read_public` may see when the caller has no more.
"""

from .calendar import schema as calendar
from .content import schema as content
from .meetings import schema as meetings
from .structure import schema as structure

PUBLIC_QUERIES = (content.Query, meetings.Query, calendar.Query, structure.Query)
