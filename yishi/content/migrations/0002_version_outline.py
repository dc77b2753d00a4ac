import json

from django.db import migrations, models

from yishi.content.blocks import RegulationBodyBlock, body_tree
from yishi.content.numbering import number_tree, outline


def outline_published_versions(apps, schema_editor):
    """Versions published before the outline was stored get it from the revision they were published from."""
    RegulationVersion = apps.get_model("content", "RegulationVersion")
    block = RegulationBodyBlock()
    for version in RegulationVersion.objects.filter(revision__isnull=False).select_related("revision"):
        content = version.revision.content
        raw = content.get("body") or []
        body = block.to_python(json.loads(raw) if isinstance(raw, str) else raw)  # older revisions hold a string
        version.outline = outline(number_tree(body_tree(body), content.get("numbering") or "chapter_article"))
        version.save(update_fields=["outline"])


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="regulationversion",
            name="outline",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(outline_published_versions, migrations.RunPython.noop),
    ]
