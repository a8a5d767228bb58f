"""Known-error pages: one page per stage, the summary table, the redirects and the anchor check."""

from __future__ import annotations

import dataclasses
import json
import re

import markdown
import pytest
from conftest import entry
from merlin_troubleshooting.anchors import (
    AnchorError,
    anchor_problems,
    known_error_pages,
    site_anchor_problems,
    validate_anchors,
)
from merlin_troubleshooting.sections import (
    heading_level_for,
    linkify,
    one_line,
    page_stages,
    redirect_targets,
    render_group,
    render_redirects,
    render_summary,
    replace_markers,
    summary_order,
)

from diagnoser.catalog.pages import page_for, stage_source, url_for
from diagnoser.catalog.schema import Catalog, validate

SUMMARY_PAGE = "deploying-a-model/troubleshooting-deployment-errors.md"
SUMMARY_URL = "deploying-a-model/troubleshooting-deployment-errors/"
STAGE_PAGE = "# {title}\n\nIntro.\n\n<!-- merlin:known-errors stage={stage} -->\n"
SUMMARY = "# Troubleshooting\n\n<!-- merlin:known-errors-redirects -->\n\n## Known Errors\n\n" + (
    "<!-- merlin:known-errors-summary -->\n"
)


@pytest.fixture
def staged_catalog() -> Catalog:
    """Every stage, including the two added with the 38-entry catalog, and every frequency."""
    return validate(
        [
            entry("quota-rejected", "api-validation", frequency="common"),
            entry("name-rejected", "api-validation", frequency="rare"),
            entry("build-broke", "image-build", related=["everywhere"]),
            entry("deploy-broke", "deployment", summary="Deploy broke; see *node-down* first."),
            entry("deploy-often", "deployment", frequency="common", title="Zebra title, but common"),
            entry("catch-all", "deployment", role="fallback", frequency="common"),
            entry("everywhere", "both", explains=["deploy-broke"]),
            entry("node-down", "platform", meaning="Not `deploy-broke`: the node is down."),
        ]
    )


def to_html(text: str) -> str:
    extensions = ["attr_list", "md_in_html", "toc", "fenced_code", "tables", "pymdownx.details"]
    return markdown.markdown(text, extensions=extensions)


def render_site(catalog: Catalog) -> dict[str, str]:
    """Every known-error page of ``catalog`` rendered to HTML, as the plugin does, by docs file."""
    pages = {SUMMARY_PAGE: replace_markers(SUMMARY, catalog, page=SUMMARY_PAGE, page_url=SUMMARY_URL)}
    for stage in page_stages(catalog):
        source = stage_source(stage)
        text = STAGE_PAGE.format(title=stage, stage=stage)
        pages[source] = replace_markers(text, catalog, page=source, page_url=source[:-3] + "/")
    return {source: to_html(text) for source, text in pages.items()}


def test_every_stage_has_a_page_and_both_lives_on_the_deployment_page(staged_catalog):
    assert page_stages(staged_catalog) == ["api-validation", "image-build", "deployment", "platform"]
    assert page_for(staged_catalog.get("node-down")) == "deploying-a-model/known-errors/platform/"
    assert (
        url_for(staged_catalog.get("everywhere")) == "deploying-a-model/known-errors/deployment/#everywhere"
    )
    assert stage_source("api-validation") == "deploying-a-model/known-errors/api-validation.md"


def test_a_new_stage_gets_its_own_page_after_the_known_ones(staged_catalog):
    # A stage the schema may gain later: grouping, ordering and the page check stay generic.
    new = dataclasses.replace(staged_catalog.get("node-down"), id="pod-runtime-broke", stage="runtime")
    catalog = Catalog(errors=(*staged_catalog.errors, new))
    assert page_for(new) == "deploying-a-model/known-errors/runtime/"
    assert page_stages(catalog)[-2:] == ["platform", "runtime"]
    assert summary_order(catalog)[-1].id == "pod-runtime-broke"
    assert "{#pod-runtime-broke}" in render_group(catalog, "runtime", page=stage_source("runtime"))
    pages = render_site(catalog)
    assert site_anchor_problems(pages, catalog, SUMMARY_PAGE, SUMMARY_URL) == []
    del pages[stage_source("runtime")]
    assert site_anchor_problems(pages, catalog, SUMMARY_PAGE, SUMMARY_URL) == [
        "deploying-a-model/known-errors/runtime.md is missing: it must hold the sections of pod-runtime-broke"
    ]


