# Replica of SensorDriftEndCheck's fall with no rise before it (slow2, 2026-12-06) over CSV exports of a D1 template in
# the working directory (r_SEED.csv, a_SEED.csv, b_SEED.csv, tz_SEED.txt as drift_common.py reads them; see docs/accuracy-log.md
# "A particulate drift's end with no rise before it"):   NZ=1 python3 sensor-drift-without-rise.py FLOOR SEED...   (shipped: FLOOR 10)
# A fall D made mostly in one reading then flat (sensor-drift-end.py's test 1; no lost readings among its 5 before and 2
# after, nor many over the hour before) where no reading of the 60 before it rose by Q x D or more (Q=0.5): a drift
# climbs slowly, a spike's return or a clearing burst has its rise. Noise width from the same 60 changes (NZ=1: without
# changes of exactly 0), bound per sensor max(FLOOR, second largest training day's largest widths). Prints per set the
# sensor_drift episodes found, every sensor_drift episode's largest passing fall within 3 readings of its end (or why
# none), the false verdicts (outside every labelled episode of the sensor, once an hour) and the margin: the largest
# test-week falls outside labelled episodes, in widths and against their sensor's bound.
import os, sys
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view as sw
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_common import load
P = dict(first=0.5, flat=0.35)
FL = float(sys.argv[1]); seeds = sys.argv[2:]
Q = float(os.environ.get('Q', '0.5')); NB = 60
def readings(R, T0):
    """each particulate sensor's (epoch seconds, value) of the readings it has (drift_common's minute grid without NaN)"""
    out = {}
    for sid, g in R.items():
        if sid.startswith('pm-'):
            have = np.nonzero(~np.isnan(g))[0]; out[sid] = (T0 + 60 * have, g[have])
    return out
def falls_without_rise(t, v):
    """(time of the falling reading, noise widths, largest rise of the hour / D) of every one-reading held fall"""
    n = len(v); d = np.diff(v); out = []
    b5 = np.full(n, np.nan); b5[5:] = np.median(sw(v, 5), axis=1)[:n - 5]
    a3 = np.full(n, np.nan); a3[:n - 2] = np.median(sw(v, 3), axis=1)
    D = b5 - a3
    for i in range(NB + 20, n - 2):
        Di = D[i]
        if not Di > 0 or v[i - 1] - v[i] < P['first'] * Di or abs(v[i + 2] - v[i + 1]) > P['flat'] * Di: continue
        if t[i + 2] - t[i - 5] > 1.6 * 7 * 60 or t[i + 2] - t[i - NB - 1] > 1.6 * (NB + 3) * 60: continue
        dd = d[i - NB - 1:i - 1]; rose = dd.max() / Di
        if os.environ.get('NZ'): dd = dd[dd != 0]
        if len(dd) < 10: continue
        nz = np.median(np.abs(dd - np.median(dd))) * 1.4826
        if nz > 0: out.append((int(t[i]), Di / nz, rose))
    return out
tf = te = tfa = 0; margin = []
for s in seeds:
    G, A5, _, T0, t0, t1, _ = load(s); R = readings(G, T0); A = [a[:4] for a in A5]
    found = set(); false = []; ends = []
    for sid, (t, v) in sorted(R.items()):
        c = falls_without_rise(t, v); days = {}
        for x, z, r in c:
            if t0 - 14 * 86400 <= x < t0 and r < Q: days[x // 86400] = max(days.get(x // 86400, 0), z)
        top = sorted(days.values(), reverse=True) + [0, 0]
        bound = max(FL, top[1]); last = -1e18
        for sid2, k, e0, e1 in A:
            if sid2 == sid and k == 'sensor_drift' and t0 <= e0 < t1:
                near = [(z, r) for x, z, r in c if e1 - 180 <= x <= e1 + 120]
                best = max(near, default=None, key=lambda zr: (zr[1] < Q, zr[0]))
                ends.append((sid, 'no one-reading held fall' if best is None else
                             '%.1f widths, rose %.2f D, bound %.1f%s' % (best[0], best[1], bound,
                             ' FOUND' if best[1] < Q and best[0] >= bound else '')))
        for x, z, r in c:
            if not (t0 <= x < t1) or r >= Q: continue
            hit = [(k, e0) for s2, k, e0, e1 in A if s2 == sid and e0 <= x + 120 and x <= e1 + 120]
            if not hit: margin.append((round(float(z), 1), round(float(z / bound), 2), s, sid, x))
            if z < bound: continue
            if hit: found.update((sid,) + h for h in hit)
            elif x - last > 3600: false.append((sid, x, round(float(z), 1), round(float(bound), 1))); last = x
    eps = [(sid, e0) for sid, k, e0, e1 in A if k == 'sensor_drift' and t0 <= e0 < t1]
    got = [sid for sid, e0 in eps if (sid, 'sensor_drift', e0) in found]
    print(s, 'sensor_drift %d/%d' % (len(got), len(eps)), got, 'other kinds', sorted(k for _, k, _ in found if k != 'sensor_drift'),
          'false', len(false), false)
    for e in ends: print('   ', *e)
    tf += len(got); te += len(eps); tfa += len(false)
print('TOTAL floor', FL, 'Q', Q, 'NZ', os.environ.get('NZ'), 'found', tf, 'of', te, 'false', tfa)
margin.sort(reverse=True)
print('largest unlabelled falls (widths, / bound, set, sensor, time):', margin[:5])
