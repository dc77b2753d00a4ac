"""Requests per minute per API key (anonymous callers: per client address), counted in the cache.

Cache keys carry the organisation's schema (KEY_FUNCTION), so two organisations' keys never share a
counter. With Redis the count is atomic; the file cache of a server-less setup counts approximately.
"""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def retry_after(request) -> int | None:
    """Seconds to wait when the caller is over its limit, else None (and the request is counted)."""
    if request.api_key is not None:
        subject, allowed = f"key:{request.api_key.pk}", settings.YISHI_GRAPHQL_RATE_LIMIT
    else:
        subject, allowed = f"ip:{request.META.get('REMOTE_ADDR', '')}", settings.YISHI_GRAPHQL_ANONYMOUS_RATE_LIMIT
    if not allowed:
        return None
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"graphql-rate:{subject}:{window}"
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS * 2)
        count = 1
    if count > allowed:
        return max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
    return None
