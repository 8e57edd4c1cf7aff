// Drives the web REPL page (SPEC §6) in Debian's headless Chromium with playwright-core, as a
// user would: starts the real jar with the REST API on a free port, opens the page, types Lua
// code, runs it with Ctrl-Enter, and checks the result, the live print stream fed by a
// setInterval over WS /ws, and the status panel. Saves a screenshot to out/page.png.
//   node page.test.mjs <path to jeplua.jar> <java executable>
// Prints one line per check and "browser: N passed, M failed"; exits non-zero on a failure.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const [jar, java = "java"] = process.argv.slice(2);
if (!jar) {
  console.error("usage: node page.test.mjs <jeplua.jar> [java]");
  process.exit(2);
}
const outDir = path.join(here, "out");
mkdirSync(outDir, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(base + "/health");
      if (r.ok) return;
    } catch (e) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("engine did not answer /health within " + deadlineMs + " ms");
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log("ok   " + name);
  } catch (e) {
    results.push([name, false]);
    console.log("FAIL " + name + ": " + (e && e.message ? e.message.split("\n")[0] : e));
  }
}

const port = await freePort();
const base = "http://127.0.0.1:" + port;
// --run-for -120: the engine stays up at most 2 minutes even if this script dies.
const engine = spawn(java, [
  "-Djdk.virtualThreadScheduler.parallelism=1", "-jar", jar,
  "--no-telnet", "--api-port", String(port), "--run-for", "-120", "-e", "return",
], { stdio: ["ignore", "pipe", "inherit"] });
let engineStdout = "";
engine.stdout.on("data", (d) => { engineStdout += d; });

let browser;
let exitCode = 1;
try {
  await waitForHealth(base, 30000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const failedRequests = [];
  page.on("requestfailed", (r) => failedRequests.push(r.url()));
  await page.goto(base + "/", { waitUntil: "load" });

  await check("the page loads and its output stream connects", async () => {
    await page.waitForSelector("#ws-state:text('live')", { timeout: 10000 });
  });

  await check("typed code runs with Ctrl-Enter and shows its result and output", async () => {
    await page.fill("#code", "print('hello from the page')\nreturn 6 * 7, session.kind");
    await page.focus("#code");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("#result .ok", { timeout: 10000 });
    const values = await page.textContent("#result-values pre");
    if (!values.includes("42") || !values.includes('"web"')) throw new Error("results were: " + values);
    const output = await page.textContent("#result pre.output");
    if (output !== "hello from the page\n") throw new Error("output was: " + JSON.stringify(output));
  });

  await check("print from a setInterval arrives live over WS /ws", async () => {
    await page.fill("#code",
      "local n = 0\nlocal id\nid = setInterval(function()\n  n = n + 1\n  print('tick ' .. n)\n" +
      "  if n == 3 then clearInterval(id) end\nend, 150)\nreturn 'started'");
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("live").textContent.includes("tick 3"), null, { timeout: 10000 });
  });

  await check("a Lua error is shown with its message", async () => {
    await page.fill("#code", "error('boom')");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("#result pre.error", { timeout: 10000 });
    const text = await page.textContent("#result pre.error");
    if (!text.includes("boom")) throw new Error("error text was: " + text);
    // leave a successful run on screen for the screenshot
    await page.fill("#code", "print('hello from the page')\nreturn 6 * 7, session.kind");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("#result .ok", { timeout: 10000 });
  });

  await check("Ctrl-Up recalls the previous runs", async () => {
    await page.fill("#code", "");
    await page.focus("#code");
    await page.keyboard.press("Control+ArrowUp");
    const last = await page.inputValue("#code");
    if (!last.includes("hello from the page")) throw new Error("recalled: " + last);
    await page.keyboard.press("Control+ArrowUp");
    const before = await page.inputValue("#code");
    if (!before.includes("error('boom')")) throw new Error("recalled second: " + before);
    await page.keyboard.press("Control+ArrowDown");
    await page.keyboard.press("Control+ArrowDown");
    if ((await page.inputValue("#code")) !== "") throw new Error("Ctrl-Down past the newest should clear");
    await page.fill("#code", "print('hello from the page')\nreturn 6 * 7, session.kind");
  });

  await check("the status panel refreshes from /status", async () => {
    await page.waitForFunction(() => {
      const t = document.getElementById("status").textContent;
      return t.includes("executions") && /web clients\s*1/.test(t);
    }, null, { timeout: 10000 });
  });

  await check("the page made no request outside the engine (no CDN)", async () => {
    const outside = failedRequests.filter((u) => !u.startsWith(base));
    if (outside.length) throw new Error("requests failed: " + outside.join(", "));
  });

  const shot = path.join(outDir, "page.png");
  await page.screenshot({ path: shot, fullPage: true });
  console.log("screenshot: " + shot);

  await check("with --api-token the page asks for the token and then runs code", async () => {
    const tokenPort = await freePort();
    const tokenBase = "http://127.0.0.1:" + tokenPort;
    const guarded = spawn(java, [
      "-Djdk.virtualThreadScheduler.parallelism=1", "-jar", jar,
      "--no-telnet", "--api-port", String(tokenPort), "--api-token", "s3cret", "--run-for", "-60", "-e", "return",
    ], { stdio: ["ignore", "ignore", "inherit"] });
    try {
      const end = Date.now() + 30000;
      for (;;) {
        try {
          if ((await fetch(tokenBase + "/health")).status === 401) break;
        } catch (e) {
          // not listening yet
        }
        if (Date.now() > end) throw new Error("guarded engine did not start");
        await new Promise((r) => setTimeout(r, 100));
      }
      const p2 = await browser.newPage();
      await p2.goto(tokenBase + "/", { waitUntil: "load" });
      await p2.waitForSelector("#token-box.show", { timeout: 10000 });
      await p2.fill("#token", "s3cret");
      await p2.click("#token-save");
      await p2.waitForSelector("#ws-state:text('live')", { timeout: 10000 });
      await p2.fill("#code", "return 'let in'");
      await p2.keyboard.press("Control+Enter");
      await p2.waitForSelector("#result .ok", { timeout: 10000 });
      const values = await p2.textContent("#result-values pre");
      if (!values.includes("let in")) throw new Error("results were: " + values);
      await p2.close();
    } finally {
      guarded.kill("SIGTERM");
    }
  });
  exitCode = results.every(([, ok]) => ok) ? 0 : 1;
} catch (e) {
  console.log("FAIL browser test setup: " + (e && e.stack ? e.stack : e));
  results.push(["setup", false]);
} finally {
  if (browser) await browser.close().catch(() => {});
  engine.kill("SIGTERM");
}
const passed = results.filter(([, ok]) => ok).length;
console.log(`browser: ${passed} passed, ${results.length - passed} failed`);
process.exit(exitCode);
