"""E-mail in development lands as files under YISHI_DATA_DIR/mail; EMAIL_HOST switches to SMTP."""

import json

from tests.support import yishi_command

SEND = ("from django.core.mail import send_mail; "
        "send_mail('会议通知', '周一上午九点召开周例会。', None, ['director@yunxi-centre.example'])")
SHOW = ("import json; from django.conf import settings as s; print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL]))")


def test_a_mail_sent_without_an_smtp_server_lands_as_a_file(organisations, tmp_path):
    # The test settings send to memory (pytest-django); a `yishi` process reads the real ones.
    result = yishi_command("shell", "-c", SEND, env={"YISHI_DATA_DIR": str(tmp_path), "EMAIL_HOST": ""})
    assert result.returncode == 0, result.stderr
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    text = files[0].read_text()
    assert "To: director@yunxi-centre.example" in text and "noreply@localhost" in text


def test_email_host_sends_by_smtp_with_the_settings_given(organisations, tmp_path):
    env = {"YISHI_DATA_DIR": str(tmp_path), "EMAIL_HOST": "smtp.example.cn", "EMAIL_PORT": "465",
           "EMAIL_HOST_USER": "yishi", "EMAIL_HOST_PASSWORD": "secret", "EMAIL_USE_TLS": "true",
           "DEFAULT_FROM_EMAIL": "议事 <yishi@example.cn>"}
    result = yishi_command("shell", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])  # the shell may print a line before
    assert shown == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.cn", 465, "yishi", "secret", True,
                     "议事 <yishi@example.cn>"]
    assert not (tmp_path / "mail").exists()
