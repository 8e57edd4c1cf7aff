// Drives the web REPL page (SPEC §6) in Debian's headless Chromium with playwright-core, as a
// user would: starts the real jar with the REST API on a free port, opens the page, types Lua
// code, runs it with Ctrl-Enter, and checks the result, the live print stream fed by a
// setInterval over WS /ws, and the status panel. Saves a screenshot to out/page.png.
//   node page.test.mjs <path to jeplua.jar> <java executable>
// Prints one line per check and "browser: N passed, M failed"; exits non-zero on a failure.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { check, freePort, launchChromium, results, summary } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const [jar, java = "java"] = process.argv.slice(2);
if (!jar) {
  console.error("usage: node page.test.mjs <jeplua.jar> [java]");
  process.exit(2);
}
const outDir = path.join(here, "out");
mkdirSync(outDir, { recursive: true });

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

const port = await freePort();
const telnetPort = await freePort();
const base = "http://127.0.0.1:" + port;
// --run-for -120: the engine stays up at most 2 minutes even if this script dies.
const engine = spawn(java, [
  "-Djdk.virtualThreadScheduler.parallelism=1", "-jar", jar,
  "--telnet-port", String(telnetPort), "--api-port", String(port), "--run-for", "-120", "-e", "return",
], { stdio: ["ignore", "pipe", "inherit"] });
let engineStdout = "";
engine.stdout.on("data", (d) => { engineStdout += d; });

