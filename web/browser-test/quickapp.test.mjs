// Drives the web page's QuickApp panel (docs/fibaro.md "Web panel") in Debian's headless Chromium
// with playwright-core: starts the real jar with --fibaro on a QuickApp with --%%u rows, opens the
// page, and checks that the panel shows the QuickApp's controls, that a button click and a slider
// change reach the QuickApp's handlers (seen in the jar's stdout), and that the handler's
// updateView and updateProperty reach the panel. Saves a screenshot to out/quickapp.png.
//   node quickapp.test.mjs <path to jeplua.jar> <java executable>
// Prints one line per check and "quickapp panel: N passed, M failed"; exits non-zero on a failure.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { check, freePort, launchChromium, results, summary, until } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const [jar, java = "java"] = process.argv.slice(2);
if (!jar) {
  console.error("usage: node quickapp.test.mjs <jeplua.jar> [java]");
  process.exit(2);
}
const outDir = path.join(here, "out");
mkdirSync(outDir, { recursive: true });

const QA = `--%%name:Desk
--%%u:{label='status',text='Status: waiting'}
--%%u:{{button='go',text='Go',onReleased='go'},{button='stop',text='Stop',onReleased='stop'}}
--%%u:{slider='level',text='Level',min='0',max='100',onChanged='level'}
--%%u:{select='scene',text='Scene',onToggled='scene',options={{type='option',text='Reading',value='read'},{type='option',text='Movie',value='movie'}}}
function QuickApp:onInit() self:updateView('status', 'text', 'Status: ready') end
function QuickApp:go(event)
  self:debug('go pressed', json.encode(event.values))
  self:updateProperty('value', true)
  self:updateView('status', 'text', 'Status: going')
end
function QuickApp:stop() self:updateProperty('value', false) end
function QuickApp:level(event) self:debug('level', event.values[1]); self:updateView('level', 'value', '77') end
function QuickApp:scene(event) self:debug('scene', event.values[1]) end
`;

const dir = mkdtempSync(path.join(os.tmpdir(), "jeplua-qa-"));
writeFileSync(path.join(dir, "qa.lua"), QA);
const port = await freePort();
const base = "http://127.0.0.1:" + port;
// --run-for -120: the engine stays up at most 2 minutes even if this script dies.
const engine = spawn(java, ["-jar", jar, "--fibaro", "--no-telnet", "--api-port", String(port), "--run-for", "-120", "qa.lua"],
  { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
let stdout = "";
engine.stdout.on("data", (d) => { stdout += d; });

let browser;
let exitCode = 1;
try {
  await until("the HC3 API", async () => {
    try { return (await fetch(base + "/api/devices/5555")).ok; } catch (e) { return false; }
  }, 60000);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) pageErrors.push(m.text()); });
  await page.goto(base + "/", { waitUntil: "load" });

  await check("the panel shows the QuickApp with its header and controls", async () => {
    await page.waitForSelector("#qa-panel:not([hidden]) #qa-5555", { timeout: 15000 });
    const head = await page.textContent("#qa-5555 .qa-head");
    if (!head.startsWith("Desk (5555)")) throw new Error("header was: " + head);
    const names = await page.$$eval("#qa-5555 .qa-el", (els) => els.map((e) => e.dataset.name));
    if (names.join(",") !== "status,go,stop,level,scene") throw new Error("controls were: " + names);
  });

  await check("updateView from onInit is shown (getView)", async () => {
    await page.waitForFunction(() => document.querySelector("[data-name=status]").textContent === "Status: ready", null, { timeout: 10000 });
  });

  await check("a button click calls the handler; its updateView and updateProperty reach the panel", async () => {
    await page.click("#qa-5555 [data-name=go] button");
    await until("'go pressed' in stdout", () => stdout.includes("go pressed []"), 10000);
    if (!stdout.includes('UIEvent: {"deviceId":5555,"elementName":"go","eventType":"onReleased","values":[]}')) {
      throw new Error("stdout: " + stdout);
    }
    await page.waitForFunction(() => document.querySelector("[data-name=status]").textContent === "Status: going", null, { timeout: 10000 });
    await page.waitForFunction(() => document.querySelector("#qa-5555 .qa-head").textContent.includes("value: true"), null, { timeout: 10000 });
  });

  await check("a slider change sends onChanged with the number; updateView moves the slider", async () => {
    await page.$eval("#qa-5555 [data-name=level] input", (i) => { i.value = "42"; i.dispatchEvent(new Event("change")); });
    await until("'level 42' in stdout", () => stdout.includes("level 42"), 10000);
    await page.waitForFunction(() => document.querySelector("[data-name=level] input").value === "77", null, { timeout: 10000 });
  });

  await check("a select change sends onToggled with the option's value", async () => {
    await page.selectOption("#qa-5555 [data-name=scene] select", "movie");
    await until("'scene movie' in stdout", () => stdout.includes("scene movie"), 10000);
  });

  await check("no page errors or CSP violations", async () => {
    if (pageErrors.length) throw new Error(pageErrors.join("; "));
  });
  await page.screenshot({ path: path.join(outDir, "quickapp.png"), fullPage: true });
  exitCode = results.every(([, ok]) => ok) ? 0 : 1;
} catch (e) {
  console.log("FAIL quickapp panel setup: " + (e && e.stack ? e.stack : e));
  results.push(["setup", false]);
} finally {
  if (browser) await browser.close().catch(() => {});
  engine.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
summary("quickapp panel");
process.exit(exitCode);
