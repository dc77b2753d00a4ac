import re
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
            text = file.read_text(encoding="utf-8")
            # Dates stay strings so that 2027-02-31 is reported with its path, not by the YAML parser.
            root = yaml.compose(text, Loader=PackLoader)
            data = yaml.load(text, Loader=PackLoader)  # noqa: S506 - a SafeLoader
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: cannot read: {error}", returncode=2) from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark else ""
            problem = getattr(error, "problem", error)
            raise CommandError(f"{file}: {where}not valid YAML: {problem}", returncode=2) from None
        try:
            with schema_context(get_public_schema_name()):
                calendar_year = enter_arrangement(data)
        except ArrangementError as error:
            problems = "; ".join(
                f"line {_line(root, path)}{', ' + path if path else ''}: {message}" for path, message in error.errors
            )
            raise CommandError(f"{file}: {problems}", returncode=2) from None
        count = calendar_year.days.count()
        self.stdout.write(f"{calendar_year.year}: {count} 天已录入并确认 / days entered, year confirmed")


def _line(root: yaml.Node | None, path: str) -> int:
    """The line of the field a path such as `holidays[1].to` names, or of its nearest present parent."""
    node = root
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if isinstance(node, yaml.SequenceNode) and index and int(index) < len(node.value):
            node = node.value[int(index)]
        elif isinstance(node, yaml.MappingNode) and key:
            value = next((value for name, value in node.value if name.value == key), None)
            if value is None:
                break
            node = value
        else:
            break
    return node.start_mark.line + 1 if node is not None else 1
