"""The pack validator's warnings: rules below the minimums of the rule texts a regulation cites."""

import yaml

from tests.content.packdata import pack
from tests.support import yishi_command
from yishi.content.minimums import pack_warnings
from yishi.content.packs import validate_pack
from yishi.tenants.models import Organisation

MT = "regulations[0].meeting_types[0].decisions"
CITING = "根据《党政领导干部选拔任用工作条例》和《中国共产党党组工作条例》，制定本规则。"


def citing(**decisions) -> dict:
    data = pack()
    regulation = data["regulations"][0]
    regulation["articles"][0]["text"] = CITING
    regulation["meeting_types"][0]["decisions"] = decisions
    return data


def messages(data) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for warning in pack_warnings(data):
        found.setdefault(warning.path, []).append(warning.message)
    return found


def test_a_personnel_quorum_under_two_thirds_is_a_warning_not_an_error():
    data = citing(quorum=0.4, quorum_rules=[{"matter": "personnel", "fraction": 0.6}])
    assert validate_pack(data) == []  # the organisation's text is what it is: the pack applies
    assert messages(data) == {
        f"{MT}.quorum": ["到会比例 0.4 低于《中国共产党党组工作条例》规定的半数以上"],
        f"{MT}.quorum_rules": ["干部任免事项到会比例 0.6 低于《党政领导干部选拔任用工作条例》规定的三分之二以上",
                               "干部任免事项到会比例 0.6 低于《中国共产党党组工作条例》规定的三分之二以上"],
        f"{MT}.decision_rule": ["《党政领导干部选拔任用工作条例》规定干部任免以应到会成员超过半数同意形成决定，"
                                "这里是到会成员过半数",
                                "《中国共产党党组工作条例》规定赞成票超过应到会成员半数为通过，这里是到会成员过半数"],
    }


def test_a_party_group_decides_everything_by_the_members_entitled_to_attend():
    """党组工作条例 第二十七条: any decision of a 党组, not only 干部任免 (no personnel rule here)."""
    data = citing(quorum=0.5)
    data["regulations"][0]["articles"][0]["text"] = "根据《中国共产党党组工作条例》，制定本规则。"
    assert messages(data) == {f"{MT}.decision_rule": [
        "《中国共产党党组工作条例》规定赞成票超过应到会成员半数为通过，这里是到会成员过半数"]}
    data["regulations"][0]["meeting_types"][0]["decisions"]["decision_rule"] = "majority_of_members"
    assert pack_warnings(data) == []


def test_rules_at_the_minimums_or_citing_nothing_give_no_warning():
    assert pack_warnings(citing(quorum=0.5, quorum_rules=[{"matter": "personnel", "fraction": 0.6667}],
                                decision_rule="majority_of_members")) == []
    uncited = pack()
    uncited["regulations"][0]["meeting_types"][0]["decisions"] = {
        "quorum": 0.4, "quorum_rules": [{"matter": "personnel", "fraction": 0.6}]}
    assert pack_warnings(uncited) == []


def test_a_catalogued_personnel_matter_counts_for_its_meetings_and_its_own_quorum():
    data = citing(quorum=0.5, decision_rule="majority_of_members")  # no personnel quorum rule of its own
    data["regulations"][0]["matters"] = [{"slug": "cadre", "name": "干部任免", "kind": "cadre_appointment",
                                          "route": [{"meeting_type": "office-meeting"}], "quorum": 0.6}]
    found = messages(data)
    assert found[f"{MT}.quorum_rules"][0] == ("干部任免事项到会比例 0.5 低于"
                                              "《党政领导干部选拔任用工作条例》规定的三分之二以上")
    assert found["regulations[0].matters[0].quorum"][0].startswith("干部任免事项到会比例 0.6 低于")


def test_the_cli_creates_with_the_pack_and_prints_the_warnings(organisations, django_db_blocker, tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(citing(quorum=0.5, quorum_rules=[{"matter": "personnel", "fraction": 0.6}],
                                          decision_rule="majority_of_members"), allow_unicode=True))
    try:
        result = yishi_command("org", "create", "org-warned", "--name", "提示单位", "--pack", str(path))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("org-warned\t")
        warning = (f"警告：{MT}.quorum_rules: 干部任免事项到会比例 0.6 低于"
                   "《党政领导干部选拔任用工作条例》规定的三分之二以上")
        assert warning in result.stderr.splitlines()
    finally:
        with django_db_blocker.unblock():
            organisation = Organisation.objects.filter(slug="org-warned").first()
            if organisation:
                organisation.delete(force_drop=True)
