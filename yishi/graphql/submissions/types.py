import graphene


class SubmittedTopic(graphene.ObjectType):
    """A topic as its submitter sees it right after submitting."""

    title = graphene.String(required=True)
    state = graphene.String(required=True, description="submitted | … (见 docs/workflows.md)")
    late = graphene.Boolean(required=True, description="晚于报送截止时间")
    deadline_at = graphene.DateTime(description="报送截止时间")


class LeaveRequestResult(graphene.ObjectType):
    state = graphene.String(required=True, description="requested | approved | refused | cancelled")
    late = graphene.Boolean(required=True, description="晚于规则规定的请假时限")


class SignInResult(graphene.ObjectType):
    signed_in_at = graphene.DateTime(required=True)
    late = graphene.Boolean(required=True, description="迟到")


class ProgressResult(graphene.ObjectType):
    percent = graphene.Int(required=True)
    item_state = graphene.String(required=True, description="督办事项当前状态")
