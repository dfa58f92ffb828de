// Sensor page: readings over a range (min-max band and mean per bucket, downsampled by the server),
// labelled episodes shaded (anomalies red, benign events blue), alerts marked with their
// explanation on hover; drag to zoom, buttons to pan; follows new readings live at the right edge.
'use strict';
(() => {
  const { el, getJson, fmtTime, fmtValue, fmtUnit, fmtReading } = AW;
  const $ = id => document.getElementById(id);
  const id = decodeURIComponent(location.pathname.slice('/sensors/'.length));
  const HOUR = 3600e3;
  let view = { from: 0, to: 0 };
  let plot = null, events = [], alerts = [], unit = '', data = [[], [], [], [], [], []];
  const zoomStack = [];
  const loading = new Set(); // per load out: the live readings heard since it was sent

  function setRange(from, to, remember) {
    if (remember && view.to) zoomStack.push({ ...view });
    view = { from: Math.round(from), to: Math.round(to) };
    const p = new URLSearchParams(location.search);
    p.set('from', new Date(view.from).toISOString());
    p.set('to', new Date(view.to).toISOString());
    window.history.replaceState(null, '', location.pathname + '?' + p);
    $('from').value = new Date(view.from).toISOString().slice(0, 16);
    $('to').value = new Date(view.to).toISOString().slice(0, 16);
    load();
  }

  function following() { return Date.now() - view.to < 5 * 60e3; }

  // A load's answer may be older than live readings heard while it was out: they are drawn after it.
  async function load() {
    const heard = [];
    loading.add(heard);
    const chart = $('chart');
    const width = Math.max(600, chart.clientWidth - 2);
    const q = `from=${new Date(view.from).toISOString()}&to=${new Date(view.to).toISOString()}`;
    const enc = encodeURIComponent(id);
    try {
      const [r, ev, al] = await Promise.all([
        getJson(`/api/sensors/${enc}/readings?${q}&points=${Math.min(2000, width)}`),
        getJson(`/api/events?sensor=${enc}&${q}`),
        getJson(`/api/alerts?sensor=${enc}&since=${new Date(view.from).toISOString()}&until=${new Date(view.to).toISOString()}`),
      ]);
      events = ev.events.map(e => ({ ...e, s: Date.parse(e.start) / 1e3, e: Date.parse(e.end) / 1e3 }));
      alerts = al.alerts.map(a => ({ ...a, s: Date.parse(a.openedAt) / 1e3,
        e: a.resolvedAt ? Date.parse(a.resolvedAt) / 1e3 : null, p: a.peakAt ? Date.parse(a.peakAt) / 1e3 : null }));
      const none = r.t.map(() => null);
      data = [r.t.map(t => t / 1e3), r.mean, r.min, r.max, r.expectedLow || none, r.expectedHigh || none];
      $('resolution').textContent = `${r.t.length} points, ${r.bucketSeconds >= 60 ? (r.bucketSeconds / 60).toFixed(0) + ' min' : r.bucketSeconds + ' s'} per point`;
      draw(width);
      tables();
      follow(heard);
    } catch (e) {
      AW.showError($('alerts'), e);
    } finally {
      loading.delete(heard);
    }
  }

  function shade(u) {
    const g = u.ctx, { top, height } = u.bbox;
    g.save();
    // What was drawn, for tests and for anyone inspecting the page.
    $('chart').dataset.episodes = String(events.filter(e => e.group !== 'benign').length);
    $('chart').dataset.benign = String(events.filter(e => e.group === 'benign').length);
    for (const e of events) {
      const x0 = u.valToPos(Math.max(e.s, view.from / 1e3), 'x', true);
      const x1 = u.valToPos(Math.min(e.e, view.to / 1e3), 'x', true);
      g.fillStyle = e.group === 'benign' ? 'rgba(30,136,229,0.2)' : 'rgba(229,57,53,0.25)';
      g.fillRect(x0, top, Math.max(4, x1 - x0), height);
    }
    g.restore();
  }

  function marks(u) {
    const g = u.ctx, { top, height } = u.bbox, px = devicePixelRatio || 1;
    g.save();
    $('chart').dataset.alerts = String(alerts.length);
    if (alerts.length) $('chart').dataset.alertX = String(Math.round(u.valToPos(alerts[0].s, 'x')));
    for (const a of alerts) {
      const x = u.valToPos(a.s, 'x', true);
      const xe = u.valToPos(a.e ?? view.to / 1e3, 'x', true);
      g.fillStyle = 'rgba(183,28,28,0.85)';
      g.fillRect(x, top, Math.max(2 * px, xe - x), 5 * px);
      g.strokeStyle = '#b71c1c';
      g.setLineDash([4 * px, 3 * px]);
      g.lineWidth = 1.5 * px;
      g.beginPath(); g.moveTo(x, top); g.lineTo(x, top + height); g.stroke();
      g.setLineDash([]);
      g.beginPath(); g.moveTo(x - 7 * px, top); g.lineTo(x + 7 * px, top); g.lineTo(x, top + 11 * px); g.closePath(); g.fill();
      if (a.p != null && a.value != null) {
        const y = u.valToPos(a.value, 'y', true);
        g.beginPath(); g.arc(u.valToPos(a.p, 'x', true), y, 5 * px, 0, 2 * Math.PI); g.fill();
      }
    }
    g.restore();
  }

  function hover(u) {
    const tip = $('tip'), left = u.cursor.left;
    if (left == null || left < 0) { tip.style.display = 'none'; return; }
    const t = u.posToVal(left, 'x'), near = 8 / (u.bbox.width / (devicePixelRatio || 1)) * (u.scales.x.max - u.scales.x.min);
    const a = alerts.find(a => Math.abs(t - a.s) <= near || (t >= a.s && t <= (a.e ?? Infinity)));
    const e = events.find(e => t >= e.s && t < e.e);
    const lines = [];
    if (a) lines.push(`alert ${a.kind}: ${a.explanation}`);
    if (e) lines.push(`${e.group === 'benign' ? 'benign event' : 'labelled anomaly'}: ${e.kind} (${e.source})`);
    if (!lines.length) { tip.style.display = 'none'; return; }
    tip.textContent = lines.join(' — ');
    tip.style.display = 'block';
    tip.style.left = Math.min(left + 60, u.bbox.width / (devicePixelRatio || 1) - 200) + 'px';
    tip.style.top = (u.cursor.top + 20) + 'px';
  }

  function draw(width) {
    const opts = {
      width, height: 420,
      scales: { x: { time: true } },
      series: [
        {},
        { label: 'mean', stroke: '#3b6fd8', width: 1.5, value: (u, v) => v == null ? '' : fmtValue(v) + ' ' + unit },
        { label: 'min', stroke: 'rgba(59,111,216,0.35)', width: 1, value: (u, v) => v == null ? '' : fmtValue(v) },
        { label: 'max', stroke: 'rgba(59,111,216,0.35)', width: 1, value: (u, v) => v == null ? '' : fmtValue(v) },
        { label: 'expected low', stroke: 'rgba(46,125,50,0.7)', width: 1, dash: [6, 4], value: (u, v) => v == null ? '—' : fmtValue(v) },
        { label: 'expected high', stroke: 'rgba(46,125,50,0.7)', width: 1, dash: [6, 4], value: (u, v) => v == null ? '—' : fmtValue(v) },
      ],
      bands: [{ series: [3, 2], fill: 'rgba(59,111,216,0.25)' }, { series: [5, 4], fill: 'rgba(46,125,50,0.08)' }],
      axes: [{}, { label: unit, size: 60 }],
      cursor: { drag: { x: true, y: false } },
      hooks: {
        drawClear: [shade],
        draw: [marks],
        setCursor: [hover],
        setSelect: [u => {
          if (u.select.width < 5) return;
          const from = u.posToVal(u.select.left, 'x') * 1e3, to = u.posToVal(u.select.left + u.select.width, 'x') * 1e3;
          u.setSelect({ width: 0, height: 0 }, false);
          setRange(from, to, true);
        }],
      },
    };
    if (plot) plot.destroy();
    plot = new uPlot(opts, data, $('chart'));
    plot.setScale('x', { min: view.from / 1e3, max: view.to / 1e3 });
    $('chart').dataset.drawn = String(data[0].length);
    $('chart').dataset.lastPoint = String(data[0].length ? data[0][data[0].length - 1] * 1e3 : '');
  }

  function tables() {
    $('alerts').replaceChildren(...(alerts.length ? alerts.map(a => el('tr', {},
      el('td', { text: fmtTime(a.openedAt) }), el('td', { text: a.resolvedAt ? fmtTime(a.resolvedAt) : 'open' }),
      el('td', { text: a.kind }), el('td', { class: 'num', text: a.peakScore.toFixed(2) }),
      el('td', { class: 'num', text: fmtReading(a.value, a.unit) }), el('td', { text: a.explanation }))) :
      [el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'none' }))]));
    $('events').replaceChildren(...(events.length ? events.map(e => el('tr', {},
      el('td', { text: fmtTime(e.start) }), el('td', { text: fmtTime(e.end) }), el('td', { text: e.group }),
      el('td', { text: e.kind }), el('td', { text: e.source }))) :
      [el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'none' }))]));
  }

  function onReadings(list) {
    loading.forEach(heard => heard.push(...list));
    follow(list);
  }

  // Live readings at the chart's right edge, if it follows the present; those it has are skipped.
  function follow(list) {
    if (!plot || !following() || !list.length) return;
    for (const r of list) {
      const t = r.t / 1e3;
      if (data[0].length && t <= data[0][data[0].length - 1]) continue;
      data[0].push(t); data[1].push(r.value); data[2].push(r.value); data[3].push(r.value); data[4].push(null); data[5].push(null);
    }
    const span = view.to - view.from;
    view = { from: Date.now() - span, to: Date.now() };
    plot.setData(data, false);
    plot.setScale('x', { min: view.from / 1e3, max: view.to / 1e3 });
    $('chart').dataset.drawn = String(data[0].length);
    $('chart').dataset.lastLive = String(list[list.length - 1].t);
    $('chart').dataset.lastPoint = String(data[0].length ? data[0][data[0].length - 1] * 1e3 : '');
  }

  // The connection was down from lostAt (a restart, a network blip): readings and alert changes of
  // that time never came. A chart that followed the live edge then moves on to now and is loaded
  // again, gap and all; one showing a chosen past range is left as it is.
  function resync(lostAt) {
    const span = view.to - view.from;
    if (lostAt - view.to < 5 * 60e3) setRange(Date.now() - span, Date.now(), false);
    else if (!plot) load(); // the first load failed with the connection
  }

  async function init() {
    AW.nav('');
    $('title').textContent = id;
    document.title = id + ' · Anomaly Watcher';
    let lastAt = NaN;
    try {
      const s = await getJson('/api/sensors/' + encodeURIComponent(id));
      unit = fmtUnit(s.unit);
      lastAt = Date.parse(s.lastAt);
      $('about').textContent = `${s.category} · ${s.type} · ${unit} · ${s.site} · status ${s.status} · last ${fmtReading(s.lastValue, s.unit)} at ${fmtTime(s.lastAt)}`;
    } catch (e) {
      $('about').textContent = String(e.message);
    }
    document.querySelectorAll('button[data-range]').forEach(b => b.addEventListener('click',
      () => setRange(Date.now() - Number(b.dataset.range) * HOUR, Date.now(), true)));
    $('apply').addEventListener('click', () => {
      const f = Date.parse($('from').value + 'Z'), t = Date.parse($('to').value + 'Z');
      if (f < t) setRange(f, t, true);
    });
    const pan = dir => { const half = (view.to - view.from) / 2; setRange(view.from + dir * half, view.to + dir * half, true); };
    $('left').addEventListener('click', () => pan(-1));
    $('right').addEventListener('click', () => pan(1));
    $('out').addEventListener('click', () => {
      const prev = zoomStack.pop();
      if (prev) setRange(prev.from, prev.to, false);
      else { const span = view.to - view.from; setRange(view.from - span / 2, view.to + span / 2, false); }
    });
    const p = new URLSearchParams(location.search);
    const from = Date.parse(p.get('from')), to = Date.parse(p.get('to'));
    // A sensor silent for over a day (a sampled history, a sensor gone offline) opens on its last day
    // of readings, not on an empty chart of the last 24 h.
    const end = lastAt < Date.now() - 24 * HOUR ? lastAt + HOUR : Date.now();
    if (from < to) setRange(from, to, false); else setRange(end - 24 * HOUR, end, false);
    AW.live('?sensor=' + encodeURIComponent(id), { readings: onReadings, alerts: () => following() && load(), resync });
  }
  init();
})();
