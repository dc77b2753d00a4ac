"""`yishi import FILE [--org SLUG] [--apply] [--report FILE]`: pack on stdout, report on stderr, drafts only."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context

from yishi.content.models import RegulationPage

DOCUMENT = """\
某所所务会议事规则
一、所务会每月召开一次，由所长主持，副所长和办公室参加。
二、参会人员须提前10分钟到场；因故不能参加的，须经所长批准。
"""


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def document(tmp_path):
    path = tmp_path / "rules.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def test_prints_the_pack_and_the_report(document):
    out, err = run(str(document))
    pack = yaml.safe_load(out)
    assert pack["regulations"][0]["title"] == "某所所务会议事规则"
    assert pack["regulations"][0]["status"] == "draft"
    assert "导入报告" in err and "会议类型：所务会" in err


def test_report_to_a_file(document, tmp_path):
    target = tmp_path / "report.txt"
    out, err = run(str(document), "--report", str(target))
    assert err == "" and "导入报告" in target.read_text(encoding="utf-8")
    assert yaml.safe_load(out)["regulations"]


def test_errors_are_one_line(tmp_path):
    with pytest.raises(CommandError, match="不支持的文件类型"):
        run(str(tmp_path / "rules.rtf"))  # .pdf is read since issue 15
    with pytest.raises(CommandError, match="--apply: needs --org"):
        run(str(tmp_path / "rules.txt"), "--apply")


def test_unknown_organisation_is_refused(document, organisations, db):
    with pytest.raises(CommandError, match="--org: no organisation 'nobody'"):
        run(str(document), "--org", "nobody")


def test_apply_creates_drafts_in_the_organisation_only(document, org_a, org_b):
    out, err = run(str(document), "--org", org_a.slug, "--apply")
    (regulation,) = yaml.safe_load(out)["regulations"]
    slug = regulation["slug"]
    assert "已作为草稿写入" in err
    with tenant_context(org_a):
        page = RegulationPage.objects.get(slug=slug)
        assert page.status == "draft"  # a person reviews it and puts it in force
        assert page.meeting_types.get().slug == regulation["meeting_types"][0]["slug"]
    with tenant_context(org_b):
        assert not RegulationPage.objects.filter(slug=slug).exists()
