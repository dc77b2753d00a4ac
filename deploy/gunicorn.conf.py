"""gunicorn for the web container. Every value can be overridden through the environment.

Sync workers on purpose: django-tenants selects the organisation per database connection, and
under ASGI `sync_to_async` can run a query on the public schema (README, "Running against
external PostgreSQL and Redis").
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# 2 × cores + 1 is gunicorn's own advice; in a container the CPUs are those the pod may use.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * len(os.sched_getaffinity(0)) + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, staggered, so that slow leaks never add up.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
# TLS ends at the ingress / load balancer, which sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
