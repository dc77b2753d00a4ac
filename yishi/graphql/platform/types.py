from ..core.nodes import Node
from ..core.pagination import CountableConnection
from ..organisation import types as organisation
from ..public import PUBLIC_QUERIES


class Organisation(organisation.Organisation, *PUBLIC_QUERIES):
    """An organisation on the platform, with its public data (组织及其公开数据)."""

    class Meta:
        name = "Organisation"
        interfaces = (Node,)  # Meta is not inherited


class OrganisationConnection(CountableConnection):
    class Meta:
        node = Organisation
