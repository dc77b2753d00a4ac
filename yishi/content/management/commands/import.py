from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from yishi.content.importer import ImportFailed, import_document
from yishi.content.importing import import_for_current_organisation
from yishi.content.packs import PackInvalid, apply_pack, dump_pack
from yishi.tenants.management.lookup import organisation_or_error


class Command(BaseCommand):
    help = "导入制度文件 Import a regulation document (.docx, .txt, .html): the pack on stdout, the report on stderr."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", help="organisation slug: rules refer to its existing posts and departments")
        parser.add_argument("--apply", action="store_true",
                            help="create the regulations in --org as drafts (never published without review)")
        parser.add_argument("--report", help="write the import report to this file instead of stderr")

    def handle(self, *args, file, org, apply, report, **options):
        if apply and not org:
            raise CommandError("--apply: needs --org SLUG", returncode=2)
        organisation = organisation_or_error(org, "--org") if org else None
        with tenant_context(organisation) if organisation else nullcontext():
            try:
                result = import_for_current_organisation(file) if organisation else import_document(file)
            except ImportFailed as error:
                raise CommandError(str(error), returncode=2) from None
            text = result.report.render_text()
            if apply:
                try:
                    applied = apply_pack(result.pack, force_draft=True)
                except PackInvalid as error:
                    raise CommandError(str(error), returncode=2) from None
                text += f"已作为草稿写入 {org}：{applied}\n"
        self.stdout.write(dump_pack(result.pack), ending="")
        if report:
            try:
                Path(report).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"--report: cannot write {report}: {error.strerror}", returncode=2) from None
        else:
            self.stderr.write(text, ending="")
