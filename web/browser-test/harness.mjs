// What the browser tests share (page.test.mjs, quickapp.test.mjs): a free port, the checks and
// their summary line, waiting for a condition, and Debian's headless Chromium.
import net from "node:net";
import { chromium } from "playwright-core";

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** [name, passed] of every check run in this process, in order. */
export const results = [];

/** Runs one named check; prints "ok   name" or "FAIL name: first line of the error". */
export async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log("ok   " + name);
  } catch (e) {
    results.push([name, false]);
    console.log("FAIL " + name + ": " + (e && e.message ? e.message.split("\n")[0] : e));
  }
}

/** Prints "<label>: N passed, M failed". */
export function summary(label) {
  const passed = results.filter(([, ok]) => ok).length;
  console.log(`${label}: ${passed} passed, ${results.length - passed} failed`);
}

/** Resolves once fn() is truthy (polled every 100 ms); rejects after ms milliseconds. */
export async function until(what, fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting for " + what);
}

/** Debian's headless Chromium ($CHROMIUM, else /usr/bin/chromium), quiet and without a sandbox. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
