import secrets
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from yishi.content.minimums import pack_warnings
from yishi.content.packs import PackInvalid, apply_pack, dump_pack, export_pack, template_names, validate_pack
from yishi.content.packs.templates import read_pack_or_template, template_title
from yishi.platform.links import organisation_url
from yishi.tenants.backup import delete_organisation, read_backup, restore, write_backup
from yishi.tenants.management.lookup import organisation_or_error
from yishi.tenants.models import Organisation
from yishi.tenants.provisioning import Administrator, ProvisioningError, create_organisation, ensure_administrator
from yishi.tenants.suspension import resume, suspend


class Command(BaseCommand):
    help = "管理组织 Manage organisations: create, list, apply/export regulation packs, templates."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="创建组织 create an organisation")
        create.add_argument("slug")
        create.add_argument("--name", required=True)
        create.add_argument("--domain", help="host name; default <slug>.<YISHI_BASE_DOMAIN>")
        create.add_argument("--kind", default=Organisation.Kind.OTHER, choices=Organisation.Kind.values)
        create.add_argument("--region", default="")
        create.add_argument("--pack", help="regulation pack to apply: a YAML file or template:NAME")
        create.add_argument("--admin", help="管理员登录名 create this administrator, print a one-time password")
        add_administrator_arguments(create, "admin-")
        admin = actions.add_parser("admin", help="添加管理员 create (or reset) an administrator, print its password")
        admin.add_argument("slug")
        admin.add_argument("username")
        add_administrator_arguments(admin, "")
        apply = actions.add_parser("apply", help="应用制度包 apply a regulation pack (idempotent)")
        apply.add_argument("slug")
        apply.add_argument("pack", help="a YAML file or template:NAME")
        apply.add_argument("--draft", action="store_true", help="save changed regulations as drafts, do not publish")
        export = actions.add_parser("export", help="导出制度包 print the organisation's regulation pack (YAML)")
        export.add_argument("slug")
        actions.add_parser("templates", help="列出制度模板 list the regulation templates")
        actions.add_parser("list", help="列出组织 list organisations")
        for action, text in (("suspend", "暂停组织 suspend: its host answers 503, its tasks stop"),
                             ("resume", "恢复服务 resume a suspended organisation")):
            actions.add_parser(action, help=text).add_argument("slug")
        backup = actions.add_parser("backup", help="备份组织 write the organisation's backup (zip: JSON + files)")
        backup.add_argument("slug")
        backup.add_argument("--output", help="file to write; default ./<slug>-<UTC time>.zip")
        restore = actions.add_parser("restore", help="恢复组织 recreate an organisation from a backup")
        restore.add_argument("file")
        delete = actions.add_parser("delete", help="删除组织 back up, then delete an organisation and its schema")
        delete.add_argument("slug")
        delete.add_argument("--backup", help="backup file to write first; default ./<slug>-<UTC time>.zip")
        delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_create(self, slug, name, domain, kind, region, pack=None, admin=None, admin_email="",
                      admin_name="", **options):
        data = self._read_pack(pack) if pack else None
        if data is not None and (errors := validate_pack(data)):  # before anything is created
            raise CommandError(str(PackInvalid(errors)), returncode=2)
        administrator = _administrator(admin, admin_email, admin_name) if admin else None
        try:
            organisation = create_organisation(slug, name, host=domain, kind=kind, region=region,
                                               administrator=administrator)
        except ProvisioningError as error:
            raise CommandError(str(error), returncode=2) from None
        if data is not None:
            try:
                with tenant_context(organisation):
                    apply_pack(data)
            except BaseException:
                organisation.delete(force_drop=True)
                raise
        self.stdout.write(f"{organisation.slug}\t{organisation.primary_host}\t{organisation.schema_name}")
        if data is not None:
            self._warn(data)
        with tenant_context(organisation):
            if administrator:
                self._print_password(administrator)
            else:
                self.stdout.write(_("尚未创建管理员。添加：yishi org admin %(slug)s 登录名 [--email 邮箱]")
                                  % {"slug": slug})
            self._print_next_steps(slug, pack_applied=data is not None)

    def handle_admin(self, slug, username, admin_email="", admin_name="", **options):
        with tenant_context(organisation_or_error(slug)):
            administrator = _administrator(username, admin_email, admin_name)
            ensure_administrator(administrator)
            self._print_password(administrator)
            self.stdout.write(_("登录：%(url)s") % {"url": organisation_url("/admin/")})

    def _print_password(self, administrator):
        self.stdout.write(_("管理员 %(username)s 的一次性密码：%(password)s") % {
            "username": administrator.username, "password": administrator.password})
        if administrator.name and administrator.email:
            self.stdout.write(_("（只显示这一次。登录后请在“账户”中修改密码。）"))
        else:  # Wagtail's account page saves nothing, the language included, without name and e-mail
            self.stdout.write(_("（只显示这一次。登录后请在“账户”中修改密码，并填写姓名和邮箱。）"))

    def _print_next_steps(self, slug, pack_applied):
        steps = [
            _("登录后台：%(url)s") % {"url": organisation_url("/admin/")},
            _("在“组织架构”中添加科室、岗位和人员：%(url)s")
            % {"url": organisation_url("/admin/snippets/structure/person/")},
            _("在“设置 → 用户”中为人员开通账号，并加入用户组（办公室、领导、科室负责人、督查、成员）：%(url)s")
            % {"url": organisation_url("/admin/users/")},
        ]
        if not pack_applied:
            steps.append(_("应用制度包：yishi org apply %(slug)s template:模板名（yishi org templates 列出模板）")
                         % {"slug": slug})
        self.stdout.write(_("下一步："))
        for number, step in enumerate(steps, 1):
            self.stdout.write(f"  {number}. {step}")

    def handle_apply(self, slug, pack, draft, **options):
        data = self._read_pack(pack)
        with tenant_context(organisation_or_error(slug)):
            try:
                report = apply_pack(data, force_draft=draft)
            except PackInvalid as error:
                raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"{slug}: {report}")
        self._warn(data)

    def _warn(self, data):
        """Rules below the minimums of the texts the pack cites: applied, and said on stderr."""
        for warning in pack_warnings(data):
            self.stderr.write(_("警告：%(warning)s") % {"warning": warning})

    def handle_export(self, slug, **options):
        with tenant_context(organisation_or_error(slug)):
            self.stdout.write(dump_pack(export_pack()), ending="")

    def handle_templates(self, **options):
        for name in template_names():
            self.stdout.write(f"template:{name}\t{template_title(name)}")

    @staticmethod
    def _read_pack(source: str) -> dict:
        try:
            return read_pack_or_template(source)
        except PackInvalid as error:
            raise CommandError(str(error), returncode=2) from None


    def handle_list(self, **options):
        for organisation in Organisation.objects.served().prefetch_related("domains"):
            self.stdout.write(
                f"{organisation.slug}\t{organisation.name}\t{organisation.primary_host}\t{organisation.schema_name}"
            )

    def handle_suspend(self, slug, **options):
        suspend(organisation_or_error(slug))
        self.stdout.write(f"{slug}: suspended")

    def handle_resume(self, slug, **options):
        resume(organisation_or_error(slug))
        self.stdout.write(f"{slug}: resumed")

    def handle_backup(self, slug, output=None, **options):
        organisation = organisation_or_error(slug)
        self.stdout.write(str(write_backup(organisation, _backup_path(slug, output))))

    def handle_restore(self, file, **options):
        try:
            organisation = restore(read_backup(Path(file)))
        except ProvisioningError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"{organisation.slug}\t{organisation.primary_host}\t{organisation.schema_name}")

    def handle_delete(self, slug, backup=None, yes=False, **options):
        organisation = organisation_or_error(slug)
        if not yes:
            question = f"删除 {organisation.name} ({slug}) 及其全部数据？输入标识确认 / type the slug to confirm: "
            self.stdout.write(question, ending="")
            self.stdout.flush()
            if input().strip() != slug:
                raise CommandError("delete: not confirmed, nothing deleted", returncode=2)
        path = delete_organisation(organisation, _backup_path(slug, backup))
        self.stdout.write(f"{slug}: deleted; backup {path}")


def add_administrator_arguments(parser, prefix: str):
    parser.add_argument(f"--{prefix}email", dest="admin_email", default="", help="管理员邮箱 administrator's e-mail")
    parser.add_argument(f"--{prefix}name", dest="admin_name", default="", help="管理员姓名 administrator's name")


def _administrator(username: str, email: str, name: str) -> Administrator:
    return Administrator(username=username, password=secrets.token_urlsafe(12), email=email, name=name)


def _backup_path(slug: str, given: str | None) -> Path:
    return Path(given or f"{slug}-{datetime.now(UTC):%Y%m%d-%H%M%S}.zip").resolve()
