// `raadsbrief bekijk` in headless Chromium, as a user sees it: the page loads, the
// Blaricum letter is visible in its frame, and a mistake saved into the region file
// appears as a finding without anyone reloading the page (the page's own script does).
//
// Usage: node preview_check.cjs NODE_MODULES CHROMIUM RAADSBRIEF REGION.yaml
//
// REGION.yaml is changed in place: give a copy. Before the save the page must show no
// such finding, so the check can fail. Prints ok/FAIL lines, exits non-zero on failure.
"use strict";

const fs = require("fs");
const chromiumRun = require("./chromium.cjs");
const { spawn } = require("child_process");

const DEADLINE_MS = 120000;
const UPDATE_MS = 10000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function startServer(bin, region) {
  const child = spawn(bin, ["bekijk", region, "--niet-openen"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve(m[0]);
    });
    child.on("exit", (code) => reject(new Error(`raadsbrief bekijk ended with ${code} before printing its address`)));
  });
  return { child, url };
}

// The text of a selector, or "" while the page is between two documents.
async function textOf(page, selector) {
  try {
    return await page.$eval(selector, (el) => el.textContent);
  } catch (err) {
    return "";
  }
}

async function main(argv) {
  const [modules, chromium, bin, region] = argv;
  if (!modules || !chromium || !bin || !region) {
    console.error("usage: node preview_check.cjs NODE_MODULES CHROMIUM RAADSBRIEF REGION.yaml");
    return 2;
  }
  const server = startServer(bin, region);
  let chrome;
  let failed = 0;
  const fail = (text) => {
    failed++;
    console.log(`FAIL bekijk: ${text}`);
  };
  try {
    const url = await server.url;
    chrome = await chromiumRun.launch(modules, chromium, "preview");
    const page = await chrome.browser.newPage();
    await page.setViewport({ width: 1200, height: 1400 });
    await page.goto(url, { waitUntil: "load" });
    const title = await page.title();
    if (!title.includes("Regio Gooi en Vechtstreek")) fail(`the page's title is ${JSON.stringify(title)}`);
    const frameHandle = await page.$("iframe#voorbeeld");
    const box = frameHandle && (await frameHandle.boundingBox());
    const frame = frameHandle && (await frameHandle.contentFrame());
    const letter = frame ? await frame.evaluate(() => document.body.innerText) : "";
    if (!box || box.height < 300 || box.width < 300) fail("the document frame is missing or too small to read");
    else if (!letter.includes("Blaricum") || !letter.includes("G.C. Knoop")) fail("the frame does not show the Blaricum letter");
    else console.log(`ok   bekijk: ${url} shows the Blaricum letter in a ${Math.round(box.width)}×${Math.round(box.height)} frame`);

    if ((await textOf(page, "#bevindingen")).includes("portefeuilehouder")) {
      fail("the finding is there before the mistake was saved, so this check cannot fail");
    }
    const text = fs.readFileSync(region, "utf8");
    const broken = text.replace("portefeuillehouder: G.C. Knoop", "portefeuilehouder: G.C. Knoop");
    if (broken === text) throw new Error("the region has no `portefeuillehouder: G.C. Knoop` to break");
    fs.writeFileSync(region + ".tmp", broken);
    fs.renameSync(region + ".tmp", region);
    const saved = Date.now();
    let shown = false;
    while (Date.now() - saved < UPDATE_MS) {
      const findings = await textOf(page, "#bevindingen");
      if (findings.includes("unknown-field") && findings.includes("portefeuilehouder")) {
        shown = true;
        break;
      }
      await sleep(100);
    }
    if (!shown) fail(`the saved mistake did not appear as a finding within ${UPDATE_MS / 1000} s`);
    else if (await page.$("iframe#voorbeeld")) fail("the page still shows a document next to the finding");
    else console.log(`ok   bekijk: the saved mistake appeared as a finding after ${Date.now() - saved} ms, no stale document`);
  } catch (err) {
    fail(err.message);
  } finally {
    if (chrome) await chrome.close();
    const exited = new Promise((resolve) => server.child.on("exit", (code) => resolve(code)));
    server.child.kill("SIGINT");
    const code = await Promise.race([exited, sleep(5000).then(() => "no exit")]);
    if (code !== 0) {
      fail(`after Ctrl+C (SIGINT) the server ended with ${code}, not 0`);
      server.child.kill("SIGKILL");
    } else {
      console.log("ok   bekijk: stopped with exit 0 on Ctrl+C");
    }
  }
  return failed ? 1 : 0;
}

chromiumRun.run("bekijk", DEADLINE_MS, main);
