"""The template library: packs shipped with Yishi, for new organisations (`--pack template:NAME`).

Templates are packaged YAML files, shared by every organisation and never edited per organisation,
so they live beside the code rather than in the database.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from .io import PackInvalid, read_pack
from .validate import PackError

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_PREFIX = "template:"


def template_names() -> list[str]:
    return sorted(path.stem for path in TEMPLATE_DIR.glob("*.yaml"))


def template_title(name: str) -> str:
    """The first comment line of a template: what it is for."""
    first = (TEMPLATE_DIR / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    return first.lstrip("# ").strip()


def load_template(name: str) -> dict:
    if name not in template_names():
        raise PackInvalid([PackError("template", _("没有模板 %(name)r；可用的模板：%(names)s") % {
            "name": name, "names": ", ".join(template_names())})])
    return read_pack(TEMPLATE_DIR / f"{name}.yaml")


def read_pack_or_template(source: str) -> dict:
    """A pack from a file path, or from the library as `template:NAME`."""
    if source.startswith(TEMPLATE_PREFIX):
        return load_template(source[len(TEMPLATE_PREFIX):])
    return read_pack(source)
