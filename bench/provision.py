"""Creating an organisation: by cloning the template schema vs by running every migration.

    python bench/provision.py [--clones 5] [--migrated 2]
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# bench/ last: its graphql.py must not shadow the graphql-core package.
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != HERE] + [HERE]
from benchdb import median, timed, use_fresh_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clones", type=int, default=5)
    parser.add_argument("--migrated", type=int, default=2)
    options = parser.parse_args()

    use_fresh_database("yishi_bench_provision")
    from django.test import override_settings

    from yishi.tenants.provisioning import create_organisation
    from yishi.tenants.template import template_is_current

    assert template_is_current()
    cloned = [timed(create_organisation, f"clone-{i}", f"克隆 {i}")[0] for i in range(options.clones)]
    with override_settings(YISHI_TEMPLATE_SCHEMA="no_template"):  # the fallback: every migration
        migrated = [timed(create_organisation, f"migrate-{i}", f"迁移 {i}")[0] for i in range(options.migrated)]

    by_clone, by_migrations = median(cloned), median(migrated)
    print("create an organisation (median; includes its Wagtail site, groups and domain)")
    print(f"  by migrations (baseline): {by_migrations:6.2f} s   n={len(migrated)}")
    print(f"  by cloning the template:  {by_clone:6.2f} s   n={len(cloned)}")
    print(f"  ratio migrations / clone: {by_migrations / by_clone:6.1f}x")


if __name__ == "__main__":
    main()
