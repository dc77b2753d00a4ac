"""Regulation packs: an organisation's regulations as code (docs/regulation-pack.md).

``validate_pack(data)`` lists every problem by path; ``apply_pack(data)`` writes a valid pack in one
transaction (idempotent); ``pack_changes(data)`` lists what it would change in structure and calendar;
``export_pack()`` reads the organisation back as a pack;
``load_pack(text)`` parses YAML; ``template_names()`` / ``load_template(name)`` are the template
library shipped with Yishi.
"""

from .apply import ApplyReport, Change, apply_pack, pack_changes
from .export import export_pack, export_regulation
from .io import PackInvalid, dump_pack, load_pack, read_pack
from .templates import load_template, template_names
from .validate import PackError, validate_pack

__all__ = [
    "ApplyReport", "Change", "PackError", "PackInvalid", "apply_pack", "dump_pack", "export_pack",
    "export_regulation", "load_pack", "load_template", "pack_changes", "read_pack", "template_names", "validate_pack",
]
