"""`yishi org create --pack`, `org apply`, `org export`, `org templates`: exit status 2 and every error listed."""

import yaml

from tests.support import yishi_command
from yishi.tenants.models import Organisation


def test_templates_are_listed(organisations):
    result = yishi_command("org", "templates")
    assert result.returncode == 0, result.stderr
    assert "template:party-organisation-meetings\t党组织会议制度" in result.stdout
    assert len(result.stdout.strip().splitlines()) >= 4


def test_create_from_a_template_export_and_reapply(organisations, django_db_blocker, tmp_path):
    created = yishi_command("org", "create", "org-pack", "--name", "制度包单位", "--pack",
                            "template:director-office-procedure")
    try:
        assert created.returncode == 0, created.stderr
        exported = yishi_command("org", "export", "org-pack")
        assert exported.returncode == 0, exported.stderr
        pack = yaml.safe_load(exported.stdout)
        assert [r["slug"] for r in pack["regulations"]] == ["office-affairs-meeting-rules",
                                                           "director-office-meeting-rules"]
        path = tmp_path / "exported.yaml"
        path.write_text(exported.stdout, encoding="utf-8")
        again = yishi_command("org", "apply", "org-pack", str(path))
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip() == "org-pack: created 0, updated 0, unchanged 2"

        pack["regulations"][1]["meeting_types"][0]["cadence"]["rrule"] = "FREQ=WEEKLYISH"
        pack["regulations"][0]["meeting_types"][0]["roles"]["chair"] = {"post": "nobody"}
        path.write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
        invalid = yishi_command("org", "apply", "org-pack", str(path))
        assert invalid.returncode == 2 and "Traceback" not in invalid.stderr
        lines = invalid.stderr.strip().splitlines()
        assert "制度包有 2 处错误" in lines[0]
        assert any(line.startswith("regulations[1].meeting_types[0].cadence.rrule: 无效的 RRULE") for line in lines)
        assert "regulations[0].meeting_types[0].roles.chair.post: 未知岗位 'nobody'" in lines
    finally:
        with django_db_blocker.unblock():
            organisation = Organisation.objects.filter(slug="org-pack").first()
            if organisation:
                organisation.delete(force_drop=True)


def test_an_invalid_pack_creates_no_organisation(organisations, django_db_blocker, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("regulations:\n  - slug: x\n    title: 无日期\n", encoding="utf-8")
    result = yishi_command("org", "create", "org-bad-pack", "--name", "坏包", "--pack", str(path))
    assert result.returncode == 2
    assert "regulations[0].effective_from: 必填" in result.stderr
    with django_db_blocker.unblock():
        assert not Organisation.objects.filter(slug="org-bad-pack").exists()


def test_unknown_organisation_and_template_are_one_line_errors(organisations):
    result = yishi_command("org", "export", "nobody-here")
    assert result.returncode == 2 and "no organisation 'nobody-here'" in result.stderr
    result = yishi_command("org", "apply", "org-a", "template:nothing")
    assert result.returncode == 2 and "没有模板 'nothing'" in result.stderr
