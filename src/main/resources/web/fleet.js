// Fleet page: sites and their sensors, filtered and paged on the server, kept live over the /api/live WebSocket.
'use strict';
(() => {
  const { el, getJson, sensorUrl, fmtTime, fmtReading, fmtUnit } = AW;
  const PAGE = 100;
  let offset = 0;
  let cells = new Map(); // sensor id -> {value, time, unit, at} cells of the rows shown, at: the time shown (epoch ms)
  let heard = null; // sensor id -> the newest live reading heard while rows are being loaded
  const $ = id => document.getElementById(id);

  function query() {
    const p = new URLSearchParams({ offset, limit: PAGE, spark: 'true' });
    for (const f of ['q', 'category', 'site', 'status']) if ($(f).value) p.set(f, $(f).value);
    return '/api/sensors?' + p;
  }

  function spark(data, unit) {
    const c = el('canvas', { class: 'spark', width: 160, height: 28, title: 'min–max per 30 min, ' + fmtUnit(unit) });
    if (!data || !data.t.length) return c;
    const g = c.getContext('2d');
    const now = Date.now(), from = now - 24 * 3600e3;
    const lo = Math.min(...data.min), hi = Math.max(...data.max), span = hi - lo || 1;
    const x = t => (t - from) / (now - from) * 158 + 1, y = v => 26 - (v - lo) / span * 24;
    g.strokeStyle = 'rgba(59,111,216,0.35)';
    g.beginPath();
    data.t.forEach((t, i) => { g.moveTo(x(t), y(data.max[i])); g.lineTo(x(t), y(data.min[i]) + 0.5); });
    g.stroke();
    g.strokeStyle = '#3b6fd8';
    g.beginPath();
    data.t.forEach((t, i) => (i ? g.lineTo : g.moveTo).call(g, x(t), y(data.mean[i])));
    g.stroke();
    return c;
  }

  function render(body) {
    const rows = [];
    cells = new Map();
    let site = null;
    for (const s of body.sensors) {
      if (s.site !== site) {
        site = s.site;
        rows.push(el('tr', { class: 'site' }, el('td', { colspan: 7, text: site })));
      }
      const value = el('td', { class: 'num', text: fmtReading(s.lastValue, s.unit) });
      const time = el('td', { text: fmtTime(s.lastAt) });
      cells.set(s.id, { value, time, unit: s.unit, at: s.lastAt ? Date.parse(s.lastAt) : -Infinity });
      const alert = s.openAlert
        ? el('td', { title: s.openAlert.explanation, text: s.openAlert.kind + ' since ' + fmtTime(s.openAlert.openedAt) })
        : el('td', { class: 'muted', text: '—' });
      rows.push(el('tr', { 'data-sensor': s.id },
        el('td', {}, el('a', { href: sensorUrl(s.id), text: s.id })),
        el('td', { text: s.category }),
        el('td', {}, el('span', { class: 'status ' + s.status, text: s.status })),
        value, time, el('td', {}, spark(s.spark, s.unit)), alert));
    }
    keepInView(() => $('rows').replaceChildren(...rows));
    const last = Math.min(body.offset + body.sensors.length, body.total);
    $('count').textContent = body.total ? `${body.offset + 1}–${last} of ${body.total} sensors` +
      (body.total !== body.fleetSize ? ` (fleet: ${body.fleetSize})` : '') : 'no sensors match';
    $('prev').disabled = body.offset === 0;
    $('next').disabled = last >= body.total;
  }

  // The row at the top of the window stays where it is when the rows are redrawn (a new sensor, an
  // alert): a row added or gone above it does not move what the reader is looking at. At the very
  // top nothing is held, so a sensor that sorts first shows up there.
  function keepInView(redraw) {
    const key = r => r.dataset.sensor != null ? 's:' + r.dataset.sensor : 'h:' + r.textContent;
    const top = window.scrollY > 0 && [...$('rows').rows].find(r => r.getBoundingClientRect().bottom > 0);
    const was = top && { key: key(top), y: top.getBoundingClientRect().top };
    redraw();
    const now = was && [...$('rows').rows].find(r => key(r) === was.key);
    if (now) window.scrollBy(0, now.getBoundingClientRect().top - was.y);
  }

  // A live reading in its row, unless the row shows a newer one.
  function showReading(r) {
    const c = cells.get(r.sensor);
    if (!c || r.t < c.at) return;
    c.at = r.t;
    c.value.textContent = fmtReading(r.value, r.unit);
    c.time.textContent = fmtTime(new Date(r.t).toISOString());
  }

  function onReadings(list) {
    list.forEach(r => {
      if (heard) heard.set(r.sensor, r);
      showReading(r);
    });
  }

  // One request at a time, and the newest filters win: what changes while one is out (typing, a
  // burst of new sensors as a fleet grows) is loaded once it is answered, in one more request. Live
  // readings heard while one is out may be newer than its answer: they are shown again over it.
  let pending = null, busy = false, again = false;
  function load() {
    clearTimeout(pending);
    pending = setTimeout(fetchRows, 50);
  }
  function fetchRows() {
    if (busy) { again = true; return; }
    busy = true;
    const since = heard = new Map();
    getJson(query()).then(body => {
      render(body);
      since.forEach(showReading);
    }).catch(e => AW.showError($('rows'), e)).finally(() => {
      busy = false;
      heard = null;
      if (again) { again = false; fetchRows(); }
    });
  }

  // The fleet's categories and sites: again whenever it gains sensors, which may bring new ones.
  function loadFilters() {
    AW.fillFilter($('category'), '/api/categories', 'categories');
    AW.fillFilter($('site'), '/api/sites', 'sites');
  }

  // Everything loaded at the start, again: the fleet gained sensors (their rows, with the filters,
  // page and scroll kept), or the connection was down and what it would have said is lost.
  function reload() {
    loadFilters();
    load();
  }

  function init() {
    AW.nav('Fleet');
    loadFilters();
    for (const f of ['q', 'category', 'site', 'status']) $(f).addEventListener('input', () => { offset = 0; load(); });
    $('prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load(); });
    $('next').addEventListener('click', () => { offset += PAGE; load(); });
    load();
    AW.live('', {
      readings: onReadings,
      alerts: () => load(),
      sensors: reload,
      resync: reload,
    });
  }
  init();
})();
