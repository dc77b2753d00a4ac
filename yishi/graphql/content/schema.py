import graphene

from yishi.content.models import RegulationPage

from .types import Regulation


class Query(graphene.ObjectType):
    regulations = graphene.List(graphene.NonNull(Regulation), required=True, description="已发布的制度")

    @staticmethod
    def resolve_regulations(root, info):
        return RegulationPage.objects.live().order_by("title")
