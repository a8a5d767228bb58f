// Merlin troubleshooting analyzer: the page side (form, worker lifecycle, result rendering).
//
// Nothing here runs Python or downloads the runtime at page load: the module worker is
// started on the first sign the reader wants an analysis (focus, paste, drop, file pick,
// Analyze, or a #paste= link). Everything derived from the paste is rendered with
// textContent / createTextNode, never innerHTML, and the text never leaves the browser.
//
// The main thread must stay responsive whatever is pasted: text over TEXTAREA_LIMIT is
// kept in memory, out of the text box (a 10 MB textarea freezes Chromium for seconds);
// every analysis has a time limit and a Cancel button, both of which terminate the worker
// and start a fresh one, because a busy WebAssembly interpreter cannot be interrupted.
//
// The report is shown as soon as the worker posts it: an analysis asks for its redacted
// share copy with share: "later", and the worker posts that as a second message ({type:
// "share", id, json}, see analyzer-worker.mjs), which fills in the Share section then.
(function () {
  "use strict";

  // Presentation only: the engine's input.kind_labels / input.summary win when present.
  const KIND_LABELS = {
    "merlin-history": "Merlin History message",
    "merlin-logs": "Merlin Logs tab output",
    "kubectl-describe-pod": "kubectl describe pod",
    "kubectl-events": "kubectl get events",
    "kubectl-yaml": "Kubernetes object (YAML)",
    "kubectl-json": "Kubernetes object (JSON)",
    "kserve-status": "InferenceService status",
    "image-builder-log": "image builder log",
    "container-log": "log text",
    "json-lines-log": "JSON log lines",
    "csv-log-export": "CSV log export",
    "otel-debug-log": "OpenTelemetry debug exporter output",
    "kubectl-get-table": "kubectl get table",
    unrecognised: "text the analyzer does not recognise",
  };
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
  const TABLE_ROW_CHARS = 60; // longer table rows also get their cells as a wrapping line
  const TEXTAREA_LIMIT = 1024 * 1024; // characters; bigger text stays in memory, not in the box
  const PREVIEW_LINES = 5;
  const PREVIEW_CHARS = 160;
  const BOOT_TIMEOUT_MS = 120000;
  const TIME_LIMIT_MS = 30000; // per analysis, plus TIME_LIMIT_PER_MB_MS for each MB
  const TIME_LIMIT_PER_MB_MS = 1500;
  const SHARE_LIMIT = 2 * 1024 * 1024; // characters; a redacted copy of bigger pastes is not asked for
  const MAX_CRASHES = 3; // consecutive runtime deaths before the page stops restarting it
  const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
  // An older worker reports a dead runtime only through its message text.
  const FATAL_TEXT = /fatal(ly)? (error|failed)|Maximum call stack size exceeded|memory access out of bounds/i;
  const TABLE_SEPARATOR = /[│|]/;
  const COLUMN_GAP = /[ \t]{2,}/g; // the blanks between kubectl's aligned columns

  // For tests and benchmarks: the state machine, timestamps (performance.now()) and knobs.
  const exposed = (window.__merlinAnalyzer = {
    state: "idle", // idle | booting | ready | analyzing | failed | unsupported
    lastResult: null,
    bootStartedAt: null,
    readyAt: null,
    resultAt: null,
    error: null,
    workersStarted: 0,
    lastRequestId: 0,
    timeLimitMs: null, // null: TIME_LIMIT_MS plus TIME_LIMIT_PER_MB_MS per MB of the paste
    held: null, // {name, bytes, lines} of text kept out of the text box
    sharePending: false, // the shown report's redacted share copy is still being made
  });

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function plural(count, one, many) {
    return `${count.toLocaleString("en")} ${count === 1 ? one : many || one + "s"}`;
  }

  function formatBytes(bytes) {
    if (bytes < 1000) return plural(bytes, "byte");
    if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} KB`;
    return `${(bytes / 1e6).toFixed(1)} MB`;
  }

  function errorText(error) {
    return String(error && error.message ? error.message : error);
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
      const url = URL.createObjectURL(new Blob([""], { type: "text/javascript" }));
      new Worker(url, probe).terminate();
      URL.revokeObjectURL(url);
    } catch (_error) {
      // a SecurityError after reading the option is fine: only the getter matters
    }
    return supported;
  }

  // ---------------------------------------------------------------- text helpers (linear)

  // UTF-8 size and line count (a final newline does not start a line, as the engine counts)
  // in one pass over the UTF-16 code units: cheaper than encoding a 50 MB paste to measure it.
  function measure(text) {
    let bytes = 0;
    let lines = text ? 1 : 0;
    for (let i = 0; i < text.length; i += 1) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) {
        bytes += 1;
        if (unit === 10) lines += 1;
      } else if (unit < 0x800) bytes += 2;
      else if (unit >= 0xd800 && unit < 0xdc00) bytes += 2; // half of a 4-byte pair
      else if (unit >= 0xdc00 && unit < 0xe000) bytes += 2;
      else bytes += 3;
    }
    if (text.endsWith("\n")) lines -= 1;
    return { bytes, lines };
  }

  // The lines with the given 1-based numbers (sorted ascending), in one pass that stops at
  // the last one wanted. Line breaks as the engine reads them: \r\n, \r or \n.
  function pickLines(text, wanted) {
    const found = new Map();
    if (!wanted.length) return found;
    const last = wanted[wanted.length - 1];
    const newline = /\r\n|\r|\n/g;
    let start = 0;
    let index = 0;
    for (let number = 1; number <= last; number += 1) {
      const match = newline.exec(text);
      if (!match && start >= text.length && number > 1) break; // after a final newline
      while (index < wanted.length && wanted[index] < number) index += 1;
      if (wanted[index] === number) found.set(number, text.slice(start, match ? match.index : text.length));
      if (!match) break;
      start = newline.lastIndex;
    }
    return found;
  }

  // The first lines of a big text, each cut short, for the "kept out of the box" preview.
  function firstLines(text) {
    const head = text.slice(0, PREVIEW_LINES * (PREVIEW_CHARS + 200));
    return head
      .split(/\r\n|\r|\n/, PREVIEW_LINES)
      .map((line) => (line.length > PREVIEW_CHARS ? line.slice(0, PREVIEW_CHARS) + " …" : line))
      .join("\n");
  }

  // ---------------------------------------------------------------- links (#paste=, #found=)
  //
  // #paste=<base64url>: the Merlin UI's form is the UTF-8 text itself; the page's own "Copy
  // link" writes the text deflated first (CompressionStream "deflate", i.e. zlib, RFC 1950).
  // The zlib header (0x78, then a byte making the pair a multiple of 31) tells them apart;
  // text that merely starts with such bytes fails to inflate and is read as text.
  // #found=<id>,<id>: the answer only, no pasted text at all.

  const BAD_PASTE_LINK =
    "The link's #paste= part is not valid URL-safe base64 of UTF-8 text (or of deflated UTF-8 text), " +
    "so there is nothing to analyze. Paste the error into the text box instead.";
  const MAX_INFLATED = 64 * 1024 * 1024; // what the engine reads at most; a link never needs more
  const LONG_LINK = 8 * 1024; // chat tools and issue trackers cut or refuse longer links
  const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
  const MAX_FOUND_IDS = 20;

  function fromBase64Url(value) {
    let b64 = value.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
    if (!/^[A-Za-z0-9+/]*$/.test(b64) || b64.length % 4 === 1) throw new Error("not base64");
    b64 += "===".slice((b64.length + 3) % 4);
    const binary = atob(b64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function toBase64Url(bytes) {
    const chunks = [];
    for (let i = 0; i < bytes.length; i += 0x8000) {
      chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
    }
    return btoa(chunks.join("")).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function looksDeflated(bytes) {
    return bytes.length > 2 && bytes[0] === 0x78 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
  }

  // Inflate with a ceiling, so a small hostile link cannot expand to gigabytes.
  async function inflate(bytes) {
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate")).getReader();
    const parts = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_INFLATED) {
        reader.cancel();
        throw new Error("too large");
      }
      parts.push(value);
    }
    return new Uint8Array(await new Blob(parts).arrayBuffer());
  }

  async function deflate(text) {
    const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream("deflate"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function decodePaste(value) {
    let bytes = fromBase64Url(value);
    if (looksDeflated(bytes) && typeof DecompressionStream !== "undefined") {
      try {
        bytes = await inflate(bytes);
      } catch (error) {
        if (error && error.message === "too large") throw error;
        // not deflate after all: read the bytes as text
      }
    }
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }

  function hashValue(name) {
    const match = new RegExp(`(?:^#|&)${name}=([^&]*)`).exec(window.location.hash);
    return match ? match[1] : null;
  }

  async function pasteFromHash() {
    const value = hashValue("paste");
    if (value === null) return null;
    try {
      return { text: await decodePaste(decodeURIComponent(value)) };
    } catch (error) {
      if (error && error.message === "too large") {
        return { error: `The link's #paste= text inflates to more than ${formatBytes(MAX_INFLATED)}, more than the analyzer reads, so it was not opened. Paste the error into the text box instead.` };
      }
      return { error: BAD_PASTE_LINK };
    }
  }

  function foundFromHash() {
    const value = hashValue("found");
    if (value === null) return null;
    let ids;
    try {
      ids = decodeURIComponent(value).split(",").map((id) => id.trim()).filter(Boolean);
    } catch (_error) {
      ids = [];
    }
    return [...new Set(ids)].filter((id) => ID.test(id)).slice(0, MAX_FOUND_IDS);
  }

  function pageLink(fragment) {
    return window.location.href.split("#")[0] + fragment;
  }

  async function copyText(text) {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard access");
    await navigator.clipboard.writeText(text);
  }

  // ---------------------------------------------------------------- wrong-answer reports

  const MAX_REPORT_LINES = 40; // evidence lines in a report on a paste too big to include
  const ISSUE_URL_LIMIT = 8000; // characters; trackers and browsers refuse longer new-issue links
  const STAGE_GROUPS = [
    ["api-validation", "Before deployment (API validation)"],
    ["image-build", "Image building"],
    ["deployment", "Deployment"],
    ["both", "Image building or deployment"],
    ["platform", "Platform"],
  ];
  const FREQUENCY_ORDER = { common: 0, occasional: 1, rare: 2 };
  const OTHER_CAUSE = ":other"; // "Something else": not a possible catalog id (see ID)

  // A Markdown code fence longer than any backtick run in the text, so pasted text that
  // holds ``` can never close it early (one linear scan).
  function fenceFor(text) {
    let longest = 0;
    let run = 0;
    for (let i = 0; i < text.length; i += 1) {
      if (text.charCodeAt(i) === 96) {
        run += 1;
        if (run > longest) longest = run;
      } else run = 0;
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  // The report_url template with {title} and {body} URL-encoded (a function replacement, so
  // a "$&" in the text is not a replacement pattern).
  function fillTemplate(template, title, body) {
    return template
      .replace(/\{title\}/g, () => encodeURIComponent(title))
      .replace(/\{body\}/g, () => encodeURIComponent(body));
  }

  // The widget's report_url, if it is an http(s) template with a place for the report (the
  // build validates it; a page assembled some other way may not have).
  function issueTemplate(value) {
    if (typeof value !== "string" || !/\{(title|body)\}/.test(value)) return "";
    try {
      const url = new URL(fillTemplate(value, "", ""));
      return url.protocol === "https:" || url.protocol === "http:" ? value : "";
    } catch (_error) {
      return "";
    }
  }

  // The catalog's errors as [stage label, entries] groups in stage order, each group by
  // frequency then title; stages this page does not know come last, under their own name.
  function causeGroups(catalog) {
    const errors = Array.isArray(catalog && catalog.errors) ? catalog.errors : [];
    const groups = new Map(STAGE_GROUPS.map(([stage, label]) => [stage, { label, entries: [] }]));
    for (const entry of errors) {
      if (!entry || typeof entry.id !== "string" || !ID.test(entry.id)) continue;
      const stage = String(entry.stage || "other");
      if (!groups.has(stage)) groups.set(stage, { label: stage.replace(/-/g, " "), entries: [] });
      groups.get(stage).entries.push(entry);
    }
    const rank = (entry) => FREQUENCY_ORDER[entry.frequency] ?? FREQUENCY_ORDER.occasional;
    return [...groups.values()]
      .filter((group) => group.entries.length)
      .map((group) => {
        group.entries.sort((a, b) => rank(a) - rank(b) || String(a.title).localeCompare(String(b.title)));
        return group;
      });
  }

  // Engine, catalog and runtime versions: the report's own first, then catalog.json's.
  function versionsOf(report, catalog, runtime) {
    const fromReport = report && report.versions && typeof report.versions === "object" ? report.versions : {};
    const fromCatalog = catalog && catalog.versions && typeof catalog.versions === "object" ? catalog.versions : {};
    const build = catalog && typeof catalog.version === "string" ? catalog.version : null;
    const pick = (key) => fromReport[key] ?? fromCatalog[key] ?? null;
    return {
      engine: pick("engine") ?? build,
      catalog: pick("catalog") ?? build,
      runtime: pick("runtime") ?? (runtime && runtime.version) ?? null,
      path: (runtime && runtime.path) || null,
    };
  }

  // The ready-to-file report: what the reader says the cause was, what the analyzer
  // answered, versions, the page, and the redacted paste (or what stands in for it).
  function issueReport({ report, answer, catalog, paste, runtime, pageUrl }) {
    const findings = Array.isArray(report.findings) ? report.findings : [];
    const byId = new Map((Array.isArray(catalog && catalog.errors) ? catalog.errors : []).map((e) => [e.id, e]));
    let cause = "not given";
    let causeShort = "not given";
    if (answer.id === OTHER_CAUSE) {
      cause = "something else";
      causeShort = "something else";
    } else if (answer.id) {
      const entry = byId.get(answer.id);
      cause = `${entry ? entry.title : answer.id} (\`${answer.id}\`)`;
      causeShort = answer.id;
    }
    const answered = findings.length ? findings.map((f) => f.id).join(", ") : "no known error";
    const title = `Analyzer answered ${answered}; real cause: ${causeShort}`;
    const lines = ["## Wrong or missing answer from the Merlin troubleshooting analyzer", ""];
    lines.push(`**What was the real cause?** ${cause}`);
    if (answer.text) lines.push("", ...answer.text.split(/\r\n|\r|\n/).map((line) => `> ${line}`));
    lines.push("", "### What the analyzer answered", "");
    const input = report.input || {};
    if (input.summary || (input.kinds || []).length) {
      lines.push(`Read: ${input.summary || (input.kind_labels || input.kinds).join(", ")}, ${plural(input.lines || 0, "line")}.`, "");
    }
    if (findings.length) {
      findings.forEach((f, index) => {
        const symptom = f.explained_by ? `, symptom of \`${f.explained_by}\`` : "";
        lines.push(`${index + 1}. ${f.title} (\`${f.id}\`): ${f.confidence} confidence${symptom}`);
      });
    } else {
      lines.push("No known error matched.");
      const wrong = Array.isArray(report.looks_wrong) ? report.looks_wrong.length : 0;
      if (wrong) lines.push("", `${plural(wrong, "line")} looked like a failure.`);
    }
    const v = versionsOf(report, catalog, runtime);
    lines.push("", "### Versions", "");
    lines.push(`- Engine: ${v.engine || "unknown"}`);
    lines.push(`- Catalog: ${v.catalog || "unknown"}`);
    lines.push(`- Runtime: ${v.runtime ? `Pyodide ${v.runtime}` : "Pyodide (version not reported)"}${v.path ? ` (started from: ${v.path})` : ""}`);
    lines.push(`- Page: ${pageUrl}`);
    lines.push("", paste.heading, "", paste.note);
    if (typeof paste.text === "string" && paste.text !== "") {
      const fence = fenceFor(paste.text);
      lines.push("", fence + "text", paste.text.replace(/\n$/, ""), fence);
    }
    return { title, body: lines.join("\n") + "\n" };
  }

  function isTouchOnly() {
    return Boolean(window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches);
  }

  function setup(root) {
    const form = root.querySelector("form");
    const input = root.querySelector("textarea");
    const fileInput = root.querySelector('input[type="file"]');
    const dropZone = root.querySelector("[data-drop-zone]");
    const status = root.querySelector('[role="status"]');
    const results = root.querySelector(".merlin-analyzer__results");
    const submit = root.querySelector('button[type="submit"]');
    const hint = root.querySelector(".merlin-analyzer__hint");
    // The widget may ship its form hidden, so a reader without JavaScript never meets a
    // form that cannot work; with this script running it is usable.
    form.hidden = false;
    const cli = root.dataset.cli || "merlin-diagnose";
    const siteRoot = new URL(root.dataset.root || "./", document.baseURI);

    // Controls the static markup does not have: made here so the page works with any widget.
    const cancel = el("button", "md-button merlin-analyzer__cancel", "Cancel");
    cancel.type = "button";
    cancel.hidden = true;
    submit.after(cancel);
    const progress = el("div", "merlin-analyzer__progress");
    progress.hidden = true;
    const bar = el("progress", "merlin-analyzer__bar");
    bar.max = 1;
    bar.setAttribute("aria-label", "Loading the analyzer runtime");
    const barLabel = el("span", "merlin-analyzer__bar-label");
    progress.append(bar, barLabel);
    status.before(progress);
    const held = el("div", "merlin-analyzer__held");
    held.hidden = true;
    input.after(held);
    if (hint && isTouchOnly()) hint.hidden = true;

    let worker = null;
    let workerChecked = false; // the worker script matched its hash once (see boot)
    let bootTimer = null;
    let booted = false; // the current worker answered "ready"
    let heldText = null; // large text kept out of the box: {text, name, bytes, lines}
    let wantAnalysis = false; // analyze as soon as the worker is ready
    let pending = null; // the running analysis: {id, text, timer, startedAt}
    let requestId = 0;
    let crashes = 0; // consecutive runtime deaths
    let pinned = false; // status holds a message that progress updates must not overwrite
    let side = null; // a redaction asked for by the report form: {id, resolve, reject, timer}
    let runtimeInfo = null; // {version, path} from the worker's "ready" message
    let shareWait = null; // the shown report's share copy on its way: {id, report, text, resolve}
    const shareArrivals = new WeakMap(); // report -> Promise settled once its share part arrived

    function setState(state, message) {
      exposed.state = state;
      root.dataset.state = state;
      if (message !== undefined) {
        status.textContent = message;
        pinned = false;
      }
      const queued = state === "booting" && wantAnalysis;
      submit.textContent = state === "booting" ? (queued ? "Analyze (queued: starts once loaded)" : "Analyze (runtime loading…)") : "Analyze";
      cancel.hidden = !(state === "analyzing" || queued);
      progress.hidden = state !== "booting";
    }

    // A message in the status line that stays while the runtime restarts.
    function notice(strong, rest) {
      status.textContent = "";
      status.append(el("strong", null, strong + " "), document.createTextNode(rest));
      pinned = true;
    }

    function withCli(strong, message) {
      status.textContent = "";
      status.append(
        el("strong", null, strong + " "),
        document.createTextNode(`${message} The documentation still works; you can also run the same analysis locally with the CLI `),
        el("code", null, cli),
        document.createTextNode("."),
      );
    }

    function fail(message) {
      exposed.error = message;
      stopWorker();
      wantAnalysis = false;
      setState("failed");
      withCli("The analyzer could not start.", `${message} Press Analyze to try again.`);
    }

    function stopWorker() {
      clearTimeout(bootTimer);
      if (pending) clearTimeout(pending.timer);
      pending = null;
      if (side) {
        clearTimeout(side.timer);
        side.reject(new Error("the analyzer's runtime was restarted"));
        side = null;
      }
      if (worker) worker.terminate();
      worker = null;
      booted = false;
      endShareWait("the analyzer's runtime was restarted");
    }

    function bootFields() {
      const fields = {
        type: "boot",
        pyodideURL: new URL(root.dataset.pyodide, document.baseURI).href,
        lockURL: new URL(root.dataset.lock, document.baseURI).href,
      };
      // Extra boot fields the widget may carry (e.g. integrity hashes), as one JSON attribute.
      if (root.dataset.boot) {
        try {
          Object.assign(fields, JSON.parse(root.dataset.boot), { type: "boot" });
        } catch (_error) {
          // a malformed attribute is the site's bug; boot with the basic fields
        }
      }
      return fields;
    }

    function boot() {
      if (worker || exposed.state === "unsupported") return;
      if (typeof WebAssembly === "undefined" || typeof Worker === "undefined" || !supportsModuleWorkers()) {
        setState("unsupported");
        status.textContent = "";
        status.append(
          el("strong", null, "This browser cannot run the analyzer. "),
          document.createTextNode("The analyzer needs WebAssembly and module Web Workers. The documentation still works; use the CLI "),
          el("code", null, cli),
          document.createTextNode(" to analyze the same text offline."),
        );
        return;
      }
      if (exposed.state === "failed" && !wantAnalysis) return; // retry only on an explicit Analyze
      exposed.bootStartedAt = performance.now();
      const keep = pinned;
      setState("booting", keep ? undefined : "Loading the analyzer runtime… (first time only)");
      pinned = keep;
      bar.removeAttribute("value"); // indeterminate until the worker reports a fraction
      barLabel.textContent = "";
      const workerURL = new URL(root.dataset.worker, document.baseURI);
      if (root.dataset.workerIntegrity && !workerChecked) {
        // The worker script is checked against the hash this page was built with before it
        // runs (the browser cache then serves the same bytes to the Worker).
        fetch(workerURL.href.split("#")[0], { integrity: root.dataset.workerIntegrity, cache: "force-cache" })
          .then((response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            workerChecked = true;
            if (exposed.state === "booting" && !worker) startWorker(workerURL);
          })
          .catch((error) => {
            fail(
              `The analyzer's worker script (${workerURL.pathname}) does not match the file this page was built with (${error}). ` +
                "The site's files have been changed or mixed with another build: reload, or ask the site's maintainers.",
            );
          });
        return;
      }
      startWorker(workerURL);
    }

    function startWorker(workerURL) {
      let created;
      try {
        created = new Worker(workerURL, { type: "module" });
      } catch (error) {
        fail(`The analyzer's worker did not start (${error}).`);
        return;
      }
      worker = created;
      exposed.workersStarted += 1;
      // Messages from a worker that has since been replaced are dropped.
      created.onmessage = (event) => {
        if (created === worker) onWorkerMessage(event.data || {});
      };
      created.onerror = (event) => {
        event.preventDefault();
        if (created !== worker) return;
        const why = event.message || "script error";
        if (!booted) fail(`The analyzer's worker failed to load (${why}).`);
        else crash(`the analyzer's worker stopped with an error (${why})`);
      };
      bootTimer = setTimeout(() => {
        if (created === worker && !booted) fail("Loading the runtime took more than two minutes.");
      }, BOOT_TIMEOUT_MS);
      created.postMessage(bootFields());
    }

    // The runtime died or stopped answering: replace the worker, say so, never spin forever.
    function crash(why) {
      const wasPending = pending !== null;
      stopWorker();
      wantAnalysis = false;
      crashes += 1;
      if (crashes > MAX_CRASHES) {
        fail(`The analyzer's runtime stopped ${crashes} times in a row (last: ${why}).`);
        return;
      }
      exposed.state = "idle"; // so boot() starts the replacement
      notice(
        wasPending ? "The analysis stopped:" : "The analyzer's runtime stopped:",
        `${why}. The runtime is being restarted; ${wasPending ? "that paste was not analyzed. Try a shorter part of it (the last few hundred lines usually hold the error), or" : "you can then analyze again, or"} run the same analysis locally with ${cli}.`,
      );
      boot();
    }

    function onWorkerMessage(message) {
      if (message.type === "progress") {
        if (exposed.state !== "booting") return;
        const fraction = Number(message.fraction);
        if (message.fraction !== undefined && message.fraction !== null && Number.isFinite(fraction)) {
          bar.value = Math.min(1, Math.max(0, fraction));
          barLabel.textContent = `${Math.round(bar.value * 100)}%`; // the words are in the status line
        }
        if (!pinned && message.message && status.textContent !== message.message) status.textContent = message.message;
      } else if (message.type === "ready") {
        clearTimeout(bootTimer);
        booted = true;
        exposed.readyAt = performance.now();
        exposed.readyPath = message.path || null;
        const version = message.runtime || message.pyodide || message.version;
        runtimeInfo = { version: typeof version === "string" ? version : null, path: exposed.readyPath };
        if (pinned) {
          setState("ready");
          status.append(document.createTextNode(" The analyzer is ready again."));
        } else setState("ready", "The analyzer is ready.");
        if (wantAnalysis) analyze();
      } else if (side && message.id === side.id && (message.type === "result" || message.type === "error")) {
        const request = side;
        side = null;
        clearTimeout(request.timer);
        if (message.type === "error" && message.fatal === true) crash(`the analyzer's runtime failed (${message.message})`);
        if (message.type === "error") request.reject(new Error(String(message.message || "the redaction failed")));
        else request.resolve(message.json);
      } else if (message.type === "share") {
        if (shareWait && message.id === shareWait.id) receiveShare(message);
      } else if (message.type === "result") {
        if (!pending || message.id !== pending.id) return; // an older request's answer
        const { text, later } = pending;
        clearTimeout(pending.timer);
        pending = null;
        let report;
        try {
          report = JSON.parse(message.json);
        } catch (error) {
          setState("ready", `The analysis returned a report this page cannot read (${errorText(error)}).`);
          return;
        }
        crashes = 0;
        if (later && !(report.share && typeof report.share === "object")) awaitShare(message.id, report, text);
        showResult(report, message.ms, text);
      } else if (message.type === "error") {
        if (message.phase === "boot") {
          fail(message.message);
          return;
        }
        const fatal = message.fatal === true || FATAL_TEXT.test(String(message.message || ""));
        if (fatal) {
          crash(`the analyzer's runtime failed (${message.message})`);
          return;
        }
        if (!pending || message.id !== pending.id) return; // an older request's failure
        clearTimeout(pending.timer);
        pending = null;
        setState("ready", `The analysis failed: ${message.message}`);
      }
    }

    // The report is on the page; its share part follows in a "share" message for its id.
    function awaitShare(id, report, text) {
      endShareWait();
      let resolve;
      shareArrivals.set(report, new Promise((done) => (resolve = done)));
      shareWait = { id, report, text, resolve };
      exposed.sharePending = true;
    }

    // No share part will come (a new analysis, a replaced worker): stop waiting for it.
    function endShareWait(why) {
      if (!shareWait) return;
      const { report, text, resolve } = shareWait;
      shareWait = null;
      exposed.sharePending = false;
      if (why && report === exposed.lastResult) {
        report.shareError = why;
        refreshShare(report, text);
      }
      resolve();
    }

    function receiveShare(message) {
      const { report, text, resolve } = shareWait;
      shareWait = null;
      let share = null;
      try {
        share = typeof message.json === "string" ? JSON.parse(message.json) : null;
      } catch (error) {
        message = { message: `the redacted copy is unreadable (${errorText(error)})` };
      }
      if (share && typeof share === "object") report.share = share;
      else report.shareError = String(message.message || "the engine returned none");
      exposed.sharePending = false;
      if (report === exposed.lastResult) refreshShare(report, text);
      resolve();
      document.dispatchEvent(new CustomEvent("merlin-analyzer:share", { detail: report }));
    }

    // Redraw the Share section of the shown report, keeping the focus on the button it was on.
    function refreshShare(report, text) {
      const old = results.querySelector(".merlin-analyzer__share");
      const fresh = renderShare(report, text);
      if (!old || !fresh) return;
      const focused = old.contains(document.activeElement) ? document.activeElement.textContent : null;
      old.replaceWith(fresh);
      if (focused) {
        const again = [...fresh.querySelectorAll("button")].find((node) => node.textContent === focused);
        if (again) again.focus({ preventScroll: true });
      }
    }

    function currentText() {
      return heldText !== null ? heldText.text : input.value;
    }

    function timeLimit(text) {
      if (typeof exposed.timeLimitMs === "number") return exposed.timeLimitMs;
      return TIME_LIMIT_MS + Math.ceil(text.length / 1e6) * TIME_LIMIT_PER_MB_MS;
    }

    // Analyze the current text: now if the runtime is idle, once it is ready if it is still
    // loading, and instead of the running analysis if there is one (its worker is replaced).
    function analyze() {
      const text = currentText();
      if (!text.trim()) {
        input.focus();
        if (exposed.state === "analyzing" || exposed.state === "unsupported") return; // nothing to replace it with
        wantAnalysis = false;
        if (exposed.state === "booting") setState("booting");
        else setState(exposed.state, "Paste an error message, Logs tab output or kubectl describe pod first.");
        return;
      }
      if (exposed.state === "unsupported") {
        boot();
        return;
      }
      wantAnalysis = true;
      if (exposed.state === "analyzing") {
        stopWorker(); // a busy interpreter cannot be interrupted: replace it
        exposed.state = "idle";
        notice("Stopped the previous analysis.", "The new text is analyzed as soon as the runtime has restarted.");
      }
      if (exposed.state !== "ready") {
        if (exposed.state === "failed") {
          exposed.state = "idle"; // an explicit Analyze retries a failed start
          crashes = 0;
        }
        boot();
        setState(exposed.state); // the button says the analysis is queued
        return;
      }
      wantAnalysis = false;
      requestId += 1;
      exposed.lastRequestId = requestId;
      const id = requestId;
      const limit = timeLimit(text);
      const share = text.length <= SHARE_LIMIT ? "later" : false;
      endShareWait("a newer analysis was started");
      pending = {
        id,
        text,
        later: share === "later",
        startedAt: performance.now(),
        timer: setTimeout(() => {
          if (pending && pending.id === id) {
            crash(`it took longer than the ${Math.round(limit / 1000)} s time limit, so it was stopped`);
          }
        }, limit),
      };
      setState("analyzing", heldText ? `Analyzing ${heldText.name} (${formatBytes(heldText.bytes)})…` : "Analyzing…");
      worker.postMessage({ type: "analyze", id, text, options: { share } });
    }

    // The engine's redaction of a short text (the report's evidence lines when the paste was
    // too big for a redacted copy), through the running worker, without touching the result.
    function redactWithEngine(text) {
      return new Promise((resolve, reject) => {
        if (!worker || !booted || side) {
          reject(new Error("the analyzer's runtime is not ready"));
          return;
        }
        requestId += 1;
        const id = requestId;
        side = {
          id,
          resolve: (json) => {
            try {
              const shared = JSON.parse(json).share;
              if (!shared || typeof shared.redacted_text !== "string") throw new Error("this analyzer version does not redact");
              resolve(shared.redacted_text);
            } catch (error) {
              reject(error);
            }
          },
          reject,
          timer: setTimeout(() => {
            if (side && side.id === id) {
              side = null;
              reject(new Error("the redaction took too long"));
            }
          }, TIME_LIMIT_MS),
        };
        worker.postMessage({ type: "analyze", id, text, options: { share: true } });
      });
    }

    function cancelAnalysis() {
      if (exposed.state === "analyzing") {
        stopWorker();
        exposed.state = "idle";
        notice("Analysis cancelled.", "The runtime is restarting so the next analysis can start right away.");
        boot();
      } else if (wantAnalysis) {
        wantAnalysis = false;
        const keep = pinned;
        setState(exposed.state);
        if (!keep) status.textContent = "Cancelled. The runtime keeps loading; press Analyze when you are ready.";
      }
    }

    // ---------------------------------------------------------------- big text out of the DOM

    function hold(text, name, bytes) {
      const measured = measure(text);
      const size = bytes !== undefined ? bytes : measured.bytes;
      heldText = { text, name, bytes: size, lines: measured.lines };
      exposed.held = { name, bytes: size, lines: heldText.lines };
      input.value = "";
      input.placeholder = "Type or paste here to analyze other text instead.";
      held.replaceChildren();
      const about = el("p", "merlin-analyzer__held-about");
      about.append(
        el("strong", null, `Using ${name}`),
        document.createTextNode(
          ` (${formatBytes(size)}, ${plural(heldText.lines, "line")}), kept out of the text box so the page stays responsive. It starts with:`,
        ),
      );
      const preview = el("pre", "merlin-analyzer__held-preview");
      preview.append(el("code", null, firstLines(text)));
      const clear = el("button", "md-button merlin-analyzer__held-clear", "Clear");
      clear.type = "button";
      clear.addEventListener("click", () => {
        release();
        input.focus();
      });
      held.append(about, preview, clear);
      held.hidden = false;
    }

    function release() {
      heldText = null;
      exposed.held = null;
      held.hidden = true;
      held.replaceChildren();
      input.placeholder = "";
    }

    // Text from a paste, drop or file: into the box when small, held in memory when big.
    function useText(text, name, bytes) {
      if (text.length > TEXTAREA_LIMIT) hold(text, name, bytes);
      else {
        release();
        input.value = text;
      }
      analyze();
    }

    function useFile(file) {
      if (!file) return;
      boot();
      file.text().then(
        (text) => useText(text, `the file ${file.name}`, file.size),
        (error) => {
          status.textContent = `Could not read ${file.name}: ${errorText(error)}`;
        },
      );
    }

    // ---------------------------------------------------------------- rendering

    function sectionLink(url, text) {
      const link = el("a", null, text);
      link.href = new URL(url, siteRoot).href;
      return link;
    }

    function shorten(raw) {
      const clean = raw.replace(ANSI, "");
      return clean.length > MAX_LINE_CHARS ? clean.slice(0, MAX_LINE_CHARS) + " …" : clean;
    }

    // The cells of a table row, so a long message cell wraps on a phone: a box-drawn or pipe
    // row split at its separators, or a column-aligned kubectl row (describe's events,
    // kubectl get) split at its runs of blanks.
    function tableCells(line) {
      if (line.length < TABLE_ROW_CHARS) return null;
      const boxed = /^\s*[│|]/.test(line);
      if (!boxed && (line.trim().match(COLUMN_GAP) || []).length < 2) return null;
      const cells = line
        .split(boxed ? TABLE_SEPARATOR : COLUMN_GAP)
        .map((cell) => cell.trim())
        .filter((cell) => cell !== "");
      return cells.length >= (boxed ? 2 : 3) ? cells : null;
    }

    // The paste's lines around each evidence line, numbered, evidence marked.
    function excerpt(evidence, text) {
      const shown = evidence.slice(0, MAX_EVIDENCE);
      const marked = new Map(shown.map((e) => [e.line, e.text]));
      const evidenceLines = [...marked.keys()].sort((a, b) => a - b);
      const wanted = [];
      for (const line of evidenceLines) {
        const from = Math.max(1, line - CONTEXT_LINES, wanted.length ? wanted[wanted.length - 1] + 1 : 1);
        for (let n = from; n <= line + CONTEXT_LINES; n += 1) wanted.push(n);
      }
      const lines = pickLines(text, wanted);
      for (const line of evidenceLines) if (!lines.has(line)) lines.set(line, marked.get(line));
      const numbers = wanted.filter((n) => lines.has(n));
      const pre = el("pre", "merlin-analyzer__excerpt");
      const code = el("code");
      code.tabIndex = 0; // long lines scroll sideways: keyboard users must reach the scroller
      const width = String(numbers.length ? numbers[numbers.length - 1] : 1).length;
      numbers.forEach((n, index) => {
        if (index > 0 && n !== numbers[index - 1] + 1) code.append(el("span", "merlin-analyzer__gap", "…\n"));
        const isEvidence = marked.has(n);
        const row = el(isEvidence ? "mark" : "span", "merlin-analyzer__line");
        const shownText = isEvidence && marked.get(n) !== undefined ? marked.get(n) : shorten(lines.get(n));
        row.append(el("span", "merlin-analyzer__lineno", String(n).padStart(width, " ")));
        row.append(document.createTextNode(" " + shownText));
        code.append(row);
        const cells = isEvidence ? tableCells(shownText) : null;
        if (cells) {
          // Indented past the line numbers, so wrapped cells keep their column.
          const cellLine = el("span", "merlin-analyzer__cells", cells.join("  ·  "));
          cellLine.style.paddingLeft = `calc(${width + 1}ch + 0.3em)`;
          code.append(cellLine);
        } else code.append(document.createTextNode("\n"));
      });
      pre.append(code);
      pre.setAttribute("aria-label", `Lines ${evidenceLines.join(", ")} of your paste, marked, with context`);
      const wrapper = el("div", "merlin-analyzer__evidence");
      wrapper.append(el("p", "merlin-analyzer__subhead", "Evidence"), pre);
      if (evidence.length > shown.length) {
        wrapper.append(el("p", "merlin-analyzer__more", `and ${plural(evidence.length - shown.length, "more line")}`));
      }
      return wrapper;
    }

    // Catalog text uses `backticks` for commands; show them as <code>, still as text nodes.
    function withInlineCode(node, text) {
      String(text).split("`").forEach((part, index, parts) => {
        const isCode = index % 2 === 1 && index < parts.length - 1;
        node.append(isCode ? el("code", null, part) : document.createTextNode(part));
      });
      return node;
    }

    // A step as the engine splits it: catalog text (may hold `code`) and facts (pasted data,
    // always plain text, so a backtick in a pasted value can never style a command).
    function renderStep(parts) {
      const item = el("li");
      for (const part of parts) {
        if (part.fact) item.append(el("span", "merlin-analyzer__fact", part.text));
        else withInlineCode(item, part.text);
      }
      return item;
    }

    // Older engines send steps as strings with the facts already inserted: split out every
    // fact value that holds a backtick, so it cannot open or close a code span.
    function stepPartsFromString(step, facts) {
      const risky = Object.values(facts || {})
        .map((value) => String(value))
        .filter((value) => value.includes("`"))
        .sort((a, b) => b.length - a.length);
      let parts = [{ text: step, fact: false }];
      for (const value of risky) {
        const next = [];
        for (const part of parts) {
          if (part.fact) {
            next.push(part);
            continue;
          }
          const pieces = part.text.split(value);
          pieces.forEach((piece, index) => {
            if (index > 0) next.push({ text: value, fact: true });
            if (piece) next.push({ text: piece, fact: false });
          });
        }
        parts = next;
      }
      return parts;
    }

    function stepsOf(finding) {
      const steps = finding.steps || [];
      if (Array.isArray(finding.step_parts) && finding.step_parts.length === steps.length) {
        return finding.step_parts.map((parts) => (Array.isArray(parts) ? parts : [{ text: String(parts), fact: false }]));
      }
      return steps.map((step) => stepPartsFromString(step, finding.facts));
    }

    function renderFinding(finding, byId, text) {
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
      if (finding.because) card.append(el("p", "merlin-analyzer__because", finding.because));

      const facts = el("dl", "merlin-analyzer__facts");
      if (finding.component) {
        facts.append(el("dt", null, "Component"), el("dd", null, COMPONENT_LABELS[finding.component] || finding.component));
      }
      for (const [name, value] of Object.entries(finding.facts || {})) {
        if (name === "component" || value === null || value === "") continue;
        facts.append(el("dt", null, (finding.fact_labels || {})[name] || name), el("dd", null, value));
      }
      if (facts.childElementCount) card.append(facts);
      if (finding.evidence && finding.evidence.length) card.append(excerpt(finding.evidence, text));

      const steps = stepsOf(finding);
      if (steps.length) {
        const list = el("ol", "merlin-analyzer__steps");
        for (const parts of steps) list.append(renderStep(parts));
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

    function kindLabels(summary) {
      const kinds = summary.kinds || [];
      if (Array.isArray(summary.kind_labels) && summary.kind_labels.length === kinds.length) return summary.kind_labels;
      return kinds.map((kind) => KIND_LABELS[kind] || kind.replace(/-/g, " "));
    }

    function whatWasRead(summary) {
      if (summary.summary) return String(summary.summary);
      const labels = kindLabels(summary);
      return labels.length ? labels.join(", ") : KIND_LABELS.unrecognised;
    }

    function renderRecognised(summary) {
      const list = el("ul", "merlin-analyzer__recognised");
      const add = (label, values) => {
        if (!values || !values.length) return;
        const item = el("li");
        item.append(el("strong", null, `${label}: `), document.createTextNode(values.join(", ")));
        list.append(item);
      };
      add("Read", [whatWasRead(summary)]);
      add("Lines", [String(summary.lines)]);
      add("Containers", summary.containers);
      add("Events", summary.events);
      add("Conditions", summary.conditions);
      return list;
    }

    function renderLooksWrong(items, text) {
      const wrapper = el("div", "merlin-analyzer__looks-wrong");
      wrapper.append(el("p", "merlin-analyzer__subhead", "Lines that look like a failure"));
      wrapper.append(excerpt(items.map((item) => ({ line: item.line, text: item.text })), text).querySelector("pre"));
      const reasons = el("ul", "merlin-analyzer__why");
      for (const item of items.slice(0, MAX_EVIDENCE)) {
        const why = el("li");
        why.append(el("strong", null, `Line ${item.line}: `), document.createTextNode(item.why || ""));
        reasons.append(why);
      }
      wrapper.append(reasons);
      return wrapper;
    }

    function renderMissing(items) {
      const wrapper = el("div", "merlin-analyzer__missing");
      wrapper.append(el("p", "merlin-analyzer__subhead", "To settle it, paste this next"));
      const list = el("ul");
      for (const item of items) {
        const entry = el("li", null, item.text || "");
        if (item.command) {
          const pre = el("pre", "merlin-analyzer__command");
          pre.append(el("code", null, item.command));
          entry.append(pre);
        }
        list.append(entry);
      }
      wrapper.append(list);
      return wrapper;
    }

    function headingText(report) {
      const findings = report.findings || [];
      if (!findings.length) {
        return (report.input && (report.input.kinds || []).length) ? "No known error matched." : report.message;
      }
      const root = findings.find((f) => !f.explained_by) || findings[0];
      return `Found ${plural(findings.length, "known error")}; most likely cause: ${root.title}.`;
    }

    function showResult(report, ms, text) {
      exposed.lastResult = report;
      exposed.resultAt = performance.now();
      results.replaceChildren();
      const heading = el("h3", "merlin-analyzer__heading", headingText(report));
      heading.tabIndex = -1;
      results.append(heading);
      const summary = report.input || {};
      for (const note of summary.notes || []) results.append(el("p", "merlin-analyzer__note", note));
      const findings = report.findings || [];
      if (findings.length) {
        const byId = new Map(findings.map((f) => [f.id, f]));
        results.append(el("p", "merlin-analyzer__input-kind", `Read: ${whatWasRead(summary)}, ${plural(summary.lines || 0, "line")}.`));
        for (const finding of findings) results.append(renderFinding(finding, byId, text));
      } else if ((summary.kinds || []).length) {
        results.append(el("p", null, "What the analyzer recognised in your paste:"), renderRecognised(summary));
        if (Array.isArray(report.looks_wrong) && report.looks_wrong.length) results.append(renderLooksWrong(report.looks_wrong, text));
        const general = el("p");
        general.append(sectionLink(report.general_steps_url, "General troubleshooting steps"));
        results.append(general);
      }
      if (Array.isArray(report.missing) && report.missing.length) results.append(renderMissing(report.missing));
      const share = renderShare(report, text);
      if (share) results.append(share);
      if ((summary.kinds || []).length) results.append(renderReport(report, text));
      results.hidden = false;
      setState("ready", `Analysis finished in ${ms} ms.`);
      heading.focus({ preventScroll: true });
      const first = results.querySelector(".merlin-analyzer__finding") || heading;
      first.scrollIntoView({ block: "start" });
      document.dispatchEvent(new CustomEvent("merlin-analyzer:result", { detail: report }));
    }

    // ---------------------------------------------------------------- sharing

    // A status line and a manual-copy fallback, for a section's copy buttons. Clipboard
    // first; where the page may not write it (plain http, no permission), the text is shown
    // selected for Ctrl+C. ``copy`` resolves to whether the clipboard took it.
    function copier() {
      const said = el("p", "merlin-analyzer__share-status");
      said.setAttribute("aria-live", "polite"); // no role="status": the form's status line is the one
      // Not a textarea: the page's text box stays the widget's only one.
      const manual = el("pre", "merlin-analyzer__share-manual");
      manual.tabIndex = 0;
      manual.hidden = true;
      manual.setAttribute("aria-label", "Text to copy");
      async function copy(value, done) {
        manual.hidden = true;
        try {
          await copyText(value);
          said.textContent = done;
          return true;
        } catch (_error) {
          manual.textContent = value;
          manual.hidden = false;
          manual.focus();
          window.getSelection().selectAllChildren(manual);
          said.textContent = "This page may not write to the clipboard: the text is selected below the buttons, press Ctrl+C (⌘+C) to copy it.";
          return false;
        }
      }
      return { said, manual, copy };
    }

    // What was replaced, as [original, placeholder] pairs, from the engine's map in either
    // shape (a list of objects or an object keyed by placeholder or by original).
    function replacementPairs(replacements) {
      const pairs = [];
      if (Array.isArray(replacements)) {
        for (const item of replacements) {
          if (!item || typeof item !== "object") continue;
          const placeholder = item.placeholder ?? item.replacement ?? item.to;
          // The engine names what it replaced by kind and count (its values stay in the box).
          const described = item.kind ? `a ${item.kind}${item.count > 1 ? ` (${item.count} times)` : ""}` : undefined;
          const original = item.original ?? item.value ?? item.from ?? described;
          if (placeholder !== undefined && original !== undefined) pairs.push([String(original), String(placeholder)]);
        }
      } else if (replacements && typeof replacements === "object") {
        for (const [key, value] of Object.entries(replacements)) {
          pairs.push(key.startsWith("<") ? [String(value), key] : [key, String(value)]);
        }
      }
      return pairs;
    }

    function renderShare(report, text) {
      const share = report.share && typeof report.share === "object" ? report.share : null;
      const findings = report.findings || [];
      if (!share && !findings.length) return null;
      const section = el("section", "merlin-analyzer__share");
      section.setAttribute("aria-label", "Share this diagnosis");
      section.append(el("p", "merlin-analyzer__subhead", "Share this diagnosis"));
      const buttons = el("div", "merlin-analyzer__share-actions");
      const { said, manual, copy } = copier();
      function button(label, action) {
        const node = el("button", "md-button merlin-analyzer__share-button", label);
        node.type = "button";
        node.addEventListener("click", action);
        buttons.append(node);
      }

      if (share && typeof share.markdown === "string") {
        button("Copy as Markdown", () =>
          copy(share.markdown, "Copied as Markdown: findings, evidence and steps, with names, hosts and secrets replaced."),
        );
      }
      if (share && typeof share.redacted_text === "string" && typeof CompressionStream !== "undefined") {
        button("Copy link with the redacted paste", async () => {
          const link = pageLink("#paste=" + toBase64Url(await deflate(share.redacted_text)));
          const size = formatBytes(link.length);
          const warning =
            link.length > LONG_LINK
              ? ` It is ${size}: chat tools and issue trackers often cut links over 8 KB, so share the Markdown or the answer-only link instead.`
              : ` (${size}).`;
          await copy(link, `Copied a link that carries the redacted paste, compressed; it opens and analyzes offline.${warning}`);
          said.dataset.linkLength = String(link.length);
        });
      }
      if (findings.length) {
        button("Copy answer-only link", () =>
          copy(pageLink("#found=" + findings.map((f) => f.id).join(",")), "Copied a link that names the known errors only: no text from your paste is in it."),
        );
      }
      section.append(buttons);
      if (share) {
        const preview = el("details", "merlin-analyzer__share-preview");
        preview.append(el("summary", null, "Show exactly what will be shared"));
        const pairs = replacementPairs(share.replacements);
        if (pairs.length) {
          preview.append(el("p", null, `${plural(pairs.length, "value")} replaced:`));
          const table = el("table", "merlin-analyzer__replacements");
          const head = el("tr");
          head.append(el("th", null, "In your paste"), el("th", null, "Shared as"));
          table.append(head);
          for (const [original, placeholder] of pairs) {
            const row = el("tr");
            row.append(el("td", null, original), el("td", null, placeholder));
            table.append(row);
          }
          preview.append(table);
        } else preview.append(el("p", null, "Nothing needed replacing."));
        if (typeof share.markdown === "string") {
          const pre = el("pre", "merlin-analyzer__share-markdown");
          pre.append(el("code", null, share.markdown));
          preview.append(pre);
        }
        section.append(preview);
      } else if (shareWait && shareWait.report === report) {
        section.append(el("p", "merlin-analyzer__more merlin-analyzer__share-pending", "Making the redacted copy for the Markdown and link buttons…"));
      } else if (report.shareError) {
        section.append(
          el("p", "merlin-analyzer__more", `The redacted copy could not be made (${report.shareError}); the answer-only link holds no pasted text.`),
        );
      } else {
        section.append(
          el(
            "p",
            "merlin-analyzer__more",
            text.length > SHARE_LIMIT
              ? `A redacted copy is made for pastes up to ${formatBytes(SHARE_LIMIT)}; the answer-only link holds no pasted text.`
              : "This version of the analyzer makes no redacted copy of the paste; the answer-only link holds no pasted text.",
          ),
        );
      }
      section.append(manual, said);
      return section;
    }

    // ---------------------------------------------------------------- "Wrong or missing answer?"

    // The lines the analyzer pointed at (evidence, then what looks wrong), numbered, for a
    // report on a paste too big for a redacted copy: at most MAX_REPORT_LINES of them.
    function pointedLines(report) {
      const seen = new Map();
      const add = (item) => {
        if (item && Number.isInteger(item.line) && typeof item.text === "string" && !seen.has(item.line)) seen.set(item.line, item.text);
      };
      for (const finding of report.findings || []) (finding.evidence || []).forEach(add);
      (Array.isArray(report.looks_wrong) ? report.looks_wrong : []).forEach(add);
      return [...seen.entries()].sort((a, b) => a[0] - b[0]).slice(0, MAX_REPORT_LINES);
    }

    // What stands for the paste in the report: the engine's redacted copy, or, when there is
    // none (too big, older engine), the evidence lines redacted by the engine now.
    async function pasteForReport(report, text) {
      if (shareArrivals.has(report)) await shareArrivals.get(report);
      const share = report.share && typeof report.share === "object" ? report.share : null;
      if (share && typeof share.redacted_text === "string") {
        const count = replacementPairs(share.replacements).length;
        return {
          heading: "### The paste, redacted",
          note: `Names, hosts, IP addresses, bucket paths, emails and secrets were replaced by placeholders before this report was made (${plural(count, "value")} replaced).`,
          text: share.redacted_text,
        };
      }
      const why = text.length > SHARE_LIMIT
        ? `The paste (${formatBytes(measure(text).bytes)}) is too big to include`
        : "This version of the analyzer makes no redacted copy of the paste";
      const picked = pointedLines(report);
      if (!picked.length) return { heading: "### The paste", note: `${why}, and the analyzer pointed at no line of it, so none of it is included.`, text: null };
      try {
        const redacted = (await redactWithEngine(picked.map(([, line]) => line).join("\n"))).split(/\r\n|\r|\n/);
        const numbered = redacted.length === picked.length ? redacted.map((line, i) => `line ${picked[i][0]}: ${line}`) : redacted;
        return {
          heading: "### Evidence lines, redacted",
          note: `${why}: only the ${plural(picked.length, "line")} the analyzer pointed at are here, with names, hosts, IP addresses, bucket paths, emails and secrets replaced by placeholders.`,
          text: numbered.join("\n"),
        };
      } catch (error) {
        return { heading: "### The paste", note: `${why}, and its evidence lines could not be redacted here (${errorText(error)}), so none of it is included.`, text: null };
      }
    }

    let reportForms = 0;

    function renderReport(report, text) {
      reportForms += 1;
      const prefix = `merlin-analyzer-report-${reportForms}`;
      const template = issueTemplate(root.dataset.reportUrl);
      const section = el("section", "merlin-analyzer__report");
      section.setAttribute("aria-label", "Report a wrong or missing answer");
      const toggle = el("button", "md-button merlin-analyzer__report-toggle", "Wrong or missing answer?");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", `${prefix}-form`);
      const panel = el("div", "merlin-analyzer__report-form");
      panel.id = `${prefix}-form`;
      panel.hidden = true;
      panel.setAttribute("role", "group");
      panel.setAttribute("aria-labelledby", `${prefix}-intro`);
      const intro = el(
        "p",
        "merlin-analyzer__report-intro",
        "Tell this site's maintainers what the real cause was. The report is made here, in your browser, from the redacted paste; nothing is sent: you copy it" +
          (template ? " or open an issue with it yourself." : " and file it yourself."),
      );
      intro.id = `${prefix}-intro`;

      const select = el("select", "merlin-analyzer__report-cause");
      select.id = `${prefix}-cause`;
      const causeLabel = el("label", "merlin-analyzer__report-label", "What was the real cause?");
      causeLabel.htmlFor = select.id;
      const detail = el("input", "merlin-analyzer__report-detail");
      detail.type = "text";
      detail.id = `${prefix}-detail`;
      detail.maxLength = 500;
      detail.autocomplete = "off";
      const detailLabel = el("label", "merlin-analyzer__report-label", "In your own words (optional; needed for “Something else”)");
      detailLabel.htmlFor = detail.id;
      const previewLabel = el("p", "merlin-analyzer__subhead", "The report, exactly as it will be shared");
      previewLabel.id = `${prefix}-preview-label`;
      const preview = el("pre", "merlin-analyzer__report-preview");
      preview.tabIndex = 0; // it scrolls: keyboard users reach it
      preview.setAttribute("role", "region");
      preview.setAttribute("aria-labelledby", previewLabel.id);
      const previewCode = el("code", null, "Preparing the report…");
      preview.append(previewCode);
      const actions = el("div", "merlin-analyzer__share-actions");
      const { said, manual, copy } = copier();
      const copyButton = el("button", "md-button merlin-analyzer__report-copy", "Copy report");
      copyButton.type = "button";
      actions.append(copyButton);
      let issueButton = null;
      if (template) {
        issueButton = el("button", "md-button merlin-analyzer__report-issue", "Open an issue");
        issueButton.type = "button";
        actions.append(issueButton);
      }
      const causeField = el("div", "merlin-analyzer__report-field");
      causeField.append(causeLabel, select);
      const detailField = el("div", "merlin-analyzer__report-field");
      detailField.append(detailLabel, detail);
      panel.append(intro, causeField, detailField, previewLabel, preview, actions, manual, said);
      section.append(toggle, panel);

      let catalog = null;
      let paste = null;
      let current = null; // {title, body} shown in the preview
      let prepared = null;

      function answer() {
        return { id: select.value, text: detail.value.trim() };
      }
      function refresh() {
        if (!paste) return;
        current = issueReport({ report, answer: answer(), catalog, paste, runtime: runtimeInfo, pageUrl: pageLink("") });
        previewCode.textContent = current.body;
        section.dataset.reportLength = String(current.body.length);
      }
      function fillCauses() {
        select.replaceChildren(el("option", null, "Choose the real cause…"));
        select.firstChild.value = "";
        for (const group of causeGroups(catalog)) {
          const optgroup = el("optgroup");
          optgroup.label = group.label;
          for (const entry of group.entries) {
            const option = el("option", null, entry.title);
            option.value = entry.id;
            optgroup.append(option);
          }
          select.append(optgroup);
        }
        const other = el("option", null, "Something else");
        other.value = OTHER_CAUSE;
        select.append(other);
      }
      function prepare() {
        if (!prepared) {
          prepared = Promise.all([
            loadCatalog().catch((error) => {
              said.textContent = `The list of known errors did not load (${errorText(error)}): choose “Something else” and say what it was.`;
              return null;
            }),
            pasteForReport(report, text),
          ]).then(([loaded, block]) => {
            catalog = loaded;
            paste = block;
            fillCauses();
            refresh();
          });
        }
        return prepared;
      }

      function setOpen(open) {
        panel.hidden = !open;
        toggle.setAttribute("aria-expanded", String(open));
        if (open) prepare().then(() => select.focus());
      }
      toggle.addEventListener("click", () => setOpen(panel.hidden));
      panel.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          setOpen(false);
          toggle.focus();
        }
      });
      select.addEventListener("change", refresh);
      let typing = null;
      detail.addEventListener("input", () => {
        clearTimeout(typing);
        typing = setTimeout(refresh, 120);
      });

      copyButton.addEventListener("click", async () => {
        await prepare();
        refresh();
        await copy(current.body, "Copied the report: paste it into an issue or a message to this site's maintainers.");
      });
      if (issueButton) {
        issueButton.addEventListener("click", async () => {
          await prepare();
          refresh();
          const { title, body } = current;
          let url = fillTemplate(template, title, body);
          if (url.length > ISSUE_URL_LIMIT) {
            // Too long for a link: the full report goes to the clipboard, the issue gets a pointer.
            const copied = await copy(body, "The report is too long for a link, so it was copied: paste it into the issue that just opened.");
            const stand = copied
              ? "The full report was too long for a link, so the analyzer copied it to the clipboard: paste it here."
              : "The full report was too long for a link: copy it from the analyzer page (it is selected there) and paste it here.";
            url = fillTemplate(template, title, stand);
            section.dataset.issueShortened = "true";
          } else {
            said.textContent = "Opened a new issue in another tab with the report filled in; check it there before you submit it.";
          }
          section.dataset.issueLinkLength = String(url.length);
          window.open(url, "_blank", "noopener");
        });
      }
      return section;
    }

    // This site's catalog.json (titles, stages, steps, versions), fetched once: it holds no
    // pasted text, and the request carries none.
    let catalogRequest = null;
    function loadCatalog() {
      if (!catalogRequest) {
        catalogRequest = fetch(new URL("catalog.json", siteRoot).href)
          .then((response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            return response.json();
          })
          .catch((error) => {
            catalogRequest = null; // a later attempt may work
            throw error;
          });
      }
      return catalogRequest;
    }

    // Catalog step text for a #found= link: no facts to fill in, so each {fact|fallback}
    // placeholder reads as its fallback.
    function catalogStep(step) {
      return String(step)
        .replace(/\{[a-z_]{1,40}\|([^{}]{0,300})\}/g, "$1")
        .replace(/\{[a-z_]{1,40}\}/g, "…");
    }

    async function showFound(ids) {
      if (!ids.length) {
        status.textContent = "The link's #found= part names no known error, so there is nothing to show. Paste the error into the text box instead.";
        return;
      }
      status.textContent = "Loading the shared answer…";
      let catalog;
      try {
        catalog = await loadCatalog();
      } catch (error) {
        status.textContent = `The shared answer cannot be shown: this site's catalog.json did not load (${errorText(error)}).`;
        return;
      }
      const byId = new Map((Array.isArray(catalog.errors) ? catalog.errors : []).map((entry) => [entry.id, entry]));
      const known = ids.filter((id) => byId.has(id));
      const unknown = ids.filter((id) => !byId.has(id));
      results.replaceChildren();
      const heading = el(
        "h3",
        "merlin-analyzer__heading",
        known.length ? `Shared answer: ${plural(known.length, "known error")}` : "The shared link names no known error of this site.",
      );
      heading.tabIndex = -1;
      results.append(heading, el("p", "merlin-analyzer__input-kind", "Someone shared what the analyzer found for them; the link holds no pasted text. To analyze your own, paste it into the text box."));
      for (const id of known) {
        const entry = byId.get(id);
        const card = el("article", "merlin-analyzer__finding merlin-analyzer__finding--shared");
        card.dataset.id = id;
        card.id = `merlin-finding-${id}`;
        card.append(el("h4", "merlin-analyzer__title", entry.title), el("p", "merlin-analyzer__summary", entry.summary || ""));
        if (Array.isArray(entry.steps) && entry.steps.length) {
          const list = el("ol", "merlin-analyzer__steps");
          for (const step of entry.steps) list.append(withInlineCode(el("li"), catalogStep(step)));
          card.append(el("p", "merlin-analyzer__subhead", "How to fix it"), list);
        }
        const more = el("p", "merlin-analyzer__link");
        more.append(sectionLink(entry.url, `Read more: ${entry.title}`));
        card.append(more);
        results.append(card);
      }
      if (unknown.length) {
        results.append(el("p", "merlin-analyzer__note", `Not in this site's catalog${catalog.version ? ` (version ${catalog.version})` : ""}: ${unknown.join(", ")}.`));
      }
      results.hidden = false;
      exposed.shared = { ids: known, unknown };
      status.textContent = "Showing a shared answer; nothing was analyzed.";
      heading.focus({ preventScroll: true });
      (results.querySelector(".merlin-analyzer__finding") || heading).scrollIntoView({ block: "start" });
      document.dispatchEvent(new CustomEvent("merlin-analyzer:found", { detail: exposed.shared }));
    }

    // ---------------------------------------------------------------- wiring

    input.addEventListener("focus", boot, { once: true });
    input.addEventListener("paste", (event) => {
      boot();
      const data = event.clipboardData;
      const text = data ? data.getData("text/plain") : "";
      if (text.length > TEXTAREA_LIMIT) {
        event.preventDefault(); // inserting it would freeze the page for seconds
        useText(text, "the pasted text");
      } else if (exposed.state === "analyzing") {
        // The paste lands in the box first; then it replaces the running analysis.
        setTimeout(() => analyze(), 0);
      }
    });
    input.addEventListener("input", () => {
      if (heldText !== null && input.value !== "") release();
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
    cancel.addEventListener("click", cancelAnalysis);
    fileInput.addEventListener("change", () => {
      useFile(fileInput.files && fileInput.files[0]);
      fileInput.value = "";
    });

    // Drops on the zone or the box: files are read here; big text never enters the box.
    function onDrop(event, always) {
      const data = event.dataTransfer;
      const files = data && data.files;
      if (files && files.length) {
        event.preventDefault();
        useFile(files[0]);
        return;
      }
      const text = data ? data.getData("text/plain") : "";
      if (always || text.length > TEXTAREA_LIMIT) {
        event.preventDefault();
        if (text) useText(text, "the dropped text");
      } else if (text) {
        release(); // the box's own drop inserts it; the held text is no longer what counts
      }
    }
    for (const name of ["dragenter", "dragover"]) {
      dropZone.addEventListener(name, (event) => {
        event.preventDefault();
        dropZone.classList.add("merlin-analyzer__drop--active");
      });
    }
    dropZone.addEventListener("dragleave", () => dropZone.classList.remove("merlin-analyzer__drop--active"));
    dropZone.addEventListener("drop", (event) => {
      dropZone.classList.remove("merlin-analyzer__drop--active");
      onDrop(event, true);
    });
    input.addEventListener("drop", (event) => onDrop(event, false));

    // A link from the Merlin UI or a shared one: #paste= fills the box and analyzes once
    // ready; #found= shows the named known errors from catalog.json, with no analysis.
    const found = foundFromHash();
    if (found !== null) showFound(found);
    else {
      pasteFromHash().then((linked) => {
        if (linked && linked.error) status.textContent = linked.error;
        else if (linked) useText(linked.text, "the linked text");
      });
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
