import graphene

from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.board import DONE, GREEN, LIGHT_LABELS, RED, YELLOW

MeetingStatus = graphene.Enum(
    "MeetingStatus", [(status.name, status.value) for status in Meeting.Status],
    description="会议状态：PLANNED 计划、CONVENED 已通知、IN_SESSION 进行中、HELD 已召开、CANCELLED 已取消",
)

LIGHTS = (GREEN, YELLOW, RED, DONE)
TrafficLight = graphene.Enum(
    "TrafficLight", [(colour.upper(), colour) for colour in LIGHTS],
    description="督办灯：" + "、".join(f"{colour.upper()} {LIGHT_LABELS[colour]}" for colour in LIGHTS),
)
