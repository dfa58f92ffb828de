// Shared helpers of the dashboard pages. Everything from the server is put into the page as text
// (textContent, attributes via setAttribute), never as HTML: sensor ids and metadata come from outside.
'use strict';
const AW = (() => {
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  // A database outage is shown in a banner under the header until the database is back.
  function outage(message) {
    let b = document.getElementById('outage');
    if (!b) {
      b = el('p', { id: 'outage', class: 'outage', role: 'status' });
      b.hidden = true;
      const h = document.querySelector('header');
      if (h) h.after(b); else document.body.prepend(b);
    }
    b.textContent = message || '';
    b.hidden = !message;
  }
  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await r.json().catch(() => ({}));
    if (r.status === 503 && body.error) outage(body.error);
    else if (r.ok && document.getElementById('outage')) outage(null);
    if (!r.ok) throw new Error(body.error || (r.status + ' ' + r.statusText));
    return body;
  }
  function token() {
    let t = sessionStorage.getItem('aw-token');
    if (!t) {
      t = prompt('Token (AW_UI_TOKEN of the server) for this change:');
      if (t) sessionStorage.setItem('aw-token', t);
    }
    return t;
  }
  async function post(url) {
    const t = token();
    const r = await fetch(url, { method: 'POST', headers: t ? { Authorization: 'Bearer ' + t } : {} });
    const body = await r.json().catch(() => ({}));
    if (r.status === 401) sessionStorage.removeItem('aw-token');
    if (!r.ok) throw new Error(body.error || (r.status + ' ' + r.statusText));
    return body;
  }
  function sensorUrl(id) { return '/sensors/' + encodeURIComponent(id); }
  function fmtTime(iso) { return iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z') : ''; }
  function fmtValue(v) {
    if (v == null) return '';
    const a = Math.abs(v);
    return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  // The unit as a person reads it, as the commands print it (monitor/Units.shown): particulate
  // matter is stored with the original's unit name PM; the API keeps the stored unit.
  function fmtUnit(u) {
    return u === 'PM' ? 'µg/m³' : (u || '');
  }
  // A value with its unit; none (an offline alert has no reading) is a dash, not a bare unit. An
  // on/off reading (unit io) reads as the commands print it, '1 (on)', not '1.00 io'.
  function fmtReading(v, u) {
    if (v == null) return '—';
    if (u === 'io') return v >= 0.5 ? '1 (on)' : '0 (off)';
    return fmtValue(v) + ' ' + fmtUnit(u);
  }
  function nav(here) {
    const live = el('span', { class: 'live off', id: 'live' });
    const links = [['/', 'Fleet'], ['/alerts', 'Alerts'], ['/evaluation', 'Evaluation']].map(([href, name]) =>
      el('a', { href, class: here === name ? 'here' : null, text: name }));
    document.body.prepend(el('header', {}, el('span', { class: 'brand', text: 'Anomaly Watcher' }), ...links, live));
  }
  // Live updates over a WebSocket at /api/live; reconnects, and shows whether it is up. The server
  // says a connection is subscribed with a heartbeat (whatever changes after it is pushed), so the
  // page's first load, handlers.load(), waits for it: a first visit loads once, and a sensor added
  // before the load is in it, one added after is pushed. A connection that does not come in
  // FIRST_WAIT_MS (a proxy holding WebSockets) or fails does not keep the page empty: it loads
  // without one, and resyncs once subscribed. What the server sent while the connection was down (a
  // restart, a network blip) is lost too, so when it is back handlers.resync(lostAt) reloads what the
  // page shows; lostAt (epoch ms) is when it went down, or when the page loaded without it:
  // everything before was heard live or loaded. The server sends a heartbeat every every_ms: a
  // connection that died without a close (a laptop's sleep, a NAT or proxy dropping it) shows only
  // as silence, so about three periods of it count as a loss.
  const FIRST_WAIT_MS = 3000;
  function live(query, handlers) {
    const badge = () => document.getElementById('live');
    const state = (text, cls) => { const b = badge(); if (b) { b.textContent = text; b.className = cls; } };
    let delay = 1000, lostAt = null, every = 15000, loaded = false;
    const load = () => {
      clearTimeout(unsubscribed);
      if (loaded) return;
      loaded = true;
      handlers.load();
    };
    // Loaded without a subscription: what changes from now until it comes may be missed.
    const loadUnsubscribed = () => {
      if (loaded) return;
      lostAt = Date.now();
      load();
    };
    const unsubscribed = setTimeout(loadUnsubscribed, FIRST_WAIT_MS);
    state('live: connecting', 'live off');
    const connect = () => {
      const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live' + (query || ''));
      let watchdog = null, subscribed = false;
      const lost = () => {
        clearTimeout(watchdog);
        ws.onclose = ws.onmessage = null;
        // A failed attempt keeps the first loss's time; a first one that fails (the server was down
        // as the page opened, WebSockets blocked) lets the page load without it.
        if (lostAt == null) lostAt = Date.now();
        loadUnsubscribed();
        state('live: reconnecting', 'live off');
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 30000);
      };
      // No close comes from a dead connection: give it up after about three silent periods.
      const listen = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => { lost(); ws.close(); }, 3 * every);
      };
      listen();
      ws.onmessage = ev => {
        listen();
        const m = JSON.parse(ev.data);
        if (m.type === 'heartbeat') {
          if (m.data && m.data.every_ms > 0) every = m.data.every_ms;
          listen();
          if (subscribed) return;
          subscribed = true;
          delay = 1000;
          state('live', 'live');
          if (!loaded) load();
          else if (lostAt != null && handlers.resync) handlers.resync(lostAt);
          lostAt = null;
        } else if (m.type === 'database') {
          outage(m.data.message);
          // Back: reload what the page shows, as after an alert change.
          if (m.data.up && handlers.alerts) handlers.alerts();
        } else if (handlers[m.type]) handlers[m.type](m.data);
      };
      ws.onclose = lost;
    };
    connect();
  }
  // Fills a filter's select with what the server lists at url (under key), after its first option
  // ('all ...'), keeping the choice made: called on load and again when the fleet gains sensors.
  function fillFilter(select, url, key) {
    return getJson(url).then(b => {
      const chosen = select.value;
      select.replaceChildren(select.options[0], ...b[key].map(v => el('option', { value: v, text: v })));
      select.value = chosen;
    });
  }
  function showError(where, err) {
    where.replaceChildren(el('p', { class: 'error', text: String(err.message || err) }));
  }
  return { el, getJson, post, sensorUrl, fmtTime, fmtValue, fmtUnit, fmtReading, nav, live, fillFilter, showError, outage };
})();
