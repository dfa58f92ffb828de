// Evaluation page: the evaluate table of a chosen period as bar charts by anomaly kind.
'use strict';
(() => {
  const { el, getJson } = AW;
  const $ = id => document.getElementById(id);

  function bars(title, kinds, series, yMax) {
    const fig = el('figure', {}, el('figcaption', { text: title }));
    fig.dataset.values = JSON.stringify(Object.fromEntries(series.map(s => [s.label, s.values])));
    fig.dataset.kinds = JSON.stringify(kinds);
    $('charts').append(fig);
    const n = series.length;
    const top = yMax ?? Math.max(1, ...series.flatMap(s => s.values.filter(v => v != null))) * 1.1;
    const opts = {
      width: Math.max(400, fig.clientWidth - 16), height: 260,
      scales: { x: { time: false, range: [-0.6, kinds.length - 0.4] }, y: { range: [0, top] } },
      axes: [
        { values: (u, vals) => vals.map(v => Number.isInteger(v) ? (kinds[v] ?? '') : ''), splits: () => kinds.map((_, i) => i), rotate: -30, size: 70 },
        { size: 50 },
      ],
      series: [{}, ...series.map((s, i) => ({
        label: s.label, fill: s.color, stroke: s.color,
        // Two series: the first left of each kind's tick, the second right of it.
        paths: uPlot.paths.bars({ size: [0.8 / n, 40], align: n === 1 ? 0 : (i === 0 ? -1 : 1) }),
        points: { show: false },
      }))],
    };
    new uPlot(opts, [kinds.map((_, i) => i), ...series.map(s => s.values)], fig);
  }

  function render(r) {
    $('charts').replaceChildren();
    const kinds = Object.keys(r.by_kind).sort();
    const pick = f => kinds.map(k => r.by_kind[k][f] ?? null);
    $('summary').textContent = `${r.sensors} sensors, ${r.sensor_days.toFixed(1)} sensor-days · overall recall ${r.recall.toFixed(3)}, precision ${r.precision.toFixed(3)}, F1 ${r.f1.toFixed(3)}`;
    if (!kinds.length) { $('charts').append(el('p', { class: 'muted', text: 'no episodes or alerts in this period' })); return; }
    // No bar where there is nothing to judge: the API's recall of a kind without episodes (and
    // precision of one without alerts) is 1, which drew a full green bar for a kind that never happened.
    const judged = (f, count) => kinds.map(k => (count(r.by_kind[k]) > 0 ? r.by_kind[k][f] ?? null : null));
    bars('Recall and precision by kind', kinds, [
      { label: 'recall', values: judged('recall', m => m.episodes), color: 'rgba(46,125,50,0.8)' },
      { label: 'precision', values: judged('precision', m => m.true_alerts + m.false_alerts), color: 'rgba(59,111,216,0.8)' }], 1.05);
    bars('Detection delay by kind (readings)', kinds, [
      { label: 'median', values: pick('median_delay_readings'), color: 'rgba(255,152,0,0.8)' },
      { label: 'p95', values: pick('p95_delay_readings'), color: 'rgba(183,28,28,0.7)' }]);
    bars('False alerts by kind (per sensor-day)', kinds, [
      { label: 'false alerts / sensor-day', values: pick('false_alerts_per_sensor_day'), color: 'rgba(183,28,28,0.8)' }]);
    if (r.benign && Object.keys(r.benign).length) {
      const b = Object.keys(r.benign).sort();
      bars('False alerts by benign event kind', b, [
        { label: 'false alerts', values: b.map(k => r.benign[k].false_alerts ?? r.benign[k]), color: 'rgba(30,136,229,0.8)' }]);
    }
    $('charts').dataset.drawn = String($('charts').querySelectorAll('canvas').length);
  }

  function load() {
    const p = new URLSearchParams();
    if ($('since').value) p.set('since', new Date($('since').value + 'Z').toISOString());
    if ($('until').value) p.set('until', new Date($('until').value + 'Z').toISOString());
    getJson('/api/evaluation?' + p).then(render).catch(e => AW.showError($('charts'), e));
  }

  AW.nav('Evaluation');
  $('apply').addEventListener('click', load);
  load();
})();
