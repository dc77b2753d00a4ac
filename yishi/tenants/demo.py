"""Three demo organisations with their regulations and people, created idempotently by `yishi setup`
(and so by `make run`). Each has an administrator `admin` and the cast of casts/<slug>.yaml, every
login with the password `yishi-demo` (docs/operations.md, "Demo logins")."""

from django_tenants.utils import tenant_context

from .cast import DEMO_PASSWORD, apply_cast, cast_of
from .models import Organisation
from .provisioning import Administrator, create_organisation, install_organisation_site

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


def demo_administrator(slug: str) -> Administrator:
    # A name and an e-mail: Wagtail's account page saves the language only with both filled in.
    return Administrator(username="admin", password=DEMO_PASSWORD, email=f"admin@{slug}.example", name="郑浩")


def load_demo(progress=lambda message: None) -> list[Organisation]:
    from yishi.content.packs import apply_pack, load_template

    organisations = []
    for demo in DEMO_ORGANISATIONS:
        administrator = demo_administrator(demo["slug"])
        organisation = Organisation.objects.filter(slug=demo["slug"]).first()
        if organisation is None:
            progress(f"创建演示组织 {demo['name']} …")
            organisation = create_organisation(
                demo["slug"], demo["name"], kind=demo["kind"], region=demo["region"], administrator=administrator,
            )
        with tenant_context(organisation):
            install_organisation_site(organisation, organisation.primary_host, administrator)
            for name in demo["packs"]:  # templates from the library; applying them again changes nothing
                apply_pack(load_template(name))
            apply_cast(cast_of(demo["slug"]))  # after the packs: the people hold the posts they declare
        organisations.append(organisation)
    return organisations
