# Classifies every test-week drift / sensor_drift episode of D1 sets: found by main or not (alerts CSV of a harness run),
# and how visible it is against the sensor's own history at the same local time.
# Usage: python3 sdrift-classify.py ALERTDIR SEED...   (r_/a_/b_/tz_ exports of sdrift-export.sh in the working
# directory; ALERTDIR/SEED.alerts.csv from sdrift-harness.sh). Classes: masked (another movement during the episode at
# least twice the drift's offset, for particulate also 3 spreads of the usual move: a warm-up, cool-down, setpoint
# change, bursts), level (the end level beyond every training day at that local clock by >= 1 robust spread), move (the move over the episode's span >= 3 robust spreads of the
# training days' moves at that clock, and the offset too), end (only the step back at the end, >= 6 reading-noise
# sigmas), none. See /tmp/acc-sdrift.md (sdrift, 2026-12-07).
import sys, os, csv, datetime, json, collections
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_common import load, SETS
from zoneinfo import ZoneInfo

SETS.update({'5151': ('2026-02-16T00:00:00Z', '2026-02-23T00:00:00Z'), '2024': ('2026-05-11T00:00:00Z', '2026-05-18T00:00:00Z'),
             '6060': ('2026-09-14T00:00:00Z', '2026-09-21T00:00:00Z'), '8181': ('2026-04-20T00:00:00Z', '2026-04-27T00:00:00Z')})
MAD = 1.4826


def rmad(a):
    a = np.asarray(a, float); a = a[~np.isnan(a)]
    if len(a) == 0: return np.nan
    return MAD * np.median(np.abs(a - np.median(a)))


def lvl(x, i, w=15):
    """median of the w readings up to index i (exclusive)"""
    seg = x[max(0, i - w):i]
    return np.nanmedian(seg) if np.any(~np.isnan(seg)) else np.nan


def classify(s, alertdir, rows):
    R, A, B, T0, t0, t1, tz = load(s)
    alerts = collections.defaultdict(list)
    if os.path.exists(f'{alertdir}/{s}.alerts.csv'):
        for r in csv.reader(open(f'{alertdir}/{s}.alerts.csv')):
            alerts[r[0]].append((int(r[2]), r[1], r[3]))
    ntr = (t0 - T0) // 60
    for sid, kind, st, en, p in A:
        if kind not in ('drift', 'sensor_drift') or st < t0 or st >= t1: continue
        x = R[sid]; z = ZoneInfo(tz[sid])
        i0 = (st - T0) // 60; i1 = (en - T0) // 60; dur = en - st
        ls = datetime.datetime.fromtimestamp(st, z)
        found = [a for a in alerts[sid] if st <= a[0] <= en + 120]
        # training days at the same local clock
        moves, ends, noise = [], [], []
        same_type_moves = []
        wk = ls.weekday() >= 5
        d = datetime.datetime.fromtimestamp(T0, z).date()
        while True:
            sd = datetime.datetime.combine(d, ls.time(), z)
            a0 = int(sd.timestamp()); a1 = a0 + dur
            d += datetime.timedelta(days=1)
            if a0 - 3600 < T0: continue
            if a1 + 3600 >= t0: break
            j0 = (a0 - T0) // 60; j1 = (a1 - T0) // 60
            L0, L1 = lvl(x, j0), lvl(x, j1)
            if np.isnan(L0) or np.isnan(L1): continue
            moves.append(L1 - L0); ends.append(L1)
            if (sd.weekday() >= 5) == wk: same_type_moves.append(L1 - L0)
            seg = x[j0 - 60:j1 + 60]; dd = np.diff(seg); noise.extend(dd[~np.isnan(dd)])
        noise = np.array(noise)
        sn = rmad(noise) / np.sqrt(2)
        if not sn > 0:  # quantised quiet sensor: the resolution
            nz = np.abs(noise[noise != 0]); sn = np.min(nz) if len(nz) else 0.01
        off = p.get('direction', 1) * p.get('ratePerMinute', 0) * dur / 60
        moves = np.array(moves)
        smove = max(rmad(moves), sn * np.sqrt(2.0 / 15))
        smove_t = max(rmad(same_type_moves), sn * np.sqrt(2.0 / 15)) if len(same_type_moves) >= 3 else np.nan
        Ls, Le = lvl(x, i0), lvl(x, i1)
        obs = Le - Ls
        zobs = (obs - np.median(moves)) / smove
        # what the usual move range is: 5th..95th of the training days
        pct = 100.0 * np.mean(np.array(ends) < Le) if len(ends) else np.nan
        # the step at the end: median of 5 readings before the end against 5 from the second reading after
        ends_a = np.array(ends)
        se = max(rmad(ends_a), sn * np.sqrt(2.0 / 15))
        lm = ((Le - ends_a.max()) if off > 0 else (ends_a.min() - Le)) / se if len(ends_a) else np.nan
        pre = np.nanmedian(x[i1 - 5:i1]); post = np.nanmedian(x[i1 + 1:i1 + 6])
        step = (pre - post) * np.sign(off)
        # the largest rise/fall of the level over the episode's length at any time of the training days
        Lall = x[:ntr]
        rows.append(dict(set=s, kind=kind, sid=sid, cat=sid.split('-')[0], local=ls.strftime('%a %H:%M'),
                         h=dur / 3600, off=off, sn=sn, zn=abs(off) / sn, smove=smove, zm=abs(off) / smove,
                         zm_t=abs(off) / smove_t if smove_t == smove_t else np.nan,
                         obs=obs, zobs=zobs, pct=pct, step_n=step / sn,
                         found=bool(found), how=';'.join(f'{k}+{(t - st) // 60}m' for t, k, _ in found[:2]),
                         ndays=len(moves), st=st, en=en, lm=lm, se=se))


if __name__ == '__main__':
    rows = []
    for s in sys.argv[2:]:
        classify(s, sys.argv[1], rows)
    for r in rows:
        sg = 1 if r['off'] > 0 else -1
        r['masked'] = abs(r['obs'] - r['off']) > 2 * abs(r['off']) and (r['cat'] != 'pm' or abs(r['obs'] - r['off']) > 3 * r['smove'])
        r['lvl_out'] = r['lm'] >= 1
        r['move_out'] = r['zm'] >= 3 and r['zobs'] * sg >= 3
        r['end_vis'] = r['step_n'] >= 6
        r['cls'] = ('masked' if r['masked'] else 'level' if r['lvl_out'] else 'move' if r['move_out']
                    else 'end' if r['end_vis'] else 'none')
    json.dump(rows, open('classes.json', 'w'), default=lambda o: o.item() if hasattr(o, 'item') else str(o))
    for r in rows:
        print('{set:5s} {kind:12s} {sid:26s} {local:9s} {h:4.1f}h off {off:+6.1f} sn {sn:5.2f} zn {zn:6.1f} smove {smove:6.2f} zm {zm:5.1f} zm_t {zm_t:5.1f} obs {obs:+6.1f} zobs {zobs:+6.1f} pct {pct:3.0f} step {step_n:6.1f} {cls:5s} {fd}'.format(
            fd=('FOUND ' + r['how']) if r['found'] else '-', **r))
