import graphene

from yishi.content.models import RegulationPage

RegulationStatus = graphene.Enum(
    "RegulationStatus", [(status.name, status.value) for status in RegulationPage.Status],
    description="制度状态：DRAFT 起草中（仅 read_internal 可见）、IN_FORCE 现行有效、REPEALED 已废止、"
                "SUPERSEDED 已被替代",
)
