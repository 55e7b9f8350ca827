// axe-core's WCAG 2.1 A and AA rules in headless Chromium on each HTML file given.
//
// Usage: node axe_check.cjs NODE_MODULES CHROMIUM [--expect-violations] FILE.html...
//
// axe is injected through the DevTools protocol (Runtime.evaluate), not a <script>
// tag, so a page's Content-Security-Policy cannot keep it out; the script checks that
// axe really ran. With --expect-violations every file must have at least one
// violation: the conformance script's negative control that the check can fail.
// Prints one ok/FAIL line per file and exits non-zero on any failure.
"use strict";

const fs = require("fs");
const path = require("path");
const chromiumRun = require("./chromium.cjs");

// A healthy run of all sample pages takes seconds; a stuck browser fails CI instead of
// hanging it.
const DEADLINE_MS = 180000;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function main(argv) {
  const [modules, chromium, ...rest] = argv;
  const expectViolations = rest[0] === "--expect-violations";
  const files = expectViolations ? rest.slice(1) : rest;
  if (!modules || !chromium || files.length === 0) {
    console.error("usage: node axe_check.cjs NODE_MODULES CHROMIUM [--expect-violations] FILE.html...");
    return 2;
  }
  const axeSource = fs.readFileSync(path.resolve(modules, "axe-core", "axe.min.js"), "utf8");
  const { browser, close } = await chromiumRun.launch(modules, chromium, "axe");
  let failed = 0;
  try {
    for (const file of files) {
      const name = path.relative(process.cwd(), file);
      const page = await browser.newPage();
      try {
        await page.goto("file://" + path.resolve(file), { waitUntil: "load" });
        await page.evaluate(axeSource);
        const loaded = await page.evaluate(() => typeof window.axe === "object" && typeof window.axe.run === "function");
        if (!loaded) {
          failed++;
          console.log(`FAIL axe: could not load axe-core into ${name}`);
          continue;
        }
        const result = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
          TAGS,
        );
        const count = result.violations.reduce((n, v) => n + v.nodes.length, 0);
        const review = result.incomplete.map((r) => r.id);
        const note = review.length ? `; to review by hand: ${review.join(", ")}` : "";
        if (expectViolations) {
          if (count > 0) {
            const ids = result.violations.map((v) => v.id).join(", ");
            console.log(`ok   axe: the broken control ${name} has ${count} violation(s) (${ids})`);
          } else {
            failed++;
            console.log(`FAIL axe: the broken control ${name} has no violations, so the check cannot fail`);
          }
        } else if (count > 0) {
          failed++;
          console.log(`FAIL axe: ${name}: ${count} WCAG 2.1 A/AA violation(s)`);
          for (const v of result.violations) {
            for (const node of v.nodes) {
              console.log(`     ${v.id} (${v.impact}): ${v.help} at ${node.target.join(" ")}`);
              console.log(`       ${node.failureSummary.replace(/\n/g, " ")}`);
            }
          }
        } else {
          console.log(`ok   axe: ${name}: 0 WCAG 2.1 A/AA violations, ${result.passes.length} rules passed${note}`);
        }
      } catch (err) {
        failed++;
        console.log(`FAIL axe: ${name}: ${err.message}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await close();
  }
  return failed ? 1 : 0;
}

chromiumRun.run("axe", DEADLINE_MS, main);
