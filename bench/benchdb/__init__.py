"""Benchmarks run in a database of their own, created empty: never the development data.

On the server of DATABASE_URL when set, else on the embedded PostgreSQL (under YISHI_DATA_DIR).
"""

import os
import statistics
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg


def use_fresh_database(name: str, resume: bool = False) -> None:
    """Create `name` empty (dropping an earlier one), point Django at it, set Django up, migrate.

    With `resume`, keep the database an earlier run left (to go on where it stopped).
    """
    url = os.environ.get("DATABASE_URL")
    if url:
        admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        bench_url = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    else:
        from yishi.platform.embedded import start_postgres

        server = start_postgres()
        admin_url, bench_url = server.get_uri("postgres"), server.get_uri(name)
    if not resume:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yishi.platform.settings")
    import django

    django.setup()
    from yishi.tenants.migrating import migrate_all
    from yishi.tenants.provisioning import ensure_platform

    summary = migrate_all()
    assert not summary.failed, summary.lines()
    ensure_platform()


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def median(values) -> float:
    return statistics.median(values)
