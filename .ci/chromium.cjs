// What the two Chromium checks share: a headless browser in a profile of its own that
// is removed afterwards, and a deadline so a stuck browser fails CI instead of hanging it.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");

// Headless Chromium without the sandbox (CI containers have none), GPU, sync or network
// chatter, in a fresh profile. `close()` ends the browser and removes the profile.
async function launch(modules, chromium, prefix) {
  const puppeteer = require(path.resolve(modules, "puppeteer-core"));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-profile-`));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: profile,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const close = async () => {
    try {
      await browser.close();
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  };
  return { browser, close };
}

// Runs `main(argv)` and exits with its code; a throw or the deadline is a FAIL line
// under `label`.
function run(label, deadlineMs, main) {
  const timer = setTimeout(() => {
    console.log(`FAIL ${label}: no result within ${deadlineMs / 1000} s`);
    process.exit(1);
  }, deadlineMs);
  main(process.argv.slice(2)).then(
    (code) => {
      clearTimeout(timer);
      process.exit(code);
    },
    (err) => {
      console.log(`FAIL ${label}: ${err.message}`);
      process.exit(1);
    },
  );
}

module.exports = { launch, run };
