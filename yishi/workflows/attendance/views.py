"""The QR sign-in page: GET shows who is signing in, POST signs in (only inside the sign-in window)."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .actions import SIGN_IN_SALT, sign_in_with_token
from .models import Invitation


@require_http_methods(["GET", "POST"])
def sign_in_page(request, token: str):
    if request.method == "POST":
        try:
            invitation = sign_in_with_token(token)
        except ValidationError as error:
            return render(request, "attendance/sign_in.html", {"errors": error.messages}, status=400)
        return render(request, "attendance/sign_in.html", {"invitation": invitation, "done": True})
    try:
        data = signing.loads(token, salt=SIGN_IN_SALT)
        invitation = Invitation.objects.select_related("meeting", "person").get(pk=data["i"])
    except (signing.BadSignature, KeyError, Invitation.DoesNotExist):
        return render(request, "attendance/sign_in.html", {"errors": ["签到二维码无效"]}, status=400)
    return render(request, "attendance/sign_in.html", {"invitation": invitation})
