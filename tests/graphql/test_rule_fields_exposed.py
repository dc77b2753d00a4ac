"""Every field of the typed rules (yishi.content.rules) is in the GraphQL meeting type, or excluded here
with its reason: a rule added to the pack cannot silently stay out of the API (issue 17)."""

import dataclasses

from yishi.content import rules
from yishi.graphql.content import types

# Rules dataclass → the GraphQL type that shows it.
SHOWN_AS = {
    rules.MeetingRules: types.MeetingType, rules.Cadence: types.Cadence, rules.Roles: types.MeetingRoles,
    rules.Recorders: types.Recorders, rules.Topics: types.TopicRules, rules.Deadline: types.TopicDeadline,
    rules.Materials: types.MaterialRules, rules.Notice: types.NoticeRules, rules.Attendance: types.AttendanceRules,
    rules.QuorumRule: types.QuorumRule, rules.Decisions: types.DecisionRules, rules.Minutes: types.MinutesRules,
    rules.FollowUp: types.FollowUpRules, rules.ScopeItem: types.ScopeItem,
    rules.Matter: types.Matter, rules.MatterStep: types.MatterStep,
}
EXCLUDED = {
    (rules.MeetingRules, "revision_id"): "the Wagtail revision behind the version: an admin id, not a rule",
    (rules.Roles, "ad_hoc_proposers"): "who may call a 临时会议 inside the organisation: the admin's concern",
}
# A role target is shown as kind / slug / name: a person's name is personal data (see RoleTarget).
TARGET_FIELDS = {field.name for field in dataclasses.fields(rules.RoleTarget)}


def test_every_rule_field_is_exposed_or_excluded_with_a_reason():
    missing = [f"{rule_class.__name__}.{field.name}"
               for rule_class, graphql_type in SHOWN_AS.items() for field in dataclasses.fields(rule_class)
               if field.name not in graphql_type._meta.fields and (rule_class, field.name) not in EXCLUDED]
    assert missing == []
    assert set(types.RoleTarget._meta.fields) == {"kind", "slug", "name"} and TARGET_FIELDS == {
        "post", "department", "person"}


def test_every_rules_dataclass_has_its_graphql_type():
    nested = {rules.RoleTarget, *SHOWN_AS}
    for rule_class in SHOWN_AS:
        for field in dataclasses.fields(rule_class):
            named = {candidate for candidate in vars(rules).values()
                     if dataclasses.is_dataclass(candidate) and candidate.__name__ in str(field.type)}
            assert named <= nested, f"{rule_class.__name__}.{field.name}"
