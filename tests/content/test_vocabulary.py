"""One owner per vocabulary (issue 17): the pack schema's enums are the model's choices, the stored
meetings use the same confidentiality levels as the meeting types, and shares of the members are exact."""

import json
from fractions import Fraction
from pathlib import Path

import pytest

from yishi import content
from yishi.content.fractions import PATTERN, exact, spoken, written
from yishi.content.models import MeetingType
from yishi.content.rules import Confidentiality
from yishi.workflows.scheduling.models import Meeting

SCHEMA = json.loads((Path(content.__file__).parent / "packs" / "pack.schema.json").read_text())
MEETING_TYPE = SCHEMA["$defs"]["meeting_type"]["properties"]


def test_the_schema_enums_are_the_meeting_type_choices():
    assert MEETING_TYPE["confidentiality"]["enum"] == Confidentiality.values
    assert MEETING_TYPE["category"]["enum"] == MeetingType.Category.values
    assert MEETING_TYPE["cadence"]["properties"]["holiday_policy"]["enum"] == MeetingType.HolidayPolicy.values


def test_a_meeting_stores_the_levels_of_the_meeting_types():
    assert Meeting._meta.get_field("confidentiality").choices == Confidentiality.choices


def test_a_share_is_written_and_read_exactly():
    assert SCHEMA["$defs"]["fraction"]["oneOf"][0]["pattern"] == PATTERN
    assert exact("2/3") == Fraction(2, 3) and written(exact("2/3")) == "2/3"
    assert exact(0.6667) == Fraction(2, 3)  # an older pack's rounding reads as the share it meant
    assert [spoken(exact(f)) for f in ("1/2", "2/3", "3/4", 0.8)] == ["半数", "三分之二", "四分之三", "五分之四"]


@pytest.mark.parametrize(("share", "message"), [("3/2", "比例 3/2 大于 1"), (1.5, "1.5 大于最大值 1"),
                                                 ("two thirds", "two thirds")])
def test_a_bad_share_names_the_field(share, message):
    from tests.content.packdata import pack
    from yishi.content.packs.validate import validate_pack

    data = pack()
    data["regulations"][0]["meeting_types"][0]["decisions"]["quorum"] = share
    errors = {error.path: error.message for error in validate_pack(data)}
    assert message in errors["regulations[0].meeting_types[0].decisions.quorum"]


def test_every_rule_the_office_reviews_has_the_importer_s_label():
    from yishi.content.importer.report import RULE_LABELS
    from yishi.content.importer.review import FIELDS

    assert set(FIELDS) <= set(RULE_LABELS)
