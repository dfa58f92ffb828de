# Lists every drift episode of the test week of D1 sets: sensor, local start, length, rate, total, level before, training
# percentiles 5/50/95, state (idle / hold / moving) and the benign events around it. Usage: python3 drift-misses.py SEED...
import os
import sys, numpy as np, datetime
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from drift_common import *
from zoneinfo import ZoneInfo
def rmed(x,w):
    # centered? trailing median over w, nan-aware
    n=len(x); out=np.full(n,np.nan)
    from numpy.lib.stride_tricks import sliding_window_view as sw
    v=sw(x,w); m=np.nanmedian(v,axis=1); out[w-1:]=m; return out
for s in sys.argv[1:]:
    R,A,B,T0,t0,t1,tz=load(s)
    for sid,kind,st,en,p in A:
        if kind!='drift' or st<t0: continue
        x=R[sid]; i0=(st-T0)//60; i1=(en-T0)//60
        tr=x[:(t0-T0)//60]
        q=np.nanpercentile(tr,[5,50,95])
        L=rmed(x,31)
        i1=min(i1,len(x)-1); pre=L[i0]; endl=L[i1]
        z=ZoneInfo(tz[sid]); loc=datetime.datetime.fromtimestamp(st,z)
        ben=collections.Counter(b[1] for b in B if b[0]==sid and b[2]<en and b[3]>st-3600)
        rate=p.get('ratePerMinute')*p.get('direction')
        # pre-slope: level change in hour before start
        sl_pre=L[i0]-L[i0-60]
        state='idle' if (sid.startswith('oven') and pre<q[0]+0.15*(q[2]-q[0])) else 'hold'
        if abs(sl_pre)>3: state+='/moving%+.0f'%sl_pre
        print(f"{s} {sid:26s} {loc:%a %H:%M}L {(en-st)/3600:.1f}h rate{rate:+.3f} tot{rate*(en-st)/60:+.1f} pre{pre:6.1f} q{q[0]:.0f}/{q[1]:.0f}/{q[2]:.0f} {state:14s} ben:{dict(ben)}")
