"""Chinese by default, English on request: the English catalogue is complete, compiled, and used.

The source strings are Chinese (``_("议题")``); yishi/locale/en holds their English translations.
`make messages` refreshes the catalogue (see README, "Languages").
"""

import ast
import gettext
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation.template import templatize
from django_tenants.utils import tenant_context

from tests.support import host_client

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
SOURCE = Path(settings.BASE_DIR)  # the yishi package, which `make messages` scans

# makemessages' keywords (xgettext's Python defaults plus Django's): name -> (context?, plural?)
KEYWORDS = {
    "_": (False, False), "gettext": (False, False), "gettext_lazy": (False, False), "gettext_noop": (False, False),
    "ngettext": (False, True), "ngettext_lazy": (False, True),
    "pgettext": (True, False), "pgettext_lazy": (True, False),
    "npgettext": (True, True), "npgettext_lazy": (True, True),
}


def _strings_after(tokens: list, index: int) -> tuple[str | None, int]:
    """The string literal (adjacent literals joined) starting at tokens[index], and the index after it."""
    parts = []
    while index < len(tokens) and tokens[index].type in (tokenize.STRING, tokenize.NL, tokenize.NEWLINE):
        if tokens[index].type == tokenize.STRING:
            parts.append(ast.literal_eval(tokens[index].string))
        index += 1
    return ("".join(parts) if parts else None), index


