"""Known Errors sections: one anchor per catalog id, and the post-build anchor check."""

from __future__ import annotations

import markdown
import pytest
from merlin_troubleshooting.anchors import AnchorError, anchor_problems, validate_anchors
from merlin_troubleshooting.sections import heading_level_for, render_group, replace_markers

PAGE = """# Troubleshooting

## Known Errors

```bash
# not a heading
```

### Image building errors

<!-- merlin:known-errors stage=image-build -->

### Deployment errors

<!-- merlin:known-errors stage=deployment -->
"""


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "toc", "fenced_code"])


def test_each_id_has_one_section_in_the_right_group(tiny_catalog):
    build = render_group(tiny_catalog, "image-build")
    deploy = render_group(tiny_catalog, "deployment")
    assert "{#build-broke}" in build and "{#build-broke}" not in deploy
    assert "{#deploy-broke}" in deploy and "{#deploy-broke}" not in build
    # stage "both": the section in the deployment group, a link in the image-build group
    assert "{#everywhere}" in deploy and "{#everywhere}" not in build
    assert "(#everywhere)" in build


def test_section_content(tiny_catalog):
    text = render_group(tiny_catalog, "deployment", level=4)
    assert "#### Title of deploy-broke {#deploy-broke}" in text
    assert "Summary of deploy-broke." in text and "What deploy-broke means." in text
    assert "**Component:** model container" in text
    assert "1. Free the disk space." in text  # fallback text of the placeholder
    assert "2. *Only for the model container:* Ask the admin." in text
    assert "**Often a symptom of:** [Title of everywhere](#everywhere)" in text


def test_markers_nest_under_the_heading_above(tiny_catalog):
    assert heading_level_for(PAGE, PAGE.index("<!-- merlin:known-errors")) == 4
    html = to_html(replace_markers(PAGE, tiny_catalog))
    for error_id in tiny_catalog.ids:
        assert f'<h4 id="{error_id}">' in html
    validate_anchors(html, tiny_catalog.ids)


def test_links_from_another_page(tiny_catalog):
    text = render_group(tiny_catalog, "image-build", link_prefix="../deploying/troubleshooting.md")
    assert "](../deploying/troubleshooting.md#everywhere)" in text


def test_unknown_stage_is_an_error(tiny_catalog):
    with pytest.raises(ValueError, match="unknown known-errors stage"):
        render_group(tiny_catalog, "runtime")


def test_missing_section_fails(tiny_catalog):
    page = PAGE.replace("<!-- merlin:known-errors stage=deployment -->", "")
    html = to_html(replace_markers(page, tiny_catalog))
    problems = anchor_problems(html, tiny_catalog.ids)
    assert any("'deploy-broke' has no section" in p for p in problems)
    with pytest.raises(AnchorError, match="everywhere"):
        validate_anchors(html, tiny_catalog.ids)


def test_extra_section_fails(tiny_catalog):
    rendered = replace_markers(PAGE, tiny_catalog).replace(
        "</div>", "#### A hand-written section {#hand-written}\n\nText.\n\n</div>", 1
    )
    problems = anchor_problems(to_html(rendered), tiny_catalog.ids)
    assert problems == [
        "the Known Errors part has a section 'hand-written' that is not a catalog id: "
        "add it to diagnoser/catalog/errors/ or move it out of the generated block"
    ]


def test_duplicate_anchor_fails(tiny_catalog):
    rendered = "## Title of build-broke {#build-broke}\n\n" + replace_markers(PAGE, tiny_catalog)
    problems = anchor_problems(to_html(rendered), tiny_catalog.ids)
    assert any("'build-broke' appears 2 times" in p for p in problems)


def test_page_without_markers_fails(tiny_catalog):
    with pytest.raises(AnchorError, match="no Known Errors sections"):
        validate_anchors(to_html("# Nothing here"), tiny_catalog.ids)


def test_real_catalog_renders_every_id_once():
    from diagnoser.catalog import load_catalog

    catalog = load_catalog()
    html = to_html(replace_markers(PAGE, catalog))
    validate_anchors(html, catalog.ids)
