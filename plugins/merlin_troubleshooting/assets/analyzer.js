// Merlin troubleshooting analyzer: the page side (form, lazy worker boot, result rendering).
//
// Nothing here runs Python or downloads the runtime at page load: the module worker is
// started on the first sign the reader wants an analysis (focus, paste, drop, file pick,
// Analyze, or a #paste= link). Everything derived from the paste is rendered with
// textContent / createTextNode, never innerHTML, and the text never leaves the browser.
(function () {
  "use strict";

  const COMPONENT_LABELS = {
    "image-builder": "image builder",
    model: "model container",
    transformer: "transformer",
    "queue-proxy": "queue-proxy sidecar",
    "storage-initializer": "storage initializer (model artifact download)",
    "batch-job": "batch job",
    unknown: "unknown component",
  };
  const CONTEXT_LINES = 2; // lines shown around each evidence line
  const MAX_EVIDENCE = 8; // evidence lines shown per finding
  const MAX_LINE_CHARS = 400;
  const TEXTAREA_LIMIT = 1024 * 1024; // bigger files stay in memory, not in the text box
  const BOOT_TIMEOUT_MS = 120000;
  const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

  // For tests and benchmarks: the state machine and timestamps (performance.now()).
  const exposed = (window.__merlinAnalyzer = {
    state: "idle", // idle | booting | ready | analyzing | failed | unsupported
    lastResult: null,
    bootStartedAt: null,
    readyAt: null,
    resultAt: null,
    error: null,
  });

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function supportsModuleWorkers() {
    // The options getter is only read by browsers that know { type: "module" }.
    let supported = false;
    try {
      const probe = {
        get type() {
          supported = true;
          return "module";
        },
      };
      new Worker("data:text/javascript,", probe).terminate();
    } catch (_error) {
      // a SecurityError after reading the option is fine: only the getter matters
    }
    return supported;
  }

  // URL-safe base64 of UTF-8 text, as the Merlin UI puts it in #paste=.
  function decodePaste(value) {
    let b64 = value.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
    if (!/^[A-Za-z0-9+/]*$/.test(b64) || b64.length % 4 === 1) throw new Error("not base64");
    b64 += "===".slice((b64.length + 3) % 4);
    const binary = atob(b64);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }

  function pasteFromHash() {
    const match = /(?:^#|&)paste=([^&]*)/.exec(window.location.hash);
    if (!match) return null;
    try {
      return { text: decodePaste(decodeURIComponent(match[1])) };
    } catch (_error) {
      return { error: "The link's #paste= part is not valid URL-safe base64 of UTF-8 text, so there is nothing to analyze. Paste the error below instead." };
    }
  }

  function setup(root) {
    const form = root.querySelector("form");
    const input = root.querySelector("textarea");
    const fileInput = root.querySelector('input[type="file"]');
    const dropZone = root.querySelector("[data-drop-zone]");
    const status = root.querySelector('[role="status"]');
    const results = root.querySelector(".merlin-analyzer__results");
    const cli = root.dataset.cli || "merlin-diagnose";
    const siteRoot = new URL(root.dataset.root || "./", document.baseURI);

    let worker = null;
    let fileText = null; // a large dropped/picked file, kept out of the text box
    let analyzedLines = [];
    let wantAnalysis = false; // analyze as soon as the worker is ready
    let requestId = 0;
    let bootTimer = null;

    function setState(state, message) {
      exposed.state = state;
      root.dataset.state = state;
      if (message !== undefined) status.textContent = message;
    }

    function fail(message) {
      exposed.error = message;
      setState("failed");
      status.textContent = "";
      status.append(
        el("strong", null, "The analyzer could not start. "),
        document.createTextNode(`${message} The documentation below still works; you can also run the same analysis locally with the CLI `),
        el("code", null, cli),
        document.createTextNode("."),
      );
      if (worker) worker.terminate();
      worker = null;
    }

    function boot() {
      if (worker || exposed.state === "failed" || exposed.state === "unsupported") return;
      if (typeof WebAssembly === "undefined" || typeof Worker === "undefined" || !supportsModuleWorkers()) {
        setState("unsupported");
        status.textContent = "";
        status.append(
          el("strong", null, "This browser cannot run the analyzer. "),
          document.createTextNode("The analyzer needs WebAssembly and module Web Workers. The documentation below still works; use the CLI "),
          el("code", null, cli),
          document.createTextNode(" to analyze the same text offline."),
        );
        return;
      }
      exposed.bootStartedAt = performance.now();
      setState("booting", "Loading the analyzer runtime… (first time only)");
      try {
        worker = new Worker(new URL(root.dataset.worker, document.baseURI), { type: "module" });
      } catch (error) {
        fail(`The analyzer's worker did not start (${error}).`);
        return;
      }
      worker.onmessage = onWorkerMessage;
      worker.onerror = (event) => {
        event.preventDefault();
        fail(`The analyzer's worker failed to load (${event.message || "script error"}).`);
      };
      bootTimer = setTimeout(() => {
        if (exposed.state === "booting") fail("Loading the runtime took more than two minutes.");
      }, BOOT_TIMEOUT_MS);
      worker.postMessage({
        type: "boot",
        pyodideURL: new URL(root.dataset.pyodide, document.baseURI).href,
        lockURL: new URL(root.dataset.lock, document.baseURI).href,
      });
    }

    function onWorkerMessage(event) {
      const message = event.data || {};
      if (message.type === "progress") {
        if (exposed.state === "booting") status.textContent = message.message;
      } else if (message.type === "ready") {
        clearTimeout(bootTimer);
        exposed.readyAt = performance.now();
        setState("ready", "The analyzer is ready.");
        if (wantAnalysis) analyze();
      } else if (message.type === "result") {
        if (message.id !== requestId) return; // an older request; a newer one is running
        showResult(JSON.parse(message.json), message.ms);
      } else if (message.type === "error") {
        clearTimeout(bootTimer);
        if (message.phase === "boot") fail(message.message);
        else {
          setState("ready", `The analysis failed: ${message.message}`);
        }
      }
    }

    function currentText() {
      return fileText !== null ? fileText : input.value;
    }

    function analyze() {
      wantAnalysis = true;
      if (exposed.state !== "ready" && exposed.state !== "analyzing") {
        boot();
        return;
      }
      const text = currentText();
      if (!text.trim()) {
        wantAnalysis = false;
        setState("ready", "Paste an error message, Logs tab output or kubectl describe pod first.");
        input.focus();
        return;
      }
      wantAnalysis = false;
      analyzedLines = text.split(/\r\n|\r|\n/);
      requestId += 1;
      setState("analyzing", "Analyzing…");
      worker.postMessage({ type: "analyze", id: requestId, text });
    }

    function useFile(file) {
      if (!file) return;
      boot();
      file.text().then(
        (text) => {
          if (text.length > TEXTAREA_LIMIT) {
            fileText = text;
            input.value = "";
            input.placeholder = `Using the file ${file.name} (${(file.size / 1e6).toFixed(1)} MB). Type or paste here to analyze other text instead.`;
          } else {
            fileText = null;
            input.value = text;
          }
          analyze();
        },
        (error) => setState(exposed.state, `Could not read ${file.name}: ${error}`),
      );
    }

    // ---------------------------------------------------------------- rendering

    function sectionLink(url, text) {
      const link = el("a", null, text);
      link.href = new URL(url, siteRoot).href;
      return link;
    }

    function displayLine(number, evidenceText) {
      const raw = evidenceText !== undefined ? evidenceText : (analyzedLines[number - 1] || "").replace(ANSI, "");
      return raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) + " …" : raw;
    }

    // The paste's lines around each evidence line, numbered, evidence marked.
    function excerpt(evidence) {
      const shown = evidence.slice(0, MAX_EVIDENCE);
      const marked = new Map(shown.map((e) => [e.line, e.text]));
      const ranges = [];
      for (const line of [...marked.keys()].sort((a, b) => a - b)) {
        const start = Math.max(1, line - CONTEXT_LINES);
        const end = Math.min(Math.max(analyzedLines.length, line), line + CONTEXT_LINES);
        const last = ranges[ranges.length - 1];
        if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
        else ranges.push([start, end]);
      }
      const pre = el("pre", "merlin-analyzer__excerpt");
      const code = el("code");
      const width = String(ranges.length ? ranges[ranges.length - 1][1] : 1).length;
      ranges.forEach(([start, end], index) => {
        if (index > 0) code.append(el("span", "merlin-analyzer__gap", "…\n"));
        for (let n = start; n <= end; n += 1) {
          const isEvidence = marked.has(n);
          const row = el(isEvidence ? "mark" : "span", "merlin-analyzer__line");
          row.append(el("span", "merlin-analyzer__lineno", String(n).padStart(width, " ")));
          row.append(document.createTextNode(" " + displayLine(n, isEvidence ? marked.get(n) : undefined)));
          code.append(row, document.createTextNode("\n"));
        }
      });
      pre.append(code);
      pre.setAttribute("aria-label", `Lines ${shown.map((e) => e.line).join(", ")} of your paste, marked, with context`);
      const wrapper = el("div", "merlin-analyzer__evidence");
      wrapper.append(el("p", "merlin-analyzer__subhead", "Evidence"), pre);
      if (evidence.length > shown.length) {
        wrapper.append(el("p", "merlin-analyzer__more", `and ${evidence.length - shown.length} more line(s)`));
      }
      return wrapper;
    }

    // Catalog steps use `backticks` for commands; show them as <code>, still as text nodes.
    function withInlineCode(node, text) {
      String(text).split("`").forEach((part, index, parts) => {
        const isCode = index % 2 === 1 && index < parts.length - 1;
        node.append(isCode ? el("code", null, part) : document.createTextNode(part));
      });
      return node;
    }

    function renderFinding(finding, byId) {
      const card = el("article", "merlin-analyzer__finding");
      card.dataset.id = finding.id;
      if (finding.explained_by) card.classList.add("merlin-analyzer__finding--symptom");
      const head = el("h4", "merlin-analyzer__title", finding.title);
      const badge = el("span", `merlin-analyzer__confidence merlin-analyzer__confidence--${finding.confidence}`, `${finding.confidence} confidence`);
      head.append(document.createTextNode(" "), badge);
      card.append(head);
      if (finding.explained_by) {
        const cause = byId.get(finding.explained_by);
        const line = el("p", "merlin-analyzer__symptom", "Symptom of ");
        const target = el(cause ? "a" : "span", null, cause ? cause.title : finding.explained_by);
        if (cause) target.href = `#merlin-finding-${cause.id}`;
        line.append(target);
        card.append(line);
      }
      card.id = `merlin-finding-${finding.id}`;
      card.append(el("p", "merlin-analyzer__summary", finding.summary));

      const facts = el("dl", "merlin-analyzer__facts");
      if (finding.component) {
        facts.append(el("dt", null, "Component"), el("dd", null, COMPONENT_LABELS[finding.component] || finding.component));
      }
      for (const [name, value] of Object.entries(finding.facts || {})) {
        if (name === "component" || value === null || value === "") continue;
        facts.append(el("dt", null, (finding.fact_labels || {})[name] || name), el("dd", null, value));
      }
      if (facts.childElementCount) card.append(facts);
      if (finding.evidence && finding.evidence.length) card.append(excerpt(finding.evidence));

      if (finding.steps && finding.steps.length) {
        const list = el("ol", "merlin-analyzer__steps");
        for (const step of finding.steps) list.append(withInlineCode(el("li"), step));
        if (finding.explained_by) {
          const details = el("details", "merlin-analyzer__symptom-steps");
          details.append(el("summary", null, "Steps for this symptom (fix the cause first)"), list);
          card.append(details);
        } else {
          card.append(el("p", "merlin-analyzer__subhead", "How to fix it"), list);
        }
      }
      const more = el("p", "merlin-analyzer__link");
      more.append(sectionLink(finding.url, `Read more: ${finding.title}`));
      card.append(more);
      return card;
    }

    function renderRecognised(summary) {
      const list = el("ul", "merlin-analyzer__recognised");
      const add = (label, values) => {
        if (!values || !values.length) return;
        const item = el("li");
        item.append(el("strong", null, `${label}: `), document.createTextNode(values.join(", ")));
        list.append(item);
      };
      add("Input", summary.kinds && summary.kinds.length ? summary.kinds : ["unrecognised"]);
      add("Lines", [String(summary.lines)]);
      add("Containers", summary.containers);
      add("Events", summary.events);
      add("Conditions", summary.conditions);
      return list;
    }

    function showResult(report, ms) {
      exposed.lastResult = report;
      exposed.resultAt = performance.now();
      results.replaceChildren();
      const heading = el("h3", "merlin-analyzer__heading", report.message);
      heading.tabIndex = -1;
      results.append(heading);
      const summary = report.input || {};
      for (const note of summary.notes || []) results.append(el("p", "merlin-analyzer__note", note));
      const findings = report.findings || [];
      if (findings.length) {
        const byId = new Map(findings.map((f) => [f.id, f]));
        const described = `Input: ${(summary.kinds || []).join(", ") || summary.kind}, ${summary.lines} lines.`;
        results.append(el("p", "merlin-analyzer__input-kind", described));
        for (const finding of findings) results.append(renderFinding(finding, byId));
      } else if ((summary.kinds || []).length) {
        results.append(el("p", null, "What the analyzer recognised in your paste:"), renderRecognised(summary));
        const general = el("p");
        general.append(sectionLink(report.general_steps_url, "General troubleshooting steps"));
        results.append(general);
      }
      results.hidden = false;
      setState("ready", `Analysis finished in ${ms} ms.`);
      heading.focus();
      document.dispatchEvent(new CustomEvent("merlin-analyzer:result", { detail: report }));
    }

    // ---------------------------------------------------------------- wiring

    input.addEventListener("focus", boot, { once: true });
    input.addEventListener("paste", boot);
    input.addEventListener("input", () => {
      if (fileText !== null) {
        fileText = null;
        input.placeholder = "";
      }
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        analyze();
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      analyze();
    });
    fileInput.addEventListener("change", () => {
      useFile(fileInput.files && fileInput.files[0]);
      fileInput.value = "";
    });
    for (const name of ["dragenter", "dragover"]) {
      dropZone.addEventListener(name, (event) => {
        event.preventDefault();
        dropZone.classList.add("merlin-analyzer__drop--active");
      });
    }
    dropZone.addEventListener("dragleave", () => dropZone.classList.remove("merlin-analyzer__drop--active"));
    dropZone.addEventListener("drop", (event) => {
      event.preventDefault();
      dropZone.classList.remove("merlin-analyzer__drop--active");
      const files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) useFile(files[0]);
      else {
        const text = event.dataTransfer && event.dataTransfer.getData("text/plain");
        if (text) {
          input.value = text;
          analyze();
        }
      }
    });

    // A link from the Merlin UI: #paste=<URL-safe base64> fills the box and analyzes once ready.
    const linked = pasteFromHash();
    if (linked && linked.error) status.textContent = linked.error;
    else if (linked) {
      input.value = linked.text;
      analyze();
    }
  }

  function start() {
    document.querySelectorAll(".merlin-analyzer:not([data-merlin-setup])").forEach((root) => {
      root.dataset.merlinSetup = "1";
      setup(root);
    });
  }
  // This script is loaded async right after the widget's markup, so the widget is already
  // in the DOM: set it up now, without waiting for the rest of the page (a #paste= link
  // starts the runtime sooner that way), and again once the page is parsed.
  start();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
})();
