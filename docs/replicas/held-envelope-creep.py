# peaks.py CAT H FLOOR SEED... : a held controller's upper envelope that creeps while the controller keeps cycling.
# U = max over W readings of the 3-reading median; "cycling" = in each W window the level both rises and falls, the
# smaller at least RATIO of the larger and the larger at least CYC noise widths; judged every 5 min: U's move over H
# readings, every window of the span cycling, along a line (middle within LINE of the move), in units of the training's
# robust spread of such moves; bound = max(FLOOR, second largest training day's largest). found/false as the replicas.
# Options (environment): HELD=1 the envelope above the middle of the training 5th-95th percentiles (the oven on);
# PRE=r the H readings before the span moved at most r times the span's move that way (no decelerating approach);
# JUMP=j no 10-reading change of the envelope in the span above j times the move (no staircase); FRAC (0.8) the share
# of windows that must cycle; CAP=c no verdict above c (a move that large is a setpoint change). docs: /tmp/acc-sdrift.md
# (sdrift, 2026-12-07). STEP=1 judges every reading (default every 5th); ALERTS=1 counts alert openings as the monitor
# would (a verdict opens one, 5 quiet readings resolve it). Measured: STEP=1 ALERTS=1 CAP=10 HELD=1 PRE=1.0 JUMP=0.5
# python3 held-envelope-creep.py oven 120 4 SEED...
import sys, os, collections, datetime
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view as sw
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_common import load, SETS
SETS.update({'5151': ('2026-02-16T00:00:00Z', '2026-02-23T00:00:00Z'), '2024': ('2026-05-11T00:00:00Z', '2026-05-18T00:00:00Z'),
             '6060': ('2026-09-14T00:00:00Z', '2026-09-21T00:00:00Z'), '8181': ('2026-04-20T00:00:00Z', '2026-04-27T00:00:00Z')})
W, RATIO, CYC, LINE = 30, 0.3, 6.0, 0.3
FRAC = float(os.environ.get("FRAC", "0.8"))
cat = sys.argv[1]; H = int(sys.argv[2]); FLOOR = float(sys.argv[3])


def roll(f, x, w):
    out = np.full(len(x), np.nan)
    with np.errstate(all='ignore'):
        import warnings; warnings.simplefilter('ignore')
        out[w - 1:] = f(sw(x, w), axis=1)
    return out


def U_pre(x3):
    return roll(np.nanmax, x3, W)


tot_f = tot_n = tot_false = 0
for s in sys.argv[4:]:
    R, A, B, T0, t0, t1, tz = load(s)
    ntr = (t0 - T0) // 60; nte = (t1 - T0) // 60
    eps = collections.defaultdict(list)
    for sid, kind, st, en, p in A: eps[sid].append((kind, st, en))
    for sid, x in R.items():
        if not sid.startswith(cat): continue
        x3 = roll(np.nanmedian, x, 3)
        d = np.diff(x3, prepend=np.nan)
        dd = d[:ntr]; dd = dd[~np.isnan(dd)]
        sn = 1.4826 * np.median(np.abs(dd - np.median(dd))) or 0.1
        rises = roll(np.nansum, np.clip(d, 0, None), W); falls = roll(np.nansum, np.clip(-d, 0, None), W)
        big = np.maximum(rises, falls); small = np.minimum(rises, falls)
        cyc = (small >= RATIO * big) & (big >= CYC * sn)
        if os.environ.get("HELD"):
            p5, p95 = np.nanpercentile(x[:ntr], [5, 95])
            cyc &= U_pre(x3) >= p5 + 0.5 * (p95 - p5)
        U = roll(np.nanmax, x3, W)
        n = len(x); idx = np.arange(H, n, int(os.environ.get('STEP', '5')))
        allc = roll(np.mean, cyc.astype(float), H + 1)[idx] >= FRAC
        mv = U[idx] - U[idx - H]
        mid = U[idx - H // 2] - (U[idx] + U[idx - H]) / 2
        lin = np.abs(mid) <= LINE * np.abs(mv)
        ok = allc & lin & ~np.isnan(mv)
        ok0 = ok.copy()
        if os.environ.get("JUMP"):
            dU = np.abs(U - np.concatenate([np.full(10, np.nan), U[:-10]]))
            jm = roll(np.nanmax, dU, H - 10)[idx]
            ok &= jm <= float(os.environ.get("JUMP")) * np.abs(mv)
        if os.environ.get("PRE"):
            idx2 = np.maximum(idx - 2 * H, 0)
            pre = (U[idx - H] - U[idx2]) * np.sign(mv)
            allc2 = roll(np.mean, cyc.astype(float), 2 * H + 1)[idx] >= FRAC
            ok &= allc2 & (pre <= float(os.environ.get("PRE")) * np.abs(mv)) & (pre >= -0.3 * np.abs(mv))
        trm = mv[ok0 & (idx < ntr)]
        if len(trm) < 50: continue
        su = max(1.4826 * np.median(np.abs(trm - np.median(trm))), sn)
        score = np.abs(mv) / su
        # bound from the training days
        daymax = collections.defaultdict(float)
        for i, sc, o in zip(idx, score, ok):
            if o and i < ntr: daymax[i // 1440] = max(daymax[i // 1440], sc)
        vals = sorted(daymax.values(), reverse=True)
        bound = max(FLOOR, vals[1] if len(vals) > 1 else 0)
        if os.environ.get("V"): print(sid, "su", round(su, 2), "sn", round(sn, 2), "days", [round(v, 1) for v in vals])
        cap = float(os.environ.get("CAP", "inf"))
        hits = [int(i) for i, sc, o in zip(idx, score, ok) if o and ntr <= i < nte and bound <= sc <= cap]
        t = [T0 + 60 * i for i in hits]
        if os.environ.get("ALERTS"):  # as the monitor: an alert opens at a verdict and resolves after 5 quiet readings
            opened, lastv = [], None
            for u in t:
                if lastv is None or u - lastv > 5 * 60: opened.append(u)
                lastv = u
            t = opened
        myeps = [(k, st, en) for k, st, en in eps[sid]]
        for k, st, en in myeps:
            if k == 'drift' and t0 <= st < t1:
                tot_n += 1
                f = [u for u in t if st <= u <= en + 120]
                tot_f += bool(f)
                print(f'DRIFT {s} {sid} {"hit" if f else "miss"} {((f[0] - st) / 3600) if f else 0:.1f}h bound {bound:.1f} best {max([score[j] for j in range(len(idx)) if ok[j] and st <= T0 + 60 * idx[j] <= en + 120] or [0]):.1f}')
        last = -10 ** 9
        for u in t:
            if any(st - 60 <= u <= en + 300 for k, st, en in myeps): continue
            if os.environ.get("ALERTS") or u - last >= 3600:
                tot_false += 1; last = u
                print(f'FALSE {s} {sid} {datetime.datetime.utcfromtimestamp(u):%m-%d %H:%M} score {score[list(idx).index((u - T0) // 60)]:.1f} bound {bound:.1f}')
print(f'{cat} H {H} floor {FLOOR}: drift found {tot_f} of {tot_n}, false {tot_false}')
