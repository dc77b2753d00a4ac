"""Many organisations on one database: creating them, routing a portal query, a no-op `yishi migrate`.

    python bench/tenants.py [--count 1000] [--requests 200] [--resume]

1. Create the first organisation, time the portal GraphQL query on it (the baseline: a database
   with one organisation), then create the rest by cloning, timing each, each on a new database
   connection as a request or a `yishi org create` would be (one connection kept through hundreds of
   creations caches the catalogue of every schema it made and slows down with each one).
   `--resume` goes on from the last organisation an interrupted run left in the database.
2. The same query on the last organisation: routing overhead with `count` organisations.
3. `yishi migrate` with nothing to migrate, against django-tenants' own
   `migrate_schemas --executor=multiprocessing` (same 2 processes) as the baseline.
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# bench/ last: its graphql.py must not shadow the graphql-core package.
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != HERE] + [HERE]
from benchdb import median, timed, use_fresh_database  # noqa: E402

QUERY = '{"query": "{ organisation { slug name } regulations { slug title } }"}'


def portal_query_seconds(organisation, requests: int) -> float:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=organisation.primary_host)

    def ask():
        response = client.post("/graphql/", QUERY, content_type="application/json")
        assert response.status_code == 200 and "errors" not in response.json(), response.content

    for _ in range(10):  # warm up: caches, prepared plans
        ask()
    seconds = median(timed(ask)[0] for _ in range(requests))
    connection.set_schema_to_public()  # routing left the connection on the organisation's schema
    return seconds


def with_content(organisation):
    from django_tenants.utils import tenant_context

    from yishi.content.packs import apply_pack, load_template, template_names

    with tenant_context(organisation):
        apply_pack(load_template(template_names()[0]))
    return organisation


def wall_time(*command: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=os.environ)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--resume", action="store_true")
    options = parser.parse_args()

    use_fresh_database("yishi_bench_tenants", resume=options.resume)
    from django.db import connection

    from yishi.tenants.models import Organisation
    from yishi.tenants.provisioning import create_organisation

    made = Organisation.objects.filter(slug__startswith="bench-").order_by("slug")
    first = made.first() or with_content(create_organisation("bench-00001", "基准单位 1"))
    alone = portal_query_seconds(first, options.requests)
    start = int(made.last().slug.removeprefix("bench-")) + 1 if options.resume else 2
    if options.resume:
        print(f"  resumed: organisations 1–{start - 1} were made by an earlier run", file=sys.stderr, flush=True)

    creations = []
    for number in range(start, options.count + 1):
        connection.close()
        seconds, last = timed(create_organisation, f"bench-{number:05d}", f"基准单位 {number}")
        creations.append(seconds)
        if number % 100 == 0:
            print(f"  … {number} organisations", file=sys.stderr, flush=True)
    last = with_content(last)
    crowded = portal_query_seconds(last, options.requests)

    bin_dir = os.path.dirname(sys.executable)
    yishi_migrate = wall_time(os.path.join(bin_dir, "yishi"), "migrate", "--processes", "2")
    baseline_migrate = wall_time(os.path.join(bin_dir, "yishi"), "migrate_schemas", "--executor=multiprocessing",
                                 "--noinput", "-v0")

    count = options.count
    print(f"{count} organisations on one database ({os.cpu_count()} CPUs)")
    print(f"  create by cloning ({len(creations)} timed in this run): median {median(creations):.2f} s, p95 "
          f"{sorted(creations)[int(len(creations) * 0.95)]:.2f} s, total {sum(creations) / 60:.1f} min")
    print("  portal GraphQL query { organisation { slug name } regulations { slug title } }, median of "
          f"{options.requests}:")
    baseline = f"on a database with {start - 1} organisation{'s' if start > 2 else ''} (baseline):"
    print(f"    {baseline:<48}{alone * 1000:7.2f} ms")
    print(f"    {f'on organisation {count} of {count}:':<48}{crowded * 1000:7.2f} ms")
    print(f"    {'routing overhead ratio:':<48}{crowded / alone:7.2f}x")
    print("  migrate with nothing to migrate, 2 processes:")
    print(f"    django-tenants migrate_schemas (baseline): {baseline_migrate:7.1f} s")
    print(f"    yishi migrate:                             {yishi_migrate:7.1f} s")
    print(f"    ratio baseline / yishi migrate:            {baseline_migrate / yishi_migrate:7.1f}x")


if __name__ == "__main__":
    main()
