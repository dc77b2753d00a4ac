from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import get_public_schema_name, schema_context

from yishi.content.calendar.service import ArrangementError, enter_arrangement
from yishi.content.packs.io import PackLoader


class Command(BaseCommand):
    help = "工作日历 The national working-day calendar: import a year's arrangement."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="录入一年的节假日安排 enter one year's arrangement (YAML)")
        load.add_argument("file", type=Path)

    def handle(self, *args, action, file, **options):
        try:
            # Dates stay strings so that 2027-02-31 is reported with its path, not by the YAML parser.
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=PackLoader)  # noqa: S506 - a SafeLoader
        except (OSError, yaml.YAMLError) as error:
            raise CommandError(f"{file}: {str(error).splitlines()[0]}", returncode=2) from None
        try:
            with schema_context(get_public_schema_name()):
                calendar_year = enter_arrangement(data)
        except ArrangementError as error:
            raise CommandError(f"{file}: {error}", returncode=2) from None
        count = calendar_year.days.count()
        self.stdout.write(f"{calendar_year.year}: {count} 天已录入并确认 / days entered, year confirmed")
