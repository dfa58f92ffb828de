# Replica of detect/SensorDriftEndCheck over CSV exports of the D1 templates (slow, 2026-12-04); see
# docs/accuracy-log.md "Slow faults in D1: a particulate sensor's drift found at its end" for the exports.
# Run in the directory holding r_SEED.csv and a_SEED.csv: python3 sensor-drift-end.py FLOOR SEED...
# shipped: FLOOR 7.5 (prints per set: sensor_drift found / episodes, other kinds hit, false verdicts).
import csv, sys, datetime, numpy as np
SETS = {'1234': '2026-03-25', '7': '2026-10-20', '99': '2026-01-12', '31': '2026-07-06', '2718': '2026-08-10',
        '4711': '2026-10-28'}
P = dict(zmin=4.0, lvl=5, first=0.5, flat=0.35, minback=60, maxback=300, backstep=5, mindep=0.6, ret=0.35,
         line=0.3, jump=0.5, jumps=2, calm=60)
def ts(d): return int(datetime.datetime.fromisoformat(d + 'T00:00:00+00:00').timestamp())
def load(s):
    R = {}
    for sid, t, v in csv.reader(open(f'r_{s}.csv')):
        if sid.startswith('pm-'):
            R.setdefault(sid, ([], []))[0].append(int(t)); R[sid][1].append(float(v))
    R = {k: (np.array(a), np.array(b)) for k, (a, b) in R.items()}
    A = [(r[0], r[1], int(r[2]), int(r[3])) for r in csv.reader(open(f'a_{s}.csv'))]
    return R, A
def falls(t, v):
    """(time of the falling reading, noise widths) of every fall passing the whole test at >= zmin widths"""
    n = len(v); d = np.diff(v); med = lambda a, b: np.median(v[a:b]); out = []
    for i in range(P['maxback'] + 10, n - 2):
        b = med(i - P['lvl'], i); a = med(i, i + 3); D = b - a
        if D <= 0 or v[i - 1] - v[i] < P['first'] * D or abs(v[i + 2] - v[i + 1]) > P['flat'] * D:
            continue
        if t[i + 2] - t[i - P['calm']] > 1.6 * (P['calm'] + 2) * 60:
            continue
        dd = d[i - P['calm'] - 1:i - 1]; nz = np.median(np.abs(dd - np.median(dd))) * 1.4826
        if nz <= 0 or D / nz < P['zmin']:
            continue
        for H in range(P['minback'], P['maxback'] + 1, P['backstep']):
            left = med(i - H - 7, i - H + 8); rise = b - left
            if rise < P['mindep'] * D or abs(a - left) > P['ret'] * rise:
                continue
            if np.count_nonzero(np.abs(d[i - H:i - 1]) > P['jump'] * D) > P['jumps']:
                continue
            if all(abs((med(i - int(H * (1 - f)) - 7, i - int(H * (1 - f)) + 8) - left) / rise - f) <= P['line']
                   for f in (0.25, 0.5, 0.75)):
                out.append((int(t[i]), D / nz)); break
    return out
floor = float(sys.argv[1])
for s in sys.argv[2:]:
    R, A = load(s); t0 = ts(SETS[s]); t1 = t0 + 7 * 86400; found = set(); false = 0
    for sid, (t, v) in sorted(R.items()):
        c = falls(t, v); days = {}
        for x, z in c:
            if t0 - 14 * 86400 <= x < t0:
                days[x // 86400] = max(days.get(x // 86400, 0), z)
        top = sorted(days.values(), reverse=True) + [0, 0]
        bound = max(floor, top[1]); last = -1e18
        for x, z in c:
            if not (t0 <= x < t1) or z < bound:
                continue
            hit = [(k, e0) for s2, k, e0, e1 in A if s2 == sid and e0 <= x + 120 and x <= e1 + 120]
            if hit:
                found.update((sid,) + h for h in hit)
            elif x - last > 3600:
                false += 1; last = x
    eps = [(sid, e0) for sid, k, e0, e1 in A if k == 'sensor_drift' and t0 <= e0 < t1]
    got = sum((sid, 'sensor_drift', e0) in found for sid, e0 in eps)
    print(s, 'sensor_drift %d/%d' % (got, len(eps)), 'other kinds', sorted(k for _, k, _ in found if k != 'sensor_drift'),
          'false', false)
