# Replica of SensorDriftEndCheck's fall below the recent floor (slow, 2026-12-06) over CSV exports of the D1
# templates (r_SEED.csv, a_SEED.csv as in docs/accuracy-log.md "Slow faults in D1"), run beside sensor-drift-end.py:
#   Q=0.5 H=120 NZ=1 python3 sensor-drift-below-floor.py FLOOR SEED...     (shipped: FLOOR 10)
# A fall made mostly in one reading then flat (sensor-drift-end.py's test 1) that lands Q x D below every median of 15
# of the H readings before it; noise width from the 60 changes before it (NZ=1: without changes of exactly 0);
# bound per sensor max(FLOOR, second largest training day's largest widths). Prints sensor_drift found, false verdicts
# (outside every labelled episode of the sensor, once an hour). The product also refuses a fall with lost readings
# among its 5 readings before and 2 after (a minute grid with NaN does that here).
import os, sys
FL = float(sys.argv[1]); seeds = sys.argv[2:]
Q = float(os.environ.get('Q', '0.5')); H = int(os.environ.get('H', '120'))
sys.argv = [sys.argv[0], '7.5']
here = os.path.dirname(os.path.abspath(__file__))
exec(open(os.path.join(here, 'sensor-drift-end.py')).read().split('floor = float')[0])
from numpy.lib.stride_tricks import sliding_window_view as sw
def falls_below_floor(t, v):
    n = len(v); d = np.diff(v); out = []
    b5 = np.full(n, np.nan); b5[5:] = np.median(sw(v, 5), axis=1)[:n - 5]
    a3 = np.full(n, np.nan); a3[:n - 2] = np.median(sw(v, 3), axis=1)
    m15 = np.full(n, np.nan); m15[14:] = np.median(sw(v, 15), axis=1)
    D = b5 - a3
    for i in range(max(H, P['calm']) + 20, n - 2):
        Di = D[i]
        if not Di > 0 or v[i - 1] - v[i] < P['first'] * Di or abs(v[i + 2] - v[i + 1]) > P['flat'] * Di: continue
        if t[i + 2] - t[i - H] > 1.6 * (H + 2) * 60: continue
        if a3[i] > np.min(m15[i - H + 14:i]) - Q * Di: continue
        dd = d[i - P['calm'] - 1:i - 1]
        if os.environ.get('NZ'): dd = dd[dd != 0]
        if len(dd) < 10: continue
        nz = np.median(np.abs(dd - np.median(dd))) * 1.4826
        if nz > 0: out.append((int(t[i]), Di / nz))
    return out
tf = te = tfa = 0
for s in seeds:
    R, A = load(s); t0 = ts(SETS[s]); t1 = t0 + 7 * 86400; found = set(); false = []
    for sid, (t, v) in sorted(R.items()):
        c = falls_below_floor(t, v); days = {}
        for x, z in c:
            if t0 - 14 * 86400 <= x < t0: days[x // 86400] = max(days.get(x // 86400, 0), z)
        top = sorted(days.values(), reverse=True) + [0, 0]
        bound = max(FL, top[1]); last = -1e18
        for x, z in c:
            if not (t0 <= x < t1) or z < bound: continue
            hit = [(k, e0) for s2, k, e0, e1 in A if s2 == sid and e0 <= x + 120 and x <= e1 + 120]
            if hit: found.update((sid,) + h for h in hit)
            elif x - last > 3600: false.append((sid, x, round(z, 1), round(bound, 1))); last = x
    eps = [(sid, e0) for sid, k, e0, e1 in A if k == 'sensor_drift' and t0 <= e0 < t1]
    got = [sid for sid, e0 in eps if (sid, 'sensor_drift', e0) in found]
    print(s, 'sensor_drift %d/%d' % (len(got), len(eps)), got, 'other kinds', sorted(k for _, k, _ in found if k != 'sensor_drift'),
          'false', len(false), false)
    tf += len(got); te += len(eps); tfa += len(false)
print('TOTAL floor', FL, 'Q', Q, 'H', H, 'NZ', os.environ.get('NZ'), 'found', tf, 'of', te, 'false', tfa)
