import graphene


class Workday(graphene.ObjectType):
    """One day of the organisation's working-day calendar (national arrangement + its own overrides)."""

    date = graphene.Date(required=True)
    is_workday = graphene.Boolean(required=True, description="是否工作日")
    name = graphene.String(required=True, description="节假日或调休名称；周末为“周末”，普通工作日为空")
    confirmed = graphene.Boolean(required=True, description="该年的国家安排已公布（或本单位已确认）")
