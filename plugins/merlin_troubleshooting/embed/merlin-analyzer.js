// The Merlin log analyzer, for any web page: written by `merlin-troubleshooting build-analyzer`.
//
//   <div data-merlin-analyzer></div>
//   <script src="<where the build folder is served>/merlin-analyzer.js" async></script>
//
// Fills every <div data-merlin-analyzer> with the analyzer's form (the same markup the docs
// site renders), every URL resolved against this script's own address, so the folder can be
// served from any path and the page can live anywhere on the same origin. Then it loads the
// analyzer's stylesheet and script, each checked with Subresource Integrity. A host that
// keeps its own copy of the known-error pages sets data-root="<its docs root>/" on the div
// (catalog.json and the sections' links are resolved against it); by default they are the
// pages in this build folder.
(() => {
  "use strict";
  const WIDGET = /*merlin:widget*/ "";
  const URL_ATTRIBUTES = ["data-root", "data-pyodide", "data-lock", "data-worker", "href", "src"];
  const self = document.currentScript;
  const base = new URL(".", self && self.src ? self.src : document.baseURI);
  let scriptAdded = false;

  function absolute(element) {
    for (const name of URL_ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value !== null) element.setAttribute(name, new URL(value, base).href);
    }
  }

  function mount(host) {
    host.dataset.merlinMounted = "1";
    const template = document.createElement("template");
    template.innerHTML = WIDGET; // built from our own markup at build time, never from input
    const widget = template.content.querySelector(".merlin-analyzer");
    if (!widget) return;
    for (const element of [widget, ...widget.querySelectorAll("[href], [src]")]) absolute(element);
    if (host.dataset.root) widget.setAttribute("data-root", new URL(host.dataset.root, document.baseURI).href);
    const code = widget.querySelector("script[src]");
    if (code) code.remove(); // a script from a template never runs: it is added below
    host.append(widget);
    if (code && !scriptAdded) {
      scriptAdded = true;
      const script = document.createElement("script");
      script.src = code.getAttribute("src");
      const integrity = code.getAttribute("integrity");
      if (integrity) script.integrity = integrity;
      script.async = true;
      document.head.append(script);
    }
  }

  function start() {
    document.querySelectorAll("[data-merlin-analyzer]:not([data-merlin-mounted])").forEach(mount);
  }
  start();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
})();
