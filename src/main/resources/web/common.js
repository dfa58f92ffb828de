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
  // The answers to the page's requests made before its live connection was first subscribed: how
  // many are out, and the fewest changes the live feed had told of when one was read (the server
  // says so in each answer; see live()). A failed request counts as -1: it may have missed anything.
  const early = { out: new Set(), oldest: Infinity, done: false };
  function getJson(url) {
    const answer = ask(url);
    if (!early.done) {
      const noted = answer.then(r => r.ok ? Number(r.headers.get('AW-Changes') ?? -1) : -1, () => -1)
        .then(n => { early.oldest = Math.min(early.oldest, n); early.out.delete(noted); });
      early.out.add(noted);
    }
    return answer.then(read);
  }
  function ask(url) {
    return fetch(url, { headers: { Accept: 'application/json' } });
  }
  async function read(r) {
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
  // Live updates over a WebSocket at /api/live; reconnects, and shows whether it is up. What the
  // server sent while the connection was down (a restart, a network blip) is lost, so when it is
  // back handlers.resync(lostAt) reloads what the page shows; lostAt (epoch ms) is when it went down:
  // everything before was heard live. The server says a connection is subscribed with a heartbeat,
  // and sends one every every_ms: a connection that died without a close (a laptop's sleep, a NAT or
  // proxy dropping it) shows only as silence, so about three periods of it count as a loss. The
  // page's own first loads run at once, in parallel with the first connection, so what changed
  // between them and the subscription would be missed: the heartbeat says how many changes the feed
  // had told of by then (changes), each answer how many it had when it was read, and the first
  // connection resyncs, from the page's start, only if an answer is older (or the connection is not
  // the first attempt, or the server does not say). A first visit thus loads once unless something
  // changed in between.
  function live(query, handlers) {
    const badge = () => document.getElementById('live');
    const state = (text, cls) => { const b = badge(); if (b) { b.textContent = text; b.className = cls; } };
    let delay = 1000, lostAt = Math.floor(performance.timeOrigin), every = 15000, first = true;
    state('live: connecting', 'live off');
    const connect = () => {
      const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live' + (query || ''));
      let watchdog = null, subscribed = false;
      const lost = () => {
        clearTimeout(watchdog);
        ws.onclose = ws.onmessage = null;
        // A failed attempt keeps the first loss's time. A first attempt that fails (the server was
        // down as the page loaded) counts too: the page's own loads may have failed with it.
        if (lostAt == null) lostAt = Date.now();
        if (first) early.oldest = -1;
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
          if (first) {
            first = false;
            const told = m.data && m.data.changes != null ? m.data.changes : Infinity;
            const since = lostAt;
            missedEarly(told).then(missed => { if (missed && handlers.resync) handlers.resync(since); });
          } else if (lostAt != null && handlers.resync) handlers.resync(lostAt);
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
  // Whether the page's first answers may lack a change the feed told of before the subscription whose
  // heartbeat said told: once those out now are answered, whether one was read at fewer changes.
  // Requests made after this are answered after the subscription and miss nothing.
  async function missedEarly(told) {
    early.done = true;
    await Promise.all([...early.out]);
    return early.oldest < told;
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
