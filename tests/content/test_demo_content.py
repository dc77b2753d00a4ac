"""The demo organisations are built from the template packs, with the review workflow; loading twice changes nothing."""

from datetime import date

from django_tenants.utils import tenant_context
from wagtail.models import Revision

from yishi.content.models import RegulationIndexPage, RegulationPage
from yishi.content.rules import meeting_types_in_force
from yishi.tenants.demo import DEMO_ORGANISATIONS, load_demo
from yishi.tenants.models import Organisation


def test_demo_content_is_real_and_idempotent(organisations, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            demo = load_demo()
            with tenant_context(demo[1]):
                revisions = Revision.objects.count()
                slugs = {rules.slug for rules in meeting_types_in_force(date(2026, 3, 2))}
                assert {"party-group-meeting", "director-office-meeting", "weekly-meeting", "section-meeting",
                        "system-work-meeting", "annual-awards-meeting"} == slugs
                assert RegulationIndexPage.objects.get().get_workflow().name == "制度审批"
            load_demo()
            with tenant_context(demo[1]):
                assert Revision.objects.count() == revisions
            with tenant_context(demo[0]):
                assert RegulationPage.objects.live().count() == 2
        finally:
            for organisation in Organisation.objects.filter(slug__in=[d["slug"] for d in DEMO_ORGANISATIONS]):
                organisation.delete(force_drop=True)
