"""Validating a pack: the JSON Schema, then what a schema cannot check. Every error, by path."""

from collections import Counter
from datetime import date

from yishi.content.validation import FieldError, fill_defaults, meeting_type_errors, schema_errors

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
            errors.append(PackError(f"organisation.{kind}", f"slug {slug!r} appears more than once"))
    for index, department in enumerate(organisation["departments"]):
        if department["parent"] and department["parent"] not in known_departments:
            errors.append(PackError(f"organisation.departments[{index}].parent",
                                    f"unknown department {department['parent']!r}"))
        if department["parent"] == department["slug"]:
            errors.append(PackError(f"organisation.departments[{index}].parent",
                                    "a department cannot be its own parent"))
    for index, post in enumerate(organisation["posts"]):
        if post["department"] and post["department"] not in known_departments:
            errors.append(PackError(f"organisation.posts[{index}].department",
                                    f"unknown department {post['department']!r}"))

    regulation_slugs = [r["slug"] for r in pack["regulations"]]
    for slug in sorted(_duplicates(regulation_slugs)):
        errors.append(PackError("regulations", f"slug {slug!r} appears more than once"))
    meeting_type_slugs = [m["slug"] for r in pack["regulations"] for m in r["meeting_types"]]
    for slug in sorted(_duplicates(meeting_type_slugs)):
        errors.append(PackError("regulations", f"meeting type slug {slug!r} is defined more than once"))

    for index, regulation in enumerate(pack["regulations"]):
        where = f"regulations[{index}]"
        for position, meeting_type in enumerate(regulation["meeting_types"]):
            owner = (meeting_types or {}).get(meeting_type["slug"])
            if owner and owner != regulation["slug"] and owner not in regulation_slugs:
                errors.append(PackError(f"{where}.meeting_types[{position}].slug",
                                        f"{meeting_type['slug']!r} is already defined by regulation {owner!r}"))
        bodies = [key for key in ("body", "chapters", "articles") if key in regulation]
        if len(bodies) > 1:
            errors.append(PackError(where, f"give one of body, chapters or articles, not {' and '.join(bodies)}"))
        effective_from = date.fromisoformat(regulation["effective_from"])
        if regulation["effective_until"] and date.fromisoformat(regulation["effective_until"]) < effective_from:
            errors.append(PackError(f"{where}.effective_until", "is before effective_from"))
        if regulation["status"] in ("repealed", "superseded") and not regulation["effective_until"]:
            errors.append(PackError(f"{where}.effective_until", f"required when status is {regulation['status']}"))
        supersedes = regulation["supersedes"]
        if supersedes and supersedes not in set(regulation_slugs[:index]) | set(regulations):
            errors.append(PackError(f"{where}.supersedes",
                                    f"unknown regulation {supersedes!r} (it must exist or come earlier in the pack)"))
        anchors = _anchors(regulation)
        for anchor in sorted(_duplicates(anchors)):
            errors.append(PackError(where, f"article anchor {anchor!r} appears more than once"))
        for position, meeting_type in enumerate(regulation["meeting_types"]):
            errors += meeting_type_errors(
                meeting_type, prefix=["regulations", index, "meeting_types", position], posts=known_posts,
                departments=known_departments, anchors=set(anchors), start=effective_from,
            )
    for day in sorted(_duplicates(entry["date"] for entry in pack.get("calendar", []))):
        errors.append(PackError("calendar", f"date {day} appears more than once"))
    return errors
