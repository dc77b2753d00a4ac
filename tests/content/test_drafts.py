"""A pack applied as drafts (the importer's way) publishes nothing until a person reviews it."""

from django.test import Client

from tests.content.packdata import pack
from yishi.content.models import RegulationPage, RegulationVersion
from yishi.content.packs import apply_pack


def test_a_drafted_regulation_is_not_live_and_not_in_force(in_org_a):
    apply_pack(pack(), force_draft=True)
    page = RegulationPage.objects.get(slug="office-meeting-rules")
    assert page.live is False
    assert page.get_latest_revision() is not None
    assert not RegulationVersion.objects.exists()
    assert Client(HTTP_HOST=in_org_a.primary_host).get(f"/{page.slug}/").status_code == 404


def test_publishing_the_draft_makes_it_live(in_org_a):
    apply_pack(pack(), force_draft=True)
    apply_pack(pack())
    page = RegulationPage.objects.get(slug="office-meeting-rules")
    assert page.live is True
    assert RegulationVersion.objects.filter(regulation=page).count() == 1
