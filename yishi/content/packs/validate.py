"""Validating a pack: the JSON Schema, then what a schema cannot check. Every error, by path."""

from collections import Counter
from datetime import date

from django.utils.translation import gettext as _

from yishi.content.validation import (
    UNKNOWN,
    FieldError,
    fill_defaults,
    matter_errors,
    meeting_type_errors,
    schema_errors,
)

PackError = FieldError


def _duplicates(values) -> set:
    return {value for value, count in Counter(values).items() if count > 1}


def _anchors(regulation: dict) -> list[str]:
    articles = [a for chapter in regulation.get("chapters", []) for a in chapter["articles"]]
    articles += regulation.get("articles", [])
    return [article["anchor"] for article in articles if article.get("anchor")]


def validate_pack(data, *, posts: set[str] = frozenset(), departments: set[str] = frozenset(),
                  regulations: set[str] = frozenset(), meeting_types: dict[str, str] | None = None) -> list[PackError]:
    """Every problem of `data`; empty means it can be applied.

    `posts`, `departments` and `regulations` are slugs that already exist in the organisation and may
    be referred to besides those the pack declares; `meeting_types` maps the slugs of existing meeting
    types to their regulation's slug (a meeting type belongs to one regulation).
    """
    errors = schema_errors(data)
    if errors:
        return errors  # semantic checks need a well-formed pack
    pack = fill_defaults(data)
    organisation = pack.get("organisation", {"departments": [], "posts": []})
    department_slugs = [d["slug"] for d in organisation["departments"]]
    post_slugs = [p["slug"] for p in organisation["posts"]]
    known_departments = set(departments) | set(department_slugs)
    known_posts = set(posts) | set(post_slugs)

    for kind, slugs in (("departments", department_slugs), ("posts", post_slugs)):
        for slug in sorted(_duplicates(slugs)):
            errors.append(PackError(f"organisation.{kind}", _("标识 %(slug)r 重复出现") % {"slug": slug}))
    for index, department in enumerate(organisation["departments"]):
        if department["parent"] and department["parent"] not in known_departments:
            errors.append(PackError(f"organisation.departments[{index}].parent",
                                    UNKNOWN["department"] % {"slug": department["parent"]}))
        if department["parent"] == department["slug"]:
            errors.append(PackError(f"organisation.departments[{index}].parent",
                                    _("科室不能是它自己的上级")))
    for index, post in enumerate(organisation["posts"]):
        if post["department"] and post["department"] not in known_departments:
            errors.append(PackError(f"organisation.posts[{index}].department",
                                    UNKNOWN["department"] % {"slug": post["department"]}))

    regulation_slugs = [r["slug"] for r in pack["regulations"]]
    for slug in sorted(_duplicates(regulation_slugs)):
        errors.append(PackError("regulations", _("标识 %(slug)r 重复出现") % {"slug": slug}))
    meeting_type_slugs = [m["slug"] for r in pack["regulations"] for m in r["meeting_types"]]
    for slug in sorted(_duplicates(meeting_type_slugs)):
        errors.append(PackError("regulations", _("会议类型标识 %(slug)r 被定义了不止一次") % {"slug": slug}))

    for index, regulation in enumerate(pack["regulations"]):
        where = f"regulations[{index}]"
        for position, meeting_type in enumerate(regulation["meeting_types"]):
            owner = (meeting_types or {}).get(meeting_type["slug"])
            if owner and owner != regulation["slug"] and owner not in regulation_slugs:
                message = _("%(slug)r 已由制度 %(owner)r 定义") % {"slug": meeting_type["slug"], "owner": owner}
                errors.append(PackError(f"{where}.meeting_types[{position}].slug", message))
        bodies = [key for key in ("body", "chapters", "articles") if key in regulation]
        if len(bodies) > 1:
            errors.append(PackError(where, _("body、chapters、articles 只能给出一项，不能同时给出 %(keys)s") % {
                "keys": " 和 ".join(bodies)}))
        effective_from = date.fromisoformat(regulation["effective_from"])
        if regulation["effective_until"] and date.fromisoformat(regulation["effective_until"]) < effective_from:
            errors.append(PackError(f"{where}.effective_until", _("早于施行日期 effective_from")))
        if regulation["status"] in ("repealed", "superseded") and not regulation["effective_until"]:
            errors.append(PackError(f"{where}.effective_until",
                                    _("状态为 %(status)s 时必填") % {"status": regulation["status"]}))
        supersedes = regulation["supersedes"]
        if supersedes and supersedes not in set(regulation_slugs[:index]) | set(regulations):
            errors.append(PackError(f"{where}.supersedes",
                                    _("未知制度 %(slug)r（须已存在或在包中更早出现）") % {"slug": supersedes}))
        anchors = _anchors(regulation)
        for anchor in sorted(_duplicates(anchors)):
            errors.append(PackError(where, _("条的锚点 %(anchor)r 重复出现") % {"anchor": anchor}))
        for position, meeting_type in enumerate(regulation["meeting_types"]):
            errors += meeting_type_errors(
                meeting_type, prefix=["regulations", index, "meeting_types", position], posts=known_posts,
                departments=known_departments, anchors=set(anchors), start=effective_from,
            )
    known_types = set(meeting_type_slugs) | set(meeting_types or {})
    for index, regulation in enumerate(pack["regulations"]):
        errors += matter_errors(regulation["matters"], prefix=["regulations", index, "matters"],
                                meeting_types=known_types, anchors=set(_anchors(regulation)))
    for slug in sorted(_duplicates(slug for r in pack["regulations"] for slug in {m["slug"] for m in r["matters"]})):
        errors.append(PackError("regulations", _("事项 %(slug)r 在不止一个制度中定义") % {"slug": slug}))
    for day in sorted(_duplicates(entry["date"] for entry in pack.get("calendar", []))):
        errors.append(PackError("calendar", _("日期 %(date)s 重复出现") % {"date": day}))
    return errors
