// Run Lighthouse (pinned in package.json) on a list of URLs, phone and desktop, with one
// Chromium for all runs, and print one JSON line per run: scores per category and the
// audits that lost points. Used by tests/browser/test_accessibility.py (accessibility,
// best practices, SEO: gating) and benchmarks/bench_lighthouse.py (all four: figures).
//
// Usage: node scripts/lighthouse.mjs '{"chrome": "/usr/lib/chromium/chromium",
//          "urls": ["http://127.0.0.1:8000/"], "categories": ["accessibility"],
//          "formFactors": ["mobile", "desktop"], "settings": {"pauseAfterLoadMs": 250}}'
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

const request = JSON.parse(process.argv[2] || "{}");
const urls = request.urls || [];
const categories = request.categories || ["performance", "accessibility", "best-practices", "seo"];
const formFactors = request.formFactors || ["mobile", "desktop"];

function pageDetails(lhr) {
  const items = (id) => (lhr.audits[id] && lhr.audits[id].details && lhr.audits[id].details.items) || [];
  const ms = (value) => Math.round(value || 0);
  return {
    bootup: items("bootup-time").map((i) => ({ url: i.url, total: ms(i.total), scripting: ms(i.scripting), parse: ms(i.scriptParseCompile) })),
    mainthread: items("mainthread-work-breakdown").map((i) => ({ group: i.groupLabel || i.group, ms: ms(i.duration) })),
    longTasks: items("long-tasks").map((i) => ({ url: i.url, start: ms(i.startTime), ms: ms(i.duration) })),
    renderBlocking: items("render-blocking-resources").map((i) => ({ url: i.url, wastedMs: ms(i.wastedMs) })),
    lcpElement: items("largest-contentful-paint-element").map((i) => (i.items || []).map((j) => j.node && j.node.snippet)).flat().filter(Boolean).slice(0, 2),
    domSize: lhr.audits["dom-size"] ? lhr.audits["dom-size"].numericValue : null,
    bytes: lhr.audits["total-byte-weight"] ? lhr.audits["total-byte-weight"].numericValue : null,
  };
}

const chrome = await chromeLauncher.launch({
  chromePath: request.chrome,
  chromeFlags: [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
  ],
  logLevel: "silent",
});
let failed = false;
try {
  for (const formFactor of formFactors) {
    for (const url of urls) {
      const flags = { port: chrome.port, output: "json", logLevel: "error" };
      const started = Date.now();
      // request.settings: e.g. shorter quiet windows for the accessibility gate, which
      // needs the loaded page, not a performance trace.
      const base = formFactor === "desktop" ? desktopConfig.settings : {};
      const config = {
        extends: "lighthouse:default",
        settings: { ...base, onlyCategories: categories, ...(request.settings || {}) },
      };
      const runner = await lighthouse(url, flags, config);
      const lhr = runner.lhr;
      const scores = {};
      const lost = {};
      for (const [id, category] of Object.entries(lhr.categories)) {
        scores[id] = category.score === null ? null : Math.round(category.score * 100);
        lost[id] = category.auditRefs
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((audit) => audit.score !== null && audit.score < 1)
          .map((audit) => `${audit.id} (${audit.displayValue || audit.score})`);
      }
      const metrics = {};
      for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
        "cumulative-layout-shift", "speed-index"]) {
        if (lhr.audits[id]) metrics[id] = lhr.audits[id].displayValue;
      }
      // request.details: where the main-thread time went (for finding what to make
      // smaller or later): per-script bootup, work by category, long tasks, blocking resources.
      const details = request.details ? pageDetails(lhr) : undefined;
      const runtimeError = lhr.runtimeError ? lhr.runtimeError.message : null;
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(JSON.stringify({ url, formFactor, scores, lost, metrics, runtimeError, seconds, details }) + "\n");
    }
  }
} catch (error) {
  process.stderr.write(`lighthouse: ${error && error.stack ? error.stack : error}\n`);
  failed = true;
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
