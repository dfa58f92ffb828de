# plot.py SEED SID START_EPOCH... : the episode's readings (6 h before to 2 h after) over the 14 training days at the
# same local clock (grey), into p_SEED_SID.png
import sys, os, datetime
import numpy as np
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_common import load
from zoneinfo import ZoneInfo
s = sys.argv[1]
R, A, B, T0, t0, t1, tz = load(s)
eps = {(a[0], a[2]): a for a in A}
for arg in sys.argv[2:]:
    sid, stt = arg.split('@'); st = int(stt)
    a = eps[(sid, st)]; en = a[3]; z = ZoneInfo(tz[sid]); x = R[sid]
    ls = datetime.datetime.fromtimestamp(st, z)
    pre, post = 6 * 3600, 2 * 3600
    fig, ax = plt.subplots(figsize=(10, 4))
    d = datetime.datetime.fromtimestamp(T0, z).date()
    while True:
        a0 = int(datetime.datetime.combine(d, ls.time(), z).timestamp()); d += datetime.timedelta(days=1)
        if a0 - pre < T0: continue
        if a0 + (en - st) + post >= t0: break
        j = (a0 - pre - T0) // 60; k = (a0 + en - st + post - T0) // 60
        ax.plot((np.arange(j, k) * 60 + T0 - a0) / 3600, x[j:k], color='0.75', lw=0.5)
    j = (st - pre - T0) // 60; k = (en + post - T0) // 60
    ax.plot((np.arange(j, k) * 60 + T0 - st) / 3600, x[j:k], color='k', lw=0.8)
    ax.axvspan(0, (en - st) / 3600, color='r', alpha=0.1)
    for b in B:
        if b[0] == sid and b[3] > st - pre and b[2] < en + post:
            ax.axvspan((b[2] - st) / 3600, (b[3] - st) / 3600, color='b', alpha=0.08)
    for o in A:
        if o[0] == sid and o[3] > st - pre and o[2] < en + post and o[2] != st:
            ax.axvspan((o[2] - st) / 3600, (o[3] - st) / 3600, color='orange', alpha=0.15)
    ax.set_title(f'{s} {sid} {a[1]} {ls:%a %H:%M} local  {a[4].get("direction", 1) * a[4].get("ratePerMinute", 0) * (en - st) / 60:+.1f} over {(en - st) / 3600:.1f} h')
    ax.set_xlabel('hours from start (grey: 14 training days, same local clock)')
    off = abs(a[4].get("ratePerMinute", 0) * (en - st) / 60)
    seg = x[(st - 3600 - T0) // 60:(en + 3600 - T0) // 60]
    lo, hi = np.nanpercentile(seg, [5, 95]); pad = max(2.5 * off, 0.3 * (hi - lo))
    ax.set_ylim(lo - pad, hi + pad)
    fig.tight_layout(); fig.savefig(f'p_{s}_{sid}.png', dpi=70); plt.close(fig)
