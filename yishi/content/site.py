"""An organisation's Wagtail site: one site, its root a 制度汇编 page, on the organisation's host."""

from wagtail.models import Page, Site

from .models import RegulationIndexPage


def install_site(hostname: str, title: str) -> RegulationIndexPage:
    """Point the organisation's default Site at `hostname` with a 制度汇编 root (idempotent)."""
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    index = RegulationIndexPage.objects.first()
    if index is None:
        root = Page.get_first_root_node()
        index = root.add_child(instance=RegulationIndexPage(title=title, slug="regulations"))
    site.root_page = index
    site.hostname = hostname
    site.site_name = title
    site.port = 80
    site.save()
    if welcome.pk != index.pk and welcome.specific_class is Page and welcome.depth == 2:
        welcome.delete()  # Wagtail's "Welcome" placeholder page, no longer any site's root
    return index
