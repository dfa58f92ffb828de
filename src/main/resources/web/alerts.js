// Alerts page: open and resolved alerts filtered by site, location type, kind, sensor and time; acknowledge and
// resolve send the token (asked once per tab, kept in sessionStorage).
'use strict';
(() => {
  const { el, getJson, post, sensorUrl, fmtTime, fmtValue, fmtReading } = AW;
  const $ = id => document.getElementById(id);

  function query() {
    const p = new URLSearchParams({ limit: 500 });
    if ($('open').value) p.set('open', $('open').value);
    if ($('site').value) p.set('site', $('site').value);
    if ($('location').value) p.set('location', $('location').value);
    if ($('kind').value.trim()) p.set('kind', $('kind').value.trim());
    if ($('sensor').value.trim()) p.set('sensor', $('sensor').value.trim());
    if ($('since').value) p.set('since', new Date($('since').value + 'Z').toISOString());
    return '/api/alerts?' + p;
  }

  function act(a, what) {
    post(`/api/alerts/${a.id}/${what}`)
      .then(r => { $('message').textContent = `alert ${a.id}: ${r.result}`; $('message').className = 'muted'; load(); })
      .catch(e => { $('message').textContent = `alert ${a.id}: ${e.message}`; $('message').className = 'error'; });
  }

  function render(body) {
    const n = body.alerts.length;
    $('count').textContent = `${n} alert${n === 1 ? '' : 's'}`;
    $('rows').replaceChildren(...body.alerts.map(a => {
      const expected = a.expectedLow == null ? '—' : `${fmtValue(a.expectedLow)}–${fmtValue(a.expectedHigh)}`;
      const state = a.open ? (a.acknowledgedAt ? 'acknowledged' : 'open') : 'resolved ' + fmtTime(a.resolvedAt);
      const buttons = el('td', {},
        a.open && !a.acknowledgedAt ? el('button', { type: 'button', text: 'acknowledge', onclick: () => act(a, 'acknowledge') }) : null,
        a.open ? el('button', { type: 'button', text: 'resolve', onclick: () => act(a, 'resolve') }) : null);
      return el('tr', { 'data-alert': a.id },
        el('td', { text: fmtTime(a.openedAt) }),
        el('td', {}, el('a', { href: sensorUrl(a.sensor), text: a.sensor })),
        el('td', { text: a.site ?? a.location }), el('td', { text: a.kind }),
        el('td', { class: 'num', text: a.peakScore.toFixed(2) }),
        el('td', { class: 'num', text: fmtReading(a.value, a.unit) }),
        el('td', { class: 'num', text: expected }),
        el('td', { text: a.explanation }), el('td', { text: state }), buttons);
    }));
  }

  function load() { getJson(query()).then(render).catch(e => AW.showError($('rows'), e)); }

  // The fleet's sites and locations: again whenever it gains sensors, which may bring new ones.
  function loadFilters() {
    AW.fillFilter($('site'), '/api/sites', 'sites');
    AW.fillFilter($('location'), '/api/locations', 'locations');
  }

  AW.nav('Alerts');
  loadFilters();
  for (const f of ['open', 'site', 'location', 'kind', 'sensor', 'since']) $(f).addEventListener('change', load);
  load();
  AW.live('?sensor=-', { alerts: load, sensors: loadFilters, resync: () => { loadFilters(); load(); } });
})();
