// Script of the JEPLua web REPL page (index.html); served as /app.js (no inline script: CSP script-src 'self').
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const LIVE_LIMIT = 200000;           // characters kept in the live output panel
  let token = localStorage.getItem("jeplua.token") || "";
  let session = null;                   // id of this page's "web" session, from the stream's hello
  let socket = null;
  let retryMs = 500;

  function headers(json) {
    const h = {};
    if (json) h["Content-Type"] = "application/json";
    if (token) h["Authorization"] = "Bearer " + token;
    if (session) h["X-Session"] = session;
    return h;
  }

  function needToken() {
    $("token-box").classList.add("show");
    $("token").focus();
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function show(value) {
    return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value, null, 2);
  }

  function renderResult(status, body) {
    const box = $("result");
    box.replaceChildren();
    const head = el("div", "line");
    if (body.success) {
      head.append(el("span", "ok", "ok"));
    } else {
      head.append(el("span", "err", status === 408 ? "timeout" : "error " + status));
    }
    if (body.execution_time_ms !== undefined) {
      head.append(document.createTextNode("  " + body.execution_time_ms + " ms"));
    }
    box.append(head);
    if (body.success) {
      const values = body.results || [];
      const line = el("div", "line");
      line.append(el("span", "label", values.length === 1 ? "result" : "results (" + values.length + ")"));
      line.append(el("pre", "values", values.length ? values.map(show).join("\n") : "(no values)"));
      line.id = "result-values";
      box.append(line);
    }
    if (body.error) {
      const line = el("div", "line");
      line.append(el("span", "label", "error"));
      line.append(el("pre", "error", body.error + (body.traceback ? "\n" + body.traceback : "")));
      box.append(line);
    }
    if (body.output) {
      const line = el("div", "line");
      line.append(el("span", "label", "output"));
      line.append(el("pre", "output", body.output));
      box.append(line);
    }
  }

  // Runs kept for Ctrl-Up / Ctrl-Down, newest last (at most HISTORY_LIMIT, in localStorage).
  const HISTORY_LIMIT = 50;
  let history = [];
  try { history = JSON.parse(localStorage.getItem("jeplua.history") || "[]"); } catch (e) { history = []; }
  let historyPos = history.length;

  function remember(code) {
    if (history[history.length - 1] !== code) history.push(code);
    if (history.length > HISTORY_LIMIT) history = history.slice(history.length - HISTORY_LIMIT);
    historyPos = history.length;
    localStorage.setItem("jeplua.history", JSON.stringify(history));
  }

  function recall(step) {
    const pos = historyPos + step;
    if (pos < 0 || pos > history.length) return;
    historyPos = pos;
    $("code").value = pos === history.length ? "" : history[pos];
  }

  async function run() {
    const code = $("code").value;
    localStorage.setItem("jeplua.code", code);
    remember(code);
    $("run").disabled = true;
    try {
      const res = await fetch("execute", { method: "POST", headers: headers(true), body: JSON.stringify({ code: code }) });
      const body = await res.json().catch(() => ({ success: false, error: "response was not JSON (HTTP " + res.status + ")" }));
      if (res.status === 401) needToken();
      renderResult(res.status, body);
    } catch (e) {
      renderResult(0, { success: false, error: "request failed: " + e.message });
    } finally {
      $("run").disabled = false;
    }
  }

  const STATUS_ROWS = [
    ["uptime", (s) => s.uptime_s.toFixed(1) + " s"],
    ["timeouts", (s) => s.timers.timeouts],
    ["intervals", (s) => s.timers.intervals],
    ["pending callbacks", (s) => s.pending_callbacks],
    ["queue depth", (s) => s.queue_depth],
    ["executions", (s) => s.executions.total + " (" + s.executions.errors + " failed)"],
    ["web clients", (s) => s.web_clients],
    ["telnet clients", (s) => s.telnet_clients],
    ["windows", (s) => s.windows],
    ["heap", (s) => (s.memory.heap_used / 1048576).toFixed(1) + " / " + (s.memory.heap_max / 1048576).toFixed(0) + " MiB"],
    ["engine", (s) => s.engine_busy ? "busy (running Lua)" : s.status],
  ];

  async function refreshStatus() {
    try {
      const res = await fetch("status", { headers: headers(false) });
      if (res.status === 401) { needToken(); return; }
      const s = await res.json();
      $("version").textContent = "v" + s.version + " · " + s.lua_version;
      const body = el("tbody");
      for (const [name, get] of STATUS_ROWS) {
        const tr = el("tr");
        tr.append(el("td", null, name), el("td", null, String(get(s))));
        body.append(tr);
      }
      $("status").replaceChildren(body);
    } catch (e) {
      // the engine may be restarting; the next refresh tries again
    }
  }

  function appendLive(text) {
    const live = $("live");
    const atBottom = live.scrollTop + live.clientHeight >= live.scrollHeight - 4;
    let all = live.textContent + text;
    if (all.length > LIVE_LIMIT) all = all.slice(all.length - LIVE_LIMIT);
    live.textContent = all;
    if (atBottom) live.scrollTop = live.scrollHeight;
  }

  // Live inspector tab (README.md#live-inspector): asks the engine over /ws while the tab is shown.
  const INSPECT_EVERY_MS = 500;
  let inspecting = false;

  function sendInspect(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function showTab(inspector) {
    inspecting = inspector;
    $("tab-live").classList.toggle("active", !inspector);
    $("tab-inspector").classList.toggle("active", inspector);
    $("tab-live").setAttribute("aria-selected", String(!inspector));
    $("tab-inspector").setAttribute("aria-selected", String(inspector));
    $("live").hidden = inspector;
    $("inspector").hidden = !inspector;
    $("clear").hidden = inspector;
    if (inspector) sendInspect({ type: "inspect" });
  }

  function cell(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number" && !Number.isInteger(value)) return String(Math.round(value * 1000) / 1000);
    return String(value);
  }

  function renderInspector(sections) {
    const box = $("inspector");
    const parts = [];
    for (const name of Object.keys(sections)) {
      const section = sections[name];
      const rows = section.rows || [];
      parts.push(el("h3", null, name + " (" + rows.length + ")"));
      if (!rows.length) {
        parts.push(el("div", "empty", "none"));
        continue;
      }
      const columns = Object.keys(rows[0]);
      const table = el("table", "inspect-" + name);
      const head = el("tr");
      for (const c of columns) head.append(el("th", null, c.replace(/_/g, " ")));
      if (section.closable) head.append(el("th"));
      table.append(head);
      for (const row of rows) {
        const tr = el("tr");
        tr.dataset.section = name;
        tr.dataset.id = row.id;
        for (const c of columns) tr.append(el("td", "col-" + c, cell(row[c])));
        if (section.closable) {
          const td = el("td");
          const b = el("button", "plain close-row", name === "timers" ? "cancel" : "close");
          b.addEventListener("click", () => sendInspect({ type: "inspect_close", section: name, id: row.id }));
          td.append(b);
          tr.append(td);
        }
        table.append(tr);
      }
      parts.push(table);
    }
    box.replaceChildren(...parts);
  }

  function setWsState(on, text) {
    $("ws-dot").className = "dot " + (on ? "on" : "off");
    $("ws-state").textContent = text;
  }

  // "jeplua.token.<base64url of the UTF-8 token, no padding>": what the server accepts on /ws.
  function tokenProtocol(t) {
    const bytes = new TextEncoder().encode(t);
    let bin = "";
    for (const b of bytes) bin += String.fromCharCode(b);
    return "jeplua.token." + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
    // The token travels as a subprotocol (not in the URL, which proxies and logs keep); the
    // server answers with the plain "jeplua" protocol.
    socket = new WebSocket(url, token ? ["jeplua", tokenProtocol(token)] : ["jeplua"]);
    // "live" once the server's hello has given this page its session id: code run before that
    // would run without the page's session (the global `session` nil)
    socket.onopen = () => { retryMs = 500; setWsState(false, "connecting…"); };
    socket.onmessage = (ev) => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.type === "hello") {
        session = msg.session;
        setWsState(true, "live");
      } else if (msg.type === "output") {
        appendLive(msg.text);
      } else if (msg.type === "inspect") {
        renderInspector(msg.sections || {});
      }
    };
    socket.onclose = () => {
      session = null;
      setWsState(false, "disconnected, retrying…");
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  $("run").addEventListener("click", run);
  $("code").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    } else if ((e.key === "ArrowUp" || e.key === "ArrowDown") && e.ctrlKey) {
      e.preventDefault();
      recall(e.key === "ArrowUp" ? -1 : 1);
    } else if (e.key === "Tab") {
      e.preventDefault();
      const t = e.target, s = t.selectionStart;
      t.setRangeText("  ", s, t.selectionEnd, "end");
    }
  });
  $("clear").addEventListener("click", () => { $("live").textContent = ""; });
  $("tab-live").addEventListener("click", () => showTab(false));
  $("tab-inspector").addEventListener("click", () => showTab(true));
  setInterval(() => { if (inspecting) sendInspect({ type: "inspect" }); }, INSPECT_EVERY_MS);
  $("token-save").addEventListener("click", () => {
    token = $("token").value.trim();
    localStorage.setItem("jeplua.token", token);
    $("token-box").classList.remove("show");
    if (socket) socket.close();
    refreshStatus();
  });
  const saved = localStorage.getItem("jeplua.code");
  if (saved) $("code").value = saved;
  connect();
  refreshStatus();
  setInterval(refreshStatus, 2000);
})();
