"""The content part of the portal contract: regulations (also as in force on a date) and meeting types."""

import json
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.content.packdata import pack as internal_pack
from yishi.content.packs import apply_pack


def graphql(client, query: str) -> dict:
    response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def pack() -> dict:
    """The test pack with its meeting type public: anonymous portals see public meeting types only."""
    data = internal_pack()
    data["regulations"][0]["meeting_types"][0]["confidentiality"] = "public"
    return data


def amended() -> dict:
    data = pack()
    data["regulations"][0].update(effective_from="2026-04-01", document_number="测政服发〔2026〕2号")
    data["regulations"][0]["meeting_types"][0]["cadence"]["time"] = "09:00"
    return data


def test_regulations_in_force_on_a_date_answer_with_the_text_then(org_a, client_a):
    with tenant_context(org_a):
        apply_pack(pack())
        apply_pack(amended())
    query = "{ regulations(inForceOn: \"%s\") { slug title documentNumber effectiveFrom text } }"
    (then,) = graphql(client_a, query % "2019-05-01")["regulations"]
    assert then["documentNumber"] == "测政服发〔2017〕15号" and then["effectiveFrom"] == "2017-03-21"
    assert then["text"].startswith("一、议事范围\n会议研究下列事项：\n（一）传达上级文件精神")
    (now,) = graphql(client_a, query % "2026-05-01")["regulations"]
    assert now["documentNumber"] == "测政服发〔2026〕2号"
    assert graphql(client_a, query % "2000-01-01")["regulations"] == []
    (live,) = graphql(client_a, "{ regulations { documentNumber } }")["regulations"]
    assert live["documentNumber"] == "测政服发〔2026〕2号"


def test_meeting_types_show_their_cadence(org_a, client_a):
    with tenant_context(org_a):
        apply_pack(pack())
        apply_pack(amended())
    query = """{ meetingTypes(inForceOn: "%s") { slug name regulationSlug
                 cadence { rrule time durationMinutes holidayPolicy } } }"""
    (before,) = graphql(client_a, query % "2026-03-02")["meetingTypes"]
    assert before == {"slug": "office-meeting", "name": "处务会", "regulationSlug": "office-meeting-rules",
                      "cadence": {"rrule": "FREQ=MONTHLY;BYDAY=-1FR", "time": "15:00", "durationMinutes": 120,
                                  "holidayPolicy": "previous_workday"}}
    (after,) = graphql(client_a, query % "2026-04-02")["meetingTypes"]
    assert after["cadence"]["time"] == "09:00"
    assert graphql(client_a, "{ meetingTypes { slug } }")["meetingTypes"] == [{"slug": "office-meeting"}]


def test_content_queries_take_a_constant_number_of_queries(org_a, client_a):
    query = "{ regulations { slug text } meetingTypes { slug cadence { rrule } } " \
            "inForce: regulations(inForceOn: \"2026-05-01\") { slug text } }"
    counts = []
    with tenant_context(org_a):
        apply_pack(pack())
    for extra in (0, 4):
        with tenant_context(org_a):
            data = pack()
            for n in range(extra):
                data["regulations"].append({**data["regulations"][0], "slug": f"rules-{n}", "title": f"制度{n}",
                                            "meeting_types": [{**data["regulations"][0]["meeting_types"][0],
                                                               "slug": f"meeting-{n}"}]})
            apply_pack(data)
        with CaptureQueriesContext(connection) as context:
            result = graphql(client_a, query)
        assert len(result["regulations"]) == 1 + extra and len(result["meetingTypes"]) == 1 + extra
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts


def test_it_hides_regulations_and_meeting_types_of_another_organisation(org_a, client_a, client_b):
    with tenant_context(org_a):
        apply_pack(pack())
    today = date.today().isoformat()
    query = "{ regulations { slug } inForce: regulations(inForceOn: \"TODAY\") { slug } meetingTypes { slug } }"
    query = query.replace("TODAY", today)
    assert graphql(client_a, query)["meetingTypes"] == [{"slug": "office-meeting"}]
    assert graphql(client_b, query) == {"regulations": [], "inForce": [], "meetingTypes": []}
    assert client_b.get("/office-meeting-rules/").status_code == 404
    assert client_a.get("/office-meeting-rules/").status_code == 200


def test_the_matter_catalogue_in_force_is_served_with_its_route_and_stays_in_its_organisation(org_a, client_a,
                                                                                                  client_b):
    data = pack()
    data["regulations"][0]["matters"] = [{
        "slug": "big-spend", "name": "大额资金使用", "kind": "large_fund", "article": "a-organ1",
        "amount_from": 500000, "route": [{"meeting_type": "office-meeting"}], "quorum": "2/3"}]
    with tenant_context(org_a):
        apply_pack(data)
    query = ("{ matters(inForceOn: \"%s\") { slug name kind articleLabel amountFrom quorum"
             " route { meetingType stage } } }")
    assert graphql(client_a, query % "2026-05-01")["matters"] == [{
        "slug": "big-spend", "name": "大额资金使用", "kind": "large_fund", "articleLabel": "二", "amountFrom": 500000.0,
        "quorum": 2 / 3, "route": [{"meetingType": "office-meeting", "stage": "decide"}]}]
    assert graphql(client_a, query % "2000-01-01")["matters"] == []
    assert graphql(client_b, query % "2026-05-01")["matters"] == []
