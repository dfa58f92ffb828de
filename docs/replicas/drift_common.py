# Shared loader of the drift replicas (drift, 2026-12-05): CSV exports of a D1 template in the working directory
# (r_SEED.csv readings, a_SEED.csv anomaly_events, b_SEED.csv benign_events, tz_SEED.txt sensor|timezone); see docs/accuracy-log.md
# "Slow drift of ovens and heaters: the 23 misses by category".
import csv, json, numpy as np, collections, datetime
from zoneinfo import ZoneInfo
SETS={'1234':('2026-03-25T00:00:00Z','2026-04-01T00:00:00Z'),'7':('2026-10-20T00:00:00Z','2026-10-27T00:00:00Z'),
 '99':('2026-01-12T00:00:00Z','2026-01-19T00:00:00Z'),'31':('2026-07-06T00:00:00Z','2026-07-13T00:00:00Z'),
 '2718':('2026-08-10T00:00:00Z','2026-08-17T00:00:00Z'),'4711':('2026-10-28T00:00:00Z','2026-11-04T00:00:00Z')}
def ep(d): return int(datetime.datetime.fromisoformat(d.replace('Z','+00:00')).timestamp())
def load(s, d='.'):
    raw=collections.defaultdict(lambda:([],[]))
    for sid,t,v in csv.reader(open(f'{d}/r_{s}.csv')):
        a=raw[sid]; a[0].append(int(t)); a[1].append(float(v))
    T0=min(a[0][0] for a in raw.values()); T0-=T0%60
    T1=max(a[0][-1] for a in raw.values())
    n=(T1-T0)//60+1
    R={}
    for k,a in raw.items():
        g=np.full(n,np.nan); idx=(np.array(a[0])-T0)//60; g[idx]=a[1]; R[k]=g
    A=[(r[0],r[1],int(r[2]),int(r[3]),json.loads(r[4])) for r in csv.reader(open(f'{d}/a_{s}.csv'))]
    B=[(r[0],r[1],int(r[2]),int(r[3])) for r in csv.reader(open(f'{d}/b_{s}.csv'))]
    tz={l.split('|')[0]:l.strip().split('|')[1] for l in open(f'{d}/tz_{s}.txt')}
    t0,t1=SETS[s]
    return R,A,B,T0,ep(t0),ep(t1),tz
