from django.core.management.base import BaseCommand, CommandError

from yishi.tenants.migrating import migrate_all


class Command(BaseCommand):
    help = (
        "迁移所有 schema Migrate public, the template and every organisation, in parallel "
        "(`yishi migrate`). Schemas with nothing to apply are skipped; a failing schema is reported "
        "by name and the others go on; running again continues."
    )

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=None, help="parallel processes (default: CPU count)")

    def handle(self, *args, processes=None, **options):
        if processes is not None and processes < 1:
            raise CommandError(f"--processes: must be at least 1, got {processes}", returncode=2)
        summary = migrate_all(processes=processes, progress=True)
        for line in summary.lines():
            self.stdout.write(line)
        if summary.failed:
            names = ", ".join(outcome.schema_name for outcome in summary.failed)
            raise CommandError(f"migrate: {len(summary.failed)} schema(s) failed: {names}", returncode=2)
