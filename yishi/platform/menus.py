"""Admin menu entries shown only to the users who may open them."""

from collections.abc import Callable

from wagtail.admin.menu import MenuItem


class CheckedMenuItem(MenuItem):
    """A MenuItem with `may_open(user) -> bool`: the same check the view makes, so no dead entries."""

    def __init__(self, label, url, may_open: Callable, **kwargs):
        super().__init__(label, url, **kwargs)
        self.may_open = may_open

    def is_shown(self, request):
        return self.may_open(request.user)
