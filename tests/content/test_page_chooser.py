"""The page chooser opens for every admin user; draft titles only for who may edit the pages (issue 14)."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from tests.support import host_client
from yishi.content.models import RegulationPage
from yishi.content.packs import apply_pack
from yishi.tenants.structure.groups import group

LIVE, RENAMED, UNPUBLISHED = "处务会议事规则", "处务会议事规则（改名草稿）", "未发布的保密制度草稿"


@pytest.fixture
def chooser_pages(org_a):
    with tenant_context(org_a):
        apply_pack(pack())
        live = RegulationPage.objects.get(slug="office-meeting-rules")
        live.title = LIVE
        live.save_revision().publish()
        live.title = RENAMED
        live.save_revision()  # a draft renaming the live page
        live.get_parent().add_child(instance=RegulationPage(title=UNPUBLISHED, effective_from="2026-01-01",
                                                            live=False))
        users = {}
        for key in ("members", "office"):
            users[key] = get_user_model().objects.create_user(f"chooser-{key}", password="x")
            users[key].groups.add(group(key))
        return live.get_parent().pk, users


def chooser_text(org, user, parent_pk: int) -> str:
    client = host_client(org)
    with tenant_context(org):
        client.force_login(user)
    pages = [client.get(f"/admin/choose-page/{parent_pk}/"), client.get("/admin/choose-page/search/?q=制度"),
             client.get("/admin/choose-page/search/?q=草稿")]
    assert [response.status_code for response in pages] == [200, 200, 200]
    # Browsing answers JSON whose "html" holds the listing; searching answers the listing itself.
    return "".join(response.json()["html"] if response["Content-Type"] == "application/json"
                   else response.content.decode() for response in pages)


def test_it_refuses_draft_titles_in_the_page_chooser_to_a_member(org_a, chooser_pages):
    parent, users = chooser_pages
    text = chooser_text(org_a, users["members"], parent)
    assert UNPUBLISHED not in text and RENAMED not in text


def test_an_editor_chooses_among_drafts_too(org_a, chooser_pages):
    parent, users = chooser_pages
    text = chooser_text(org_a, users["office"], parent)
    assert UNPUBLISHED in text and RENAMED in text
