from django.core.management import call_command
from django.core.management.base import BaseCommand

from yishi.tenants.demo import load_demo
from yishi.tenants.provisioning import ensure_platform


class Command(BaseCommand):
    help = "迁移所有组织并载入演示数据 Migrate all schemas and the template, register the platform host, load the demo."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="skip the three demo organisations")

    def handle(self, *args, no_demo=False, **options):
        call_command("migrate_all")  # public, the template new organisations are cloned from, and all
        ensure_platform()
        if not no_demo:
            load_demo(progress=self.stdout.write)
