"""Three demo organisations, created idempotently by `yishi setup` (and so by `make run`)."""

from django_tenants.utils import tenant_context

from .models import Organisation
from .provisioning import Administrator, create_organisation, ensure_administrator

DEMO_ADMINISTRATOR = Administrator(username="admin", password="yishi-demo")

DEMO_ORGANISATIONS = [
    {
        "slug": "yunxi-centre",
        "name": "云溪县行政服务中心",
        "kind": Organisation.Kind.SERVICE_CENTRE,
        "region": "云溪县",
        "packs": ["service-centre-regular-meetings", "party-organisation-meetings"],
    },
    {
        "slug": "linjiang-bureau",
        "name": "临江市住房和城乡建设局",
        "kind": Organisation.Kind.BUREAU,
        "region": "临江市",
        "packs": ["bureau-meeting-management"],
    },
    {
        "slug": "linjiang-centre-office",
        "name": "临江市政务服务中心管理处",
        "kind": Organisation.Kind.CENTRE_OFFICE,
        "region": "临江市",
        "packs": ["director-office-procedure"],
    },
]


def load_demo(progress=lambda message: None) -> list[Organisation]:
    from yishi.content.moderation import ensure_review_workflow
    from yishi.content.packs import apply_pack, load_template
    from yishi.content.site import install_site
    from yishi.tenants.structure.groups import seed_groups

    organisations = []
    for demo in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=demo["slug"]).first()
        if organisation is None:
            progress(f"创建演示组织 {demo['name']} …")
            organisation = create_organisation(
                demo["slug"], demo["name"], kind=demo["kind"], region=demo["region"],
                administrator=DEMO_ADMINISTRATOR,
            )
        with tenant_context(organisation):
            index = install_site(organisation.primary_host, organisation.name)
            seed_groups(index)
            ensure_review_workflow(index)
            for name in demo["packs"]:  # templates from the library; applying them again changes nothing
                apply_pack(load_template(name))
            ensure_administrator(DEMO_ADMINISTRATOR)
        organisations.append(organisation)
    return organisations
