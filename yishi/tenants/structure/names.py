"""People's names as Chinese writes them: family name first, no space (王芳), on User and in lists."""

import re

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Two-character family names; every other Chinese name starts with a one-character family name.
COMPOUND_FAMILY_NAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
    "令狐", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "轩辕", "澹台", "公冶", "闻人",
}


def is_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def split_name(name: str) -> tuple[str, str]:
    """(family name, given name) for User.last_name / first_name: 王芳 → (王, 芳), Jane Smith → (Smith, Jane)."""
    name = name.strip()
    if is_cjk(name):
        family = name[:2] if name[:2] in COMPOUND_FAMILY_NAMES and len(name) > 2 else name[:1]
        return family, name[len(family):]
    given, _, family = name.rpartition(" ")
    return (family, given) if given else ("", family)


def full_name(user) -> str:
    """User.get_full_name: 王芳 for Chinese names, "Jane Smith" otherwise."""
    if is_cjk(user.last_name + user.first_name):
        return f"{user.last_name}{user.first_name}".strip()
    return f"{user.first_name} {user.last_name}".strip()


def short_name(user) -> str:
    """User.get_short_name: Chinese addresses people by the whole name (王芳), others by the given name."""
    return full_name(user) if is_cjk(user.last_name + user.first_name) else user.first_name