let browser;
let exitCode = 1;
try {
  await waitForHealth(base, 30000);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const failedRequests = [];
  page.on("requestfailed", (r) => failedRequests.push(r.url()));
  // Content-Security-Policy violations, as the console reports them and as the page sees them
  const cspViolations = [];
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  page.on("pageerror", (e) => cspViolations.push("page error: " + e.message));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
  });
  const pageResponse = await page.goto(base + "/", { waitUntil: "load" });

  await check("the page is served with a strict Content-Security-Policy", async () => {
    const csp = pageResponse.headers()["content-security-policy"] || "";
    if (!csp.includes("script-src 'self'") || !csp.includes("connect-src 'self'") || csp.includes("unsafe-inline")) {
      throw new Error("CSP was: " + csp);
    }
    if (pageResponse.headers()["x-frame-options"] !== "DENY") throw new Error("no X-Frame-Options: DENY");
  });

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

  const timerRow = (id) => "#inspector table.inspect-timers tr[data-id='" + id + "']";
  const startTimer = async (code) => {
    const r = await fetch(base + "/execute", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code }) });
    const b = await r.json();
    if (!b.success) throw new Error("execute failed: " + JSON.stringify(b));
    return String(b.result);
  };

  await check("the inspector tab shows a timer with where it was created, and drops it once it fired", async () => {
    await page.click("#tab-inspector");
    await page.waitForSelector("#inspector h3", { timeout: 10000 });
    const id = await startTimer("return setTimeout(function() print('inspected timer fired') end, 1500)");
    await page.waitForSelector(timerRow(id), { timeout: 5000 });
    const site = await page.textContent(timerRow(id) + " td.col-created_at");
    if (site !== "rest:1") throw new Error("created at: " + site);
    const kind = await page.textContent(timerRow(id) + " td.col-kind");
    if (kind !== "timeout") throw new Error("kind: " + kind);
    await page.waitForSelector(timerRow(id), { state: "detached", timeout: 10000 });
  });

  await check("an interval cancelled from the inspector tab disappears and is really cleared", async () => {
    const id = await startTimer("return setInterval(function() end, 60000)");
    await page.waitForSelector(timerRow(id) + " button.close-row", { timeout: 5000 });
    const period = await page.textContent(timerRow(id) + " td.col-period_ms");
    if (period !== "60000") throw new Error("period: " + period);
    await page.click(timerRow(id) + " button.close-row");
    await page.waitForSelector(timerRow(id), { state: "detached", timeout: 5000 });
    const status = await (await fetch(base + "/status")).json();
    if (status.timers.intervals !== 0) throw new Error("intervals still pending: " + status.timers.intervals);
    await page.click("#tab-live");
  });

  await check("the page made no request outside the engine (no CDN)", async () => {
    const outside = failedRequests.filter((u) => !u.startsWith(base));
    if (outside.length) throw new Error("requests failed: " + outside.join(", "));
  });

  await check("the page ran under its CSP without a single violation (script, style, WebSocket)", async () => {
    const seen = cspViolations.concat(await page.evaluate(() => window.__csp));
    if (seen.length) throw new Error("violations: " + seen.join(" | "));
  });

  const shot = path.join(outDir, "page.png");
  await page.screenshot({ path: shot, fullPage: true });
  console.log("screenshot: " + shot);

  // A page of another origin (another loopback port) attacks the engine: a form posting a Lua
  // line to the telnet port, fetches to /execute, a WebSocket to /ws. None may run code or read.
  const markerDir = mkdtempSync(path.join(os.tmpdir(), "jeplua-xsite-"));
  const marker = (name) => path.join(markerDir, name + ".marker");
  const luaMark = (name) => 'io.open("' + marker(name) + '", "w"):close()';
  const attackPage = `<!DOCTYPE html><html><body>
<iframe name="sink1"></iframe><iframe name="sink2"></iframe>
<form id="telnet" method="post" enctype="text/plain" target="sink1" action="http://127.0.0.1:${telnetPort}/">
<input name="x" value='1 ${luaMark("telnet-form")}'></form>
<form id="rest" method="post" enctype="text/plain" target="sink2" action="${base}/execute">
<input name='{"code":"${luaMark("rest-form").replace(/"/g, '\\"')}","x":"' value='"}'></form>
<script>
window.results = [];
const api = ${JSON.stringify(base)};
async function attempt(label, init) {
  try {
    const r = await fetch(api + "/execute", init);
    let text = "";
    try { text = await r.text(); } catch (e) { text = ""; }
    results.push({ label, type: r.type, status: r.status, text });
  } catch (e) {
    results.push({ label, error: String(e) });
  }
}
window.runAttack = async (codes) => {
  document.getElementById("telnet").submit();
  document.getElementById("rest").submit();
  await attempt("no-cors json", { method: "POST", mode: "no-cors", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: codes.noCorsJson }) });
  await attempt("no-cors plain", { method: "POST", mode: "no-cors", body: JSON.stringify({ code: codes.noCorsPlain }) });
  await attempt("cors json", { method: "POST", mode: "cors", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: codes.corsJson }) });
  await attempt("cors plain", { method: "POST", mode: "cors", body: JSON.stringify({ code: codes.corsPlain }) });
  await new Promise((resolve) => {
    const ws = new WebSocket(api.replace("http", "ws") + "/ws");
    const got = [];
    ws.onmessage = (m) => got.push(String(m.data));
    ws.onerror = () => {};
    ws.onclose = (e) => { results.push({ label: "websocket", messages: got, code: e.code }); resolve(); };
    setTimeout(() => { try { ws.close(); } catch (e) {} }, 3000);
  });
};
</script></body></html>`;
  const attacker = http.createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(attackPage);
  });
  await new Promise((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  const attackerBase = "http://127.0.0.1:" + attacker.address().port;

  await check("the Lua payloads do create their marker when sent the ordinary way (the checks below can fail)", async () => {
    const r = await fetch(base + "/execute", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: luaMark("control") }) });
    if (r.status !== 200 || !existsSync(marker("control"))) throw new Error("control marker not created: HTTP " + r.status);
    await new Promise((resolve, reject) => {
      const sock = net.connect(telnetPort, "127.0.0.1", () => sock.write("x=1 " + luaMark("telnet-control") + "\r\n"));
      sock.on("error", reject);
      setTimeout(() => { sock.destroy(); resolve(); }, 1500);
    });
    if (!existsSync(marker("telnet-control"))) throw new Error("telnet control marker not created");
  });

  const evil = await browser.newPage();
  const evilConsole = [];
  evil.on("console", (m) => evilConsole.push(m.text()));
  await evil.goto(attackerBase + "/", { waitUntil: "load" });
  await evil.evaluate((codes) => window.runAttack(codes), {
    noCorsJson: luaMark("no-cors-json"), noCorsPlain: luaMark("no-cors-plain"),
    corsJson: luaMark("cors-json"), corsPlain: luaMark("cors-plain"),
  });
  await new Promise((r) => setTimeout(r, 2000));   // let the form posts arrive
  const attackResults = await evil.evaluate(() => window.results);

  await check("a page of another origin cannot run Lua through the REST API (fetch no-cors/cors, with and without JSON, form post)", async () => {
    const made = ["no-cors-json", "no-cors-plain", "cors-json", "cors-plain", "rest-form"].filter((n) => existsSync(marker(n)));
    if (made.length) throw new Error("markers created: " + made.join(", "));
  });

  await check("a page of another origin reads nothing from the REST API or the output stream", async () => {
    for (const r of attackResults) {
      if (r.label === "websocket") {
        if (r.messages.length) throw new Error("the WebSocket read: " + r.messages.join(" | "));
      } else if (r.text) {
        throw new Error(r.label + " read: " + r.text);
      } else if (!r.error && r.type !== "opaque") {
        throw new Error(r.label + " got a readable response: " + JSON.stringify(r));
      }
    }
    if (attackResults.length !== 5) throw new Error("attempts recorded: " + JSON.stringify(attackResults));
  });

  await check("a form of another origin cannot run Lua through the telnet port (needs the telnet fix)", async () => {
    if (existsSync(marker("telnet-form"))) throw new Error("the cross-site form post ran Lua on the telnet REPL");
  });
  // Chromium itself gives up on the telnet port early (the REPL's banner is no HTTP answer), so
  // the form above may be stopped by the browser, not by the server: also replay the request
  // such a form sends, byte for byte as Chromium 156 wrote it, on a plain socket.
  await check("an HTTP request sent to the telnet port does not run its body line (needs the telnet fix)", async () => {
    const request = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + telnetPort + "\r\nConnection: keep-alive\r\n"
      + "Content-Type: text/plain\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)\r\n"
      + "Origin: " + attackerBase + "\r\nAccept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
      + "Sec-Fetch-Site: same-site\r\nSec-Fetch-Mode: navigate\r\nReferer: " + attackerBase + "/\r\n\r\n"
      + "x=1 " + luaMark("telnet-replay") + "\r\n";
    await new Promise((resolve, reject) => {
      const sock = net.connect(telnetPort, "127.0.0.1", () => sock.write(request));
      sock.on("error", () => resolve());
      setTimeout(() => { sock.destroy(); resolve(); }, 2000);
    });
    if (existsSync(marker("telnet-replay"))) throw new Error("the telnet REPL ran the body line of an HTTP request");
  });
  await evil.close();
  attacker.close();
  rmSync(markerDir, { recursive: true, force: true });

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
summary("browser");
process.exit(exitCode);