def test_each_error_is_one_real_heading_on_its_stage_page_and_nowhere_else(staged_catalog):
    pages = render_site(staged_catalog)
    for error in staged_catalog.errors:
        home = stage_source(error.stage)
        assert re.search(rf'<h2 id="{error.id}">', pages[home]), error.id
        for source, html in pages.items():
            if source != home:
                assert f'<h2 id="{error.id}">' not in html, (error.id, source)
    assert site_anchor_problems(pages, staged_catalog, SUMMARY_PAGE, SUMMARY_URL) == []


def test_sections_are_ordered_by_frequency_then_title_with_catch_alls_last(staged_catalog):
    deployment = render_group(staged_catalog, "deployment", page=stage_source("deployment"))
    order = re.findall(r"^## .* \{#([a-z-]+)\}$", deployment, re.MULTILINE)
    assert order == ["deploy-often", "deploy-broke", "everywhere", "catch-all"]
    api = render_group(staged_catalog, "api-validation", page=stage_source("api-validation"))
    assert re.findall(r"\{#([a-z-]+)\}", api) == ["quota-rejected", "name-rejected"]


def test_the_image_build_page_links_the_both_entries_to_their_deployment_section(staged_catalog):
    text = render_group(staged_catalog, "image-build", page=stage_source("image-build"))
    assert "{#everywhere}" not in text
    assert "[Title of everywhere](deployment.md#everywhere)" in text
    html = to_html(text)
    assert anchor_problems(html, ["build-broke"]) == []  # the "Also seen" heading is outside the block


def test_mentions_of_other_errors_become_links_to_their_page(staged_catalog):
    deployment = render_group(staged_catalog, "deployment", page=stage_source("deployment"))
    assert "Deploy broke; see [Title of node-down](platform.md#node-down) first." in deployment
    platform = render_group(staged_catalog, "platform", page=stage_source("platform"))
    assert "Not [Title of deploy-broke](deployment.md#deploy-broke): the node is down." in platform
    # explains/related lists across pages, and the reverse "symptom of" list on the same page
    assert "**Related:** [Title of everywhere](deployment.md#everywhere)" in render_group(
        staged_catalog, "image-build", page=stage_source("image-build")
    )
    assert "**Often a symptom of:** [Title of everywhere](#everywhere)" in deployment
    # not ids: bold text, unknown words, and an error's own id stay as written
    assert linkify("**deploy-broke** and `no-such-id`", staged_catalog, None) == (
        "**deploy-broke** and `no-such-id`"
    )
    assert linkify("`node-down`", staged_catalog, None, own_id="node-down") == "`node-down`"


def test_summary_table_lists_every_error_by_stage_with_an_anchor_row(staged_catalog):
    text = render_summary(staged_catalog, page=SUMMARY_PAGE)
    ids = re.findall(r'<span id="([a-z-]+)"></span>', text)
    assert ids == [e.id for e in summary_order(staged_catalog)]
    assert ids[:2] == ["quota-rejected", "name-rejected"] and ids[-1] == "node-down"
    assert "[Title of node-down](known-errors/platform.md#node-down) | Platform |" in text
    assert "| Image build and deployment |" in text  # the stage of a "both" entry
    assert "8 known errors. Within each stage, errors are listed by how often" in text
    html = to_html(text)
    assert html.count("<tr>") == len(staged_catalog.errors) + 1


def test_the_long_explanation_is_collapsed_below_the_summary(staged_catalog):
    html = to_html(render_group(staged_catalog, "platform", page=stage_source("platform")))
    heading, summary, details = (
        html.index('<h2 id="node-down">'),
        html.index("Summary of node-down."),
        html.index("<details"),
    )
    assert heading < summary < details < html.index("How to fix it")
    assert "<summary>What it means</summary>" in html
    assert 'Not <a href="deployment.md#deploy-broke">' in html[details:]  # still linked inside