def _messages_in(code: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every gettext call with literal arguments, as xgettext finds them."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type != tokenize.COMMENT]
    found = set()
    for index, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS or tokens[index + 1].string != "(":
            continue
        has_context, _plural = KEYWORDS[token.string]
        first, after = _strings_after(tokens, index + 2)
        if first is None:
            continue
        if not has_context:
            found.add((None, first))
        elif after < len(tokens) and tokens[after].string == ",":
            msgid, _after = _strings_after(tokens, after + 1)
            if msgid is not None:
                found.add((first, msgid))
    return found


def source_messages() -> set[tuple[str | None, str]]:
    """What `makemessages` extracts: gettext calls in Python files, {% translate %} and friends in templates."""
    found = set()
    for path in SOURCE.rglob("*"):
        if path.suffix == ".py":
            found |= _messages_in(path.read_text(encoding="utf-8"))
        elif path.suffix in (".html", ".txt"):
            # templatize blanks out everything but the gettext calls; Python's tokenizer wants no indentation
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            found |= _messages_in("\n".join(line.lstrip() for line in code.splitlines()))
    return found


def read_po(path: Path) -> dict[tuple[str | None, str], dict]:
    """Entries of a .po file by (context, msgid): {"msgstr": [...], "fuzzy": bool}."""
    entries, entry, field = {}, None, None

    def close():
        if entry and "msgid" in entry:
            entries[(entry.get("msgctxt"), entry["msgid"])] = {
                "msgstr": [value for key, value in sorted(entry.items()) if key.startswith("msgstr")],
                "fuzzy": entry["fuzzy"],
            }

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip() or (line.startswith("#") and entry and "msgid" in entry):
            close()
            entry, field = None, None
        if not line.strip():
            continue
        entry = entry if entry is not None else {"fuzzy": False}
        if line.startswith("#,"):
            entry["fuzzy"] |= "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
            field = match.group(1)
            entry[field] = ast.literal_eval(match.group(2))
        else:
            entry[field] += ast.literal_eval(line)
    return entries


def test_the_source_scanner_finds_strings_in_python_and_templates():
    # the scanner below is only as good as what it finds: one string of each kind that must be there
    found = source_messages()
    assert (None, "制度内容") in found  # content/apps.py: gettext_lazy
    assert (None, "暂无组织。") in found  # platform/home.html: {% translate %}
    assert any("%(year)s" in msgid for _context, msgid in found)  # a {% blocktranslate %} with a variable


def test_every_interface_string_has_an_english_translation():
    catalogue = read_po(CATALOGUE / "django.po")
    missing = sorted(msgid for key in source_messages() if (msgid := key[1])
                     and (key not in catalogue or catalogue[key]["fuzzy"] or not all(catalogue[key]["msgstr"])))
    assert not missing, f"not translated in {CATALOGUE / 'django.po'} (run `make messages`): {missing}"


def test_translations_keep_the_placeholders():
    for (_context, msgid), entry in read_po(CATALOGUE / "django.po").items():
        placeholders = set(re.findall(r"%\(\w+\)[sdr]", msgid))
        for msgstr in entry["msgstr"]:
            if msgid and msgstr:
                assert set(re.findall(r"%\(\w+\)[sdr]", msgstr)) == placeholders, (msgid, msgstr)


def test_the_compiled_catalogue_is_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        mo = {key: value for key, value in gettext.GNUTranslations(compiled)._catalog.items() if key != ""}
    po = {}
    for (context, msgid), entry in read_po(CATALOGUE / "django.po").items():
        if msgid and not entry["fuzzy"] and all(entry["msgstr"]):
            key = f"{context}\x04{msgid}" if context else msgid
            if len(entry["msgstr"]) == 1:
                po[key] = entry["msgstr"][0]
            else:  # plural forms, keyed (msgid, n) as gettext reads them
                po.update({(key, n): msgstr for n, msgstr in enumerate(entry["msgstr"])})
    assert mo == po, "django.mo is out of date: run `make messages`"


def test_chinese_is_the_default_and_english_is_available():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert str(translation.gettext("议题")) == "议题"
    with translation.override("en"):
        assert translation.gettext("议题") == "Topic"
        assert translation.gettext("会议纪要") == "Minutes"
        assert translation.gettext("督查督办") == "Supervision"


@pytest.fixture
def admins(org_a):
    """Two administrators of organisation A: one who chose English in their account, one who did not."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    with tenant_context(org_a):
        english = get_user_model().objects.create_superuser("english-admin", "en@example.org", "x")
        profile = UserProfile.get_for_user(english)
        profile.preferred_language = "en"
        profile.save()
        chinese = get_user_model().objects.create_superuser("chinese-admin", "zh@example.org", "x")
    clients = {}
    for language, user in (("en", english), ("zh-hans", chinese)):
        clients[language] = host_client(org_a)
        with tenant_context(org_a):
            clients[language].force_login(user)
    return clients


def test_the_admin_speaks_the_language_chosen_in_the_account(admins):
    english = admins["en"].get("/admin/topics/").content.decode()
    chinese = admins["zh-hans"].get("/admin/topics/").content.decode()
    # the topic inbox: its title, its filters, the menu
    assert "<title>Topic" in english and "Submission deadline" in english and "Passed formal review" in english
    assert "Supervision board" in english
    assert "议题" not in english and "报送截止" not in english
    assert "<title>议题" in chinese and "报送截止" in chinese and "已通过形式审核" in chinese
    assert "Submission deadline" not in chinese
    account = admins["zh-hans"].get("/admin/account/").content.decode()
    assert '<option value="en"' in account  # English is offered in every user's account preferences


def test_the_cadence_preview_reads_in_the_users_language(org_a, admins):
    from django.urls import reverse

    from tests.content.packdata import pack
    from yishi.content.models import RegulationPage
    from yishi.content.packs import apply_pack

    with tenant_context(org_a):
        apply_pack(pack())
        url = reverse("wagtailadmin_pages:edit", args=[RegulationPage.objects.get().pk])
    english = admins["en"].get(url).content.decode().split("yishi-cadence", 1)[1].split("</div>", 1)[0]
    chinese = admins["zh-hans"].get(url).content.decode().split("yishi-cadence", 1)[1].split("</div>", 1)[0]
    assert "FREQ=MONTHLY" in english and "Move to the previous workday" in english
    assert "每月" in chinese and "FREQ" not in chinese


@pytest.mark.parametrize(("accept", "expected", "absent"), [
    ("en", "Meeting regulations platform", "会议制度管理平台"),
    ("zh-CN,zh;q=0.9", "会议制度管理平台", "Meeting regulations platform"),
    ("", "会议制度管理平台", "Meeting regulations platform"),
])
def test_public_pages_follow_the_browser_language(db, accept, expected, absent):
    html = Client(HTTP_HOST=settings.BASE_DOMAIN, HTTP_ACCEPT_LANGUAGE=accept).get("/").content.decode()
    assert expected in html and absent not in html
