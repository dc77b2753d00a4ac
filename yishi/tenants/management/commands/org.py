from django.core.management.base import BaseCommand, CommandError

from yishi.tenants.models import Organisation
from yishi.tenants.provisioning import ProvisioningError, create_organisation


class Command(BaseCommand):
    help = "管理组织 Manage organisations: create, list."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="创建组织 create an organisation")
        create.add_argument("slug")
        create.add_argument("--name", required=True)
        create.add_argument("--domain", help="host name; default <slug>.<YISHI_BASE_DOMAIN>")
        create.add_argument("--kind", default=Organisation.Kind.OTHER, choices=Organisation.Kind.values)
        create.add_argument("--region", default="")
        actions.add_parser("list", help="列出组织 list organisations")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_create(self, slug, name, domain, kind, region, **options):
        try:
            organisation = create_organisation(slug, name, host=domain, kind=kind, region=region)
        except ProvisioningError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"{organisation.slug}\t{organisation.primary_host}\t{organisation.schema_name}")

    def handle_list(self, **options):
        for organisation in Organisation.objects.served().prefetch_related("domains"):
            self.stdout.write(
                f"{organisation.slug}\t{organisation.name}\t{organisation.primary_host}\t{organisation.schema_name}"
            )
