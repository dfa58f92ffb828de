# Tried and not shipped (slow, 2026-12-06): a held level (13 medians of 15 over HOLD readings within 6 robust spreads)
# that then moves along a line for RUN readings by >= 6 spreads, no 5-minute step above 0.3 of it; bound per sensor and
# sign max(FLOOR, second largest training day). Run in the directory of the CSV exports:
#   HOLD=60 RUN=90 LINE=0.25 python3 held-creep.py heater|oven FLOOR SEED...
import os, sys, numpy as np
from drift_common import *
from numpy.lib.stride_tricks import sliding_window_view as sw
cat=sys.argv[1]; FL=float(sys.argv[2]); seeds=sys.argv[3:]
HOLD=int(os.environ.get('HOLD','60')); RUN=int(os.environ.get('RUN','90')); LINE=float(os.environ.get('LINE','0.25'))
def tmed(x,w):
    out=np.full(len(x),np.nan); out[w-1:]=np.nanmedian(sw(x,w),axis=1); return out
def stats(x):
    L=tmed(x,15); n=len(x); out=np.full(n,np.nan)
    for t in range(HOLD+RUN+15,n,5):
        h=L[t-RUN-HOLD:t-RUN+1:5]
        if np.isnan(h).any() or np.isnan(L[t]): continue
        hm=np.median(h); s=max(1.4826*np.median(np.abs(h-hm)), 0.05)
        if h.max()-h.min() > 6*s: continue          # not held
        tot=L[t]-hm
        if abs(tot) < 6*s: continue
        p=L[t-RUN:t+1:5]
        if np.isnan(p).any(): continue
        fr=(p-hm)/tot; line=np.linspace(0,1,len(p))
        if np.abs(fr-line).max()>LINE: continue      # along a line, no step
        if np.abs(np.diff(p)).max()>0.3*abs(tot): continue
        out[t]=tot/s
    return out
T=[0,0,0]
for s in seeds:
    R,A,B,T0,t0,t1,tz=load(s); ntr=(t0-T0)//60; found=set(); false=[]
    for sid,x in sorted(R.items()):
        if not sid.startswith(cat): continue
        z=stats(x)
        for sg in (1,-1):
            zz=sg*z
            days={}
            for i in np.nonzero(zz[:ntr]>0)[0]:
                days[i//1440]=max(days.get(i//1440,0),zz[i])
            top=sorted(days.values(),reverse=True)+[0,0]
            b=max(FL,top[1]); last=-1e18
            for i in np.nonzero(zz>=b)[0]:
                if i<ntr or i>=(t1-T0)//60: continue
                x0=T0+i*60
                hit=[(k,e0) for s2,k,e0,e1,p in A if s2==sid and e0<=x0<=e1+120]
                if hit: found.update((sid,)+h for h in hit)
                elif x0-last>3600:
                    ben=[k for s2,k,e0,e1 in B if s2==sid and e0-3*3600<=x0<=e1+3600]
                    false.append((sid[:-4],sg,round(zz[i],1),round(b,1),ben[:2])); last=x0
    eps=[(sid,e0) for sid,k,e0,e1,p in A if k=='drift' and sid.startswith(cat) and t0<=e0<t1]
    got=[sid for sid,e0 in eps if (sid,'drift',e0) in found]
    print(s,cat,'drift %d/%d'%(len(got),len(eps)),got,'other',[k for _,k,_ in found if k!='drift'],'false',len(false),false[:5])
    T[0]+=len(got);T[1]+=len(eps);T[2]+=len(false)
print('TOTAL',cat,FL,HOLD,RUN,LINE,T)
