"""The HTML views: a Merlin-like console page with the Model Version tabs.

The look is our own approximation of an Elastic-UI console (light panels, blue
accents, health dots); it only has to make the docs' directions recognisable.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from string import Template

from screenshot_views import data

FONT = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif'
MONO = '"DejaVu Sans Mono", "Liberation Mono", monospace'

CSS = Template(
    """
* { box-sizing: border-box; animation: none !important; transition: none !important;
    caret-color: transparent; }
html, body { margin: 0; padding: 0; }
body { font-family: $font; font-size: 14px; color: #343741; background: #f7f8fc;
       -webkit-font-smoothing: antialiased; }
header.top { height: 48px; background: #fff; border-bottom: 1px solid #d3dae6;
             display: flex; align-items: center; padding: 0 16px; gap: 14px; }
.logo { display: flex; align-items: center; gap: 8px; font-weight: 700; font-size: 16px; color: #1a1c21; }
.logo .mark { width: 26px; height: 26px; border-radius: 6px; background: #6a3fbf; color: #fff;
              display: flex; align-items: center; justify-content: center; font-size: 15px; }
.project-select { margin-left: 18px; border: 1px solid #d3dae6; border-radius: 6px; padding: 5px 10px;
                  background: #fbfcfd; font-size: 13px; }
.project-select b { color: #1a1c21; }
header .spacer { flex: 1; }
.avatar { width: 28px; height: 28px; border-radius: 50%; background: #54b399; color: #fff; font-size: 12px;
          display: flex; align-items: center; justify-content: center; font-weight: 700; }
nav.crumbs { background: #fff; border-bottom: 1px solid #d3dae6; padding: 9px 24px; font-size: 13px;
             color: #69707d; }
nav.crumbs a { color: #006bb8; text-decoration: none; }
nav.crumbs .sep { margin: 0 8px; color: #98a2b3; }
nav.crumbs .current { color: #343741; font-weight: 600; }
main { padding: 20px 5%; }
h1 { font-size: 26px; font-weight: 400; margin: 4px 0 18px; color: #1a1c21; display: flex;
     align-items: center; gap: 12px; }
h1 .icon { width: 32px; height: 32px; border-radius: 6px; background: #e6f1fa; color: #006bb8;
           display: flex; align-items: center; justify-content: center; font-size: 18px; }
.panel { background: #fff; border: 1px solid #d3dae6; border-radius: 6px; padding: 14px 18px;
         box-shadow: 0 1px 2px rgba(0,0,0,.06); margin-bottom: 14px; }
.kv { display: flex; gap: 40px; flex-wrap: wrap; }
.kv div { min-width: 110px; }
.kv dt { font-size: 12px; color: #69707d; margin-bottom: 3px; }
.kv dl, dl.kv { margin: 0; }
.kv dd { margin: 0; font-weight: 600; color: #1a1c21; }
.badge { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 3px; background: #e0e5ee;
         font-weight: 600; }
.badge.blue { background: #cce4f5; color: #0b4f8a; }
.health { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; }
.health::before { content: ""; width: 9px; height: 9px; border-radius: 50%; background: #98a2b3; }
.health.danger::before { background: #bd271e; }
.health.success::before { background: #017d73; }
.health.gray::before { background: #98a2b3; }
.envs { display: flex; align-items: center; gap: 10px; }
.button { border: 1px solid #006bb8; color: #006bb8; border-radius: 6px; padding: 5px 12px; font-size: 13px;
          font-weight: 600; background: #fff; }
.button.fill { background: #006bb8; color: #fff; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid #d3dae6; margin: 18px 0 16px; }
.tab { padding: 10px 16px; font-weight: 600; color: #343741; border-bottom: 2px solid transparent;
       margin-bottom: -1px; }
.tab.selected { color: #006bb8; border-bottom-color: #006bb8; }
.tab .pop { font-size: 11px; color: #69707d; }
.highlight { outline: 3px solid #f5a700; outline-offset: -3px; border-radius: 6px; margin: 0 3px; }
.section-title { font-size: 16px; font-weight: 700; margin: 0 0 10px; color: #1a1c21; }
table.eui { width: 100%; border-collapse: collapse; font-size: 13px; table-layout: fixed; }
table.eui th { text-align: left; font-size: 12px; color: #343741; padding: 8px;
               border-bottom: 1px solid #d3dae6; }
table.eui td { padding: 9px 8px; border-bottom: 1px solid #eef0f4; vertical-align: middle; }
table.eui td.expander { width: 40px; text-align: right; color: #006bb8; font-size: 14px; }
table.eui tr.expanded > td { border-bottom: none; background: #f5f9fc; }
td.expanded-row { background: #f5f9fc; padding: 4px 14px 16px 14px !important; }
.muted { color: #69707d; font-size: 12px; }
.expanded-title { font-size: 12px; font-weight: 700; margin: 6px 0 6px; color: #343741; }
.code { position: relative; background: #fbfcfd; border: 1px solid #d3dae6; border-radius: 6px;
        font-family: $mono; font-size: 12px; line-height: 1.18; color: #1a1c21; padding: 12px 44px 12px 14px;
        white-space: pre; overflow: hidden; max-width: 100%; }
.copy { position: absolute; top: 8px; right: 8px; width: 26px; height: 26px; border-radius: 4px;
        border: 1px solid #d3dae6; background: #fff; font-size: 13px; color: #006bb8;
        display: flex; align-items: center; justify-content: center; }
.logs-title { color: #017d73; font-size: 17px; font-weight: 700; margin: 0 0 8px; }
.searchbar { display: flex; align-items: center; gap: 8px; margin-bottom: 10px; }
.searchbar .query { flex: 1; border: 1px solid #d3dae6; border-radius: 6px; background: #fbfcfd;
                    padding: 7px 10px; font-family: $mono; font-size: 12px; color: #69707d; }
.toggle-group { display: flex; border: 1px solid #d3dae6; border-radius: 6px; overflow: hidden; }
.toggle-group span { padding: 7px 12px; font-size: 13px; border-right: 1px solid #d3dae6; background: #fff; }
.toggle-group span:last-child { border-right: none; }
.toggle-group span.on { background: #006bb8; color: #fff; font-weight: 600; }
.filter { border: 1px solid #d3dae6; border-radius: 6px; padding: 7px 12px; font-size: 13px;
          background: #fff; }
.filter::after { content: " \\25BE"; color: #69707d; }
.logview { background: #222; color: #d6d6d6; font-family: $mono; font-size: 12px; line-height: 1.55;
           padding: 8px 0; border-radius: 4px; height: 372px; overflow: hidden; }
.logview .ln { display: flex; white-space: pre; }
.logview .no { width: 46px; text-align: right; color: #777; padding-right: 12px; flex: none; }
.logview .pfx { color: #8ab4f8; }
.logview .ts { color: #9aa0a6; }
.logview .err { color: #ff8a80; }
.pod-links { display: flex; align-items: center; gap: 14px; font-size: 13px; }
.pod-links a { color: #006bb8; text-decoration: none; }
""".replace("$font", FONT).replace("$mono", MONO)
)

PAGE = Template(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>$title</title>
<style>$css</style></head>
<body>
<header class="top">
  <div class="logo"><span class="mark">M</span>Merlin</div>
  <div class="project-select">Project: <b>$project</b></div>
  <div class="spacer"></div>
  <div class="avatar">DS</div>
</header>
<nav class="crumbs">$crumbs</nav>
<main>
$body
</main>
</body></html>
"""
)


def _crumbs(items: list[str]) -> str:
    parts = [f'<a href="#">{escape(item)}</a>' for item in items[:-1]]
    parts.append(f'<span class="current">{escape(items[-1])}</span>')
    return '<span class="sep">&rsaquo;</span>'.join(parts)


def page(model: str, version: int, body: str, *, status: str, status_class: str) -> str:
    crumbs = _crumbs(["Projects", data.PROJECT, "Models", model, f"Version {version}"])
    header = f"""
<h1><span class="icon">&#9881;</span>{escape(model)} version <strong>{version}</strong></h1>
<div class="panel"><dl class="kv">
  <div><dt>Model Type</dt><dd>pyfunc</dd></div>
  <div><dt>Version</dt><dd>{version}</dd></div>
  <div><dt>Created</dt><dd>2025-03-18 09:12</dd></div>
  <div><dt>Labels</dt><dd><span class="badge blue">team: risk-ml</span></dd></div>
  <div><dt>MLflow Run</dt><dd style="color:#006bb8">8f3c2a91d4</dd></div>
</dl></div>
<div class="panel envs">
  <span class="muted">Environment</span>
  <span class="filter">staging</span>
  <span style="margin-left:18px" class="muted">Status</span>
  <span class="health {escape(status_class)}">{escape(status)}</span>
  <span class="spacer" style="flex:1"></span>
  <span class="button">Redeploy</span>
  <span class="button">Undeploy</span>
</div>
"""
    return PAGE.substitute(
        title=escape(f"{model} version {version} - Merlin"),
        css=CSS.template,
        project=escape(data.PROJECT),
        crumbs=crumbs,
        body=header + body,
    )


def tabs(selected: str, *, highlight: bool = False) -> str:
    out = []
    for name in ("Configuration", "Logs", "History"):
        cls = "tab selected" if name == selected else "tab"
        if highlight and name in ("Logs", "History"):
            cls += " highlight"
        out.append(f'<span class="{cls}">{name}</span>')
    out.append('<span class="tab">Monitoring <span class="pop">&#8599;</span></span>')
    return '<div class="tabs">' + "".join(out) + "</div>"


def history_table(rows: list[tuple[str, str, str]], error: str | None) -> str:
    """rows: (time, status label, health class); the first row is expanded with ``error``."""
    body = []
    for i, (when, status, cls) in enumerate(rows):
        failed = cls == "danger"
        expanded = i == 0 and error is not None
        arrow = ("&#9650;" if expanded else "&#9660;") if failed else ""
        body.append(
            f'<tr class="{"expanded" if expanded else ""}"><td>{escape(when)}</td>'
            f'<td><span class="health {cls}">{escape(status)}</span></td>'
            f'<td class="expander">{arrow}</td></tr>'
        )
        if expanded:
            body.append(
                '<tr><td colspan="3" class="expanded-row">'
                '<div class="expanded-title">Error message</div>'
                f'<div class="code"><span class="copy" title="Copy">&#10064;</span>{escape(error)}</div>'
                "</td></tr>"
            )
    return f"""
<div class="panel">
  <div class="section-title">Deployment History</div>
  <table class="eui">
    <colgroup><col style="width:45%"><col><col style="width:40px"></colgroup>
    <thead><tr><th>Deployment Time</th><th>Deployment Status</th><th></th></tr></thead>
    <tbody>{"".join(body)}</tbody>
  </table>
</div>"""


def view_model_version_tabs() -> str:
    body = (
        tabs("Configuration", highlight=True)
        + """
<div class="panel">
  <div class="section-title">Model Service</div>
  <dl class="kv">
    <div><dt>Endpoint</dt><dd style="font-weight:400">http://loan-default-12-r1.credit-risk.models.example.internal</dd></div>
  </dl>
</div>
<div class="panel">
  <div class="section-title">Resources</div>
  <dl class="kv">
    <div><dt>Min Replicas</dt><dd>1</dd></div>
    <div><dt>Max Replicas</dt><dd>2</dd></div>
    <div><dt>CPU Request</dt><dd>500m</dd></div>
    <div><dt>Memory Request</dt><dd>1Gi</dd></div>
  </dl>
</div>
<div class="panel">
  <div class="section-title">Transformer</div>
  <dl class="kv"><div><dt>Type</dt><dd>None</dd></div></dl>
</div>
"""
    )
    return page(data.OOM_MODEL, data.OOM_VERSION, body, status="Failed", status_class="danger")


def view_history_oomkilled() -> str:
    body = tabs("History") + history_table(
        [("3 minutes ago", "Failed", "danger"), ("2 days ago", "Not Deployed", "default")],
        data.OOMKILLED_IMAGE_BUILD,
    )
    return page(data.OOM_MODEL, data.OOM_VERSION, body, status="Failed", status_class="danger")


def view_history_crashloop() -> str:
    body = tabs("History") + history_table(
        [("12 minutes ago", "Failed", "danger"), ("1 hour ago", "Failed", "danger")],
        data.CRASHLOOPBACKOFF,
    )
    return page(data.CRASH_MODEL, data.CRASH_VERSION, body, status="Failed", status_class="danger")


def view_history_image_not_found() -> str:
    body = tabs("History") + history_table(
        [("5 minutes ago", "Failed", "danger"), ("1 week ago", "Not Deployed", "default")],
        data.IMAGE_NOT_FOUND,
    )
    return page(data.PULL_MODEL, data.PULL_VERSION, body, status="Failed", status_class="danger")


def view_logs_image_builder() -> str:
    lines = []
    for n, (_pod, _container, ts, text) in enumerate(data.IMAGE_BUILDER_LOG, start=1):
        cls = ' class="err"' if text.startswith(("error", "ResolvePackageNotFound", "  - ")) else ""
        lines.append(
            f'<div class="ln"><span class="no">{n}</span>'
            f'<span class="ts">{escape(ts)}</span>&nbsp;<span{cls}>{escape(text)}</span></div>'
        )
    body = (
        tabs("Logs")
        + f"""
<div class="logs-title">&nbsp;Logs</div>
<div class="panel pod-links"><b>Pod Logs</b><a href="#">Image builder &#8599;</a></div>
<div class="panel">
  <div class="searchbar">
    <div class="query">component_type:"image_builder" tail_lines:"1000"</div>
    <div class="toggle-group"><span class="on">Image Builder</span><span>Model</span></div>
    <span class="filter">Log Tail</span>
    <span class="filter">Prefix</span>
  </div>
  <div class="logview">{"".join(lines)}</div>
</div>
"""
    )
    return page(data.LOGS_MODEL, data.LOGS_VERSION, body, status="Failed", status_class="danger")


# name of the PNG in images/ -> function returning the HTML document
VIEWS: dict[str, Callable[[], str]] = {
    "model-version-tabs.png": view_model_version_tabs,
    "history-oomkilled-image-build.png": view_history_oomkilled,
    "history-crashloopbackoff.png": view_history_crashloop,
    "history-image-not-found.png": view_history_image_not_found,
    "logs-tab-image-builder.png": view_logs_image_builder,
}


# The part of each view that matters, cropped out of the full page: the union of the
# boxes of these selectors (the first match of each), plus a small margin.
CROPS: dict[str, tuple[str, ...]] = {
    "model-version-tabs.png": ("h1", ".tabs"),
    "history-oomkilled-image-build.png": (".tabs", "main > .panel:last-child"),
    "history-crashloopbackoff.png": (".tabs", "main > .panel:last-child"),
    "history-image-not-found.png": (".tabs", "main > .panel:last-child"),
    "logs-tab-image-builder.png": (".tabs", "main > .panel:last-child"),
}
