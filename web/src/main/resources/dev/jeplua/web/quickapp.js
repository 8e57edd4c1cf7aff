// QuickApp panel of the JEPLua web page (index.html, section #qa-panel); served as /quickapp.js.
// Shown only in a --fibaro run (docs/fibaro.md "Web panel"): it reads the QuickApps from the HC3
// API the run serves under /api (GET /api/devices?interface=quickApp, the --%%u rows as the
// device's viewLayout, GET /api/plugins/getView?id= for the updateView values so far), sends
// clicks and changes as POST /api/plugins/callUIEvent (as an HC3 UI does) and follows
// GET /api/refreshStates?last=N (long poll) for updateView and updateProperty.
"use strict";
(function () {
  const panel = document.getElementById("qa-panel");
  if (!panel) return;
  const cards = new Map(); // device id -> {device, header, controls: Map(name -> {kind, el, set(prop, v)})}

  function headers(json) {
    const h = {};
    if (json) h["Content-Type"] = "application/json";
    const token = localStorage.getItem("jeplua.token") || "";
    if (token) h["Authorization"] = "Bearer " + token;
    return h;
  }

  function node(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function uiEvent(id, elementName, eventType, values) {
    fetch("api/plugins/callUIEvent", {
      method: "POST", headers: headers(true),
      body: JSON.stringify({ deviceID: id, elementName: elementName, eventType: eventType, values: values }),
    });
  }

  function headerText(device) {
    const p = device.properties || {};
    let s = device.name + " (" + device.id + ")";
    for (const k of ["value", "state"]) {
      if (p[k] !== undefined) s += "  " + k + ": " + (typeof p[k] === "object" ? JSON.stringify(p[k]) : String(p[k]));
    }
    return s;
  }

  // the elements of the viewLayout's rows: [[element, ...], ...]
  function rowsOf(device) {
    const layout = (device.properties || {}).viewLayout;
    const items = layout && layout["$jason"] && layout["$jason"].body.sections.items || [];
    return items.map((item) => {
      const first = (item.components || [])[0];
      if (!first) return [];
      return first.type === "horizontal" ? first.components || [] : [first];
    });
  }

  function optionText(o) { return o.text !== undefined ? String(o.text) : String(o.value); }

  // one control: the element, and set(property, value) for updateView
  function control(id, c) {
    const name = c.name;
    const box = node("div", "qa-el qa-" + c.type);
    box.dataset.name = name;
    let set = () => {};
    if (c.type === "label") {
      box.textContent = c.text;
      set = (p, v) => { if (p === "text") box.textContent = String(v); };
    } else if (c.type === "button") {
      const b = node("button", "plain", c.text);
      b.addEventListener("click", () => uiEvent(id, name, "onReleased", []));
      box.append(b);
      set = (p, v) => { if (p === "text") b.textContent = String(v); };
    } else if (c.type === "switch") {
      let on = c.value === true || c.value === "true";
      const b = node("button", "plain", c.text);
      const paint = () => { b.classList.toggle("on", on); b.setAttribute("aria-pressed", String(on)); };
      b.addEventListener("click", () => { on = !on; paint(); uiEvent(id, name, "onReleased", [on]); });
      paint();
      box.append(b);
      set = (p, v) => {
        if (p === "text") b.textContent = String(v);
        if (p === "value") { on = v === true || v === "true"; paint(); }
      };
    } else if (c.type === "slider") {
      const label = node("label", null, c.text + " ");
      const input = node("input");
      const out = node("span", "qa-out", String(c.value));
      Object.assign(input, { type: "range", min: c.min, max: c.max, step: c.step, value: c.value });
      input.addEventListener("input", () => { out.textContent = input.value; });
      input.addEventListener("change", () => uiEvent(id, name, "onChanged", [Number(input.value)]));
      label.append(input, out);
      box.append(label);
      set = (p, v) => {
        if (p === "text") label.firstChild.textContent = String(v) + " ";
        if (p === "value") { input.value = v; out.textContent = String(input.value); }
      };
    } else if (c.type === "select") {
      const multi = c.selectionType === "multi";
      const label = node("label", null, c.text + " ");
      const sel = node("select");
      sel.multiple = multi;
      let options = c.options || [];
      const fill = (chosen) => {
        sel.replaceChildren(...options.map((o) => {
          const opt = node("option", null, optionText(o));
          opt.value = String(o.value);
          opt.selected = chosen.includes(String(o.value));
          return opt;
        }));
      };
      fill((c.values || []).map(String));
      sel.addEventListener("change", () => {
        const vals = options.filter((o) => [...sel.selectedOptions].some((s) => s.value === String(o.value))).map((o) => o.value);
        uiEvent(id, name, "onToggled", multi ? [vals] : [vals[0]]);
      });
      label.append(sel);
      box.append(label);
      set = (p, v) => {
        if (p === "text") label.firstChild.textContent = String(v) + " ";
        if (p === "options" && Array.isArray(v)) { options = v; fill([]); }
        if (p === "selectedItem" || (p === "value" && !multi)) fill([String(v)]);
        if ((p === "selectedItems" || p === "value") && multi && Array.isArray(v)) fill(v.map(String));
      };
    } else {
      return null;
    }
    if (c.visible === false) box.hidden = true;
    const plain = set;
    set = (p, v) => { if (p === "visible") box.hidden = !(v === true || v === "true"); else plain(p, v); };
    return { el: box, set: set };
  }

  function render(device, view) {
    const card = node("div", "qa-card");
    card.id = "qa-" + device.id;
    const header = node("div", "qa-head", headerText(device));
    card.append(header);
    const controls = new Map();
    for (const row of rowsOf(device)) {
      const line = node("div", "qa-row");
      for (const c of row) {
        const ctl = control(device.id, c);
        if (ctl) { controls.set(c.name, ctl); line.append(ctl.el); }
      }
      card.append(line);
    }
    for (const [name, props] of Object.entries(view || {})) {
      const ctl = controls.get(name);
      if (ctl) for (const [p, v] of Object.entries(props)) ctl.set(p, v);
    }
    cards.set(device.id, { device: device, header: header, controls: controls });
    return card;
  }

  async function poll(last) {
    for (;;) {
      try {
        const res = await fetch("api/refreshStates?last=" + last, { headers: headers(false) });
        if (!res.ok) { await new Promise((r) => setTimeout(r, 2000)); continue; }
        const body = await res.json();
        last = body.last;
        for (const ev of body.events || []) {
          const d = ev.data || {};
          if (ev.type === "PluginChangedViewEvent" && cards.has(d.deviceId)) {
            const ctl = cards.get(d.deviceId).controls.get(d.componentName);
            if (ctl) ctl.set(d.propertyName, d.newValue);
          } else if (ev.type === "DevicePropertyUpdatedEvent" && cards.has(d.id)) {
            const card = cards.get(d.id);
            card.device.properties = card.device.properties || {};
            card.device.properties[d.property] = d.newValue;
            card.header.textContent = headerText(card.device);
          }
        }
      } catch (e) {
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  async function start() {
    let devices;
    try {
      const res = await fetch("api/devices?interface=quickApp", { headers: headers(false) });
      if (!res.ok) return; // not a --fibaro run (404) or no token yet
      devices = await res.json();
    } catch (e) {
      return;
    }
    if (!Array.isArray(devices) || devices.length === 0) return;
    const list = document.getElementById("qa-list");
    for (const d of devices) {
      if (rowsOf(d).length === 0) continue;
      const view = await fetch("api/plugins/getView?id=" + d.id, { headers: headers(false) }).then((r) => r.json()).catch(() => ({}));
      list.append(render(d, view));
    }
    if (cards.size > 0) {
      panel.hidden = false;
      poll(0); // replays the events kept so far (ending in the current values), then waits for new ones
    }
  }

  start();
})();