def test_one_line_keeps_the_first_clause_and_drops_asides():
    assert one_line("A container ran out of memory (exit 137): the builder or the model.") == (
        "A container ran out of memory."
    )
    long = "word " * 60
    short = one_line(long, limit=50)
    assert len(short) <= 51 and short.endswith("…") and not short.endswith(".…")


def test_redirects_point_every_old_anchor_at_the_section(staged_catalog):
    targets = redirect_targets(staged_catalog, SUMMARY_URL)
    assert targets["node-down"] == "../known-errors/platform/#node-down"
    assert targets["everywhere"] == "../known-errors/deployment/#everywhere"
    script = render_redirects(staged_catalog, SUMMARY_URL)
    data = json.loads(re.search(r">(\{.*\})</script>", script).group(1))
    assert data == targets and 'type="application/json"' in script


def test_a_broken_redirect_is_reported(staged_catalog):
    pages = render_site(staged_catalog)
    pages[SUMMARY_PAGE] = pages[SUMMARY_PAGE].replace(
        "../known-errors/platform/#node-down", "../x/#node-down"
    )
    problems = site_anchor_problems(pages, staged_catalog, SUMMARY_PAGE, SUMMARY_URL)
    assert problems == [
        f"{SUMMARY_PAGE}: #node-down redirects to deploying-a-model/x/#node-down, "
        "not deploying-a-model/known-errors/platform/#node-down"
    ]


def test_a_stage_marker_on_the_wrong_page_is_an_error(staged_catalog):
    with pytest.raises(ValueError, match=r"belong on deploying-a-model/known-errors/platform\.md"):
        render_group(staged_catalog, "platform", page=SUMMARY_PAGE)
    with pytest.raises(ValueError, match="unknown known-errors stage 'runtime'"):
        render_group(staged_catalog, "runtime")
    with pytest.raises(ValueError, match="no page of its own"):
        render_group(staged_catalog, "both")


def test_a_missing_stage_page_names_the_file_to_create(staged_catalog, tmp_path):
    documents = {SUMMARY_PAGE: tmp_path / "a.html", stage_source("deployment"): tmp_path / "b.html"}
    with pytest.raises(AnchorError, match=r"api-validation\.md.*merlin:known-errors stage="):
        known_error_pages(documents, staged_catalog, SUMMARY_PAGE)


def test_a_stage_with_no_errors_yet_renders_a_note(tiny_catalog):
    text = render_group(tiny_catalog, "platform")
    assert "No known errors in this group yet." in text


def test_markers_nest_under_the_heading_above(tiny_catalog):
    page = "# T\n\n```bash\n# not a heading\n```\n\n### Deployment errors\n\n"
    page += "<!-- merlin:known-errors stage=deployment -->\n"
    assert heading_level_for(page, page.index("<!-- merlin")) == 4
    html = to_html(replace_markers(page, tiny_catalog))
    assert '<h4 id="deploy-broke">' in html and '<h4 id="everywhere">' in html


def test_missing_extra_and_duplicate_sections_fail(tiny_catalog):
    html = to_html(replace_markers(STAGE_PAGE.format(title="D", stage="deployment"), tiny_catalog))
    ids = ["deploy-broke", "everywhere"]
    assert anchor_problems(html, ids) == []
    assert any("'missing' has no section" in p for p in anchor_problems(html, [*ids, "missing"]))
    extra = html.replace("</div>", '<h3 id="hand-written">Hand</h3></div>', 1)
    assert anchor_problems(extra, ids) == [
        "the Known Errors part has a section 'hand-written' that is not a catalog id: "
        "add it to diagnoser/catalog/errors/ or move it out of the generated block"
    ]
    twice = '<h2 id="everywhere">x</h2>' + html
    assert any("'everywhere' appears 2 times" in p for p in anchor_problems(twice, ids))
    with pytest.raises(AnchorError, match="no Known Errors sections"):
        validate_anchors(to_html("# Nothing here"), ids)


def test_real_catalog_renders_every_id_once_on_its_page():
    from diagnoser.catalog import load_catalog

    catalog = load_catalog()
    pages = render_site(catalog)
    assert site_anchor_problems(pages, catalog, SUMMARY_PAGE, SUMMARY_URL) == []
