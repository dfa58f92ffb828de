# Tried and not shipped (slow, 2026-12-06): a CUSUM of a switched-off oven's settled level (median of 30, the last 180
# readings below 0.1 of the training 5th-95th range) against the same local clock (+-10 min) of the other training days
# settled off (robust z), per 5 minutes, per sign with slack K, alarm at max(FLOOR, second largest training day's largest).
# Run in the directory of the CSV exports: python3 off-level-cusum.py K FLOOR SEED...
import os, sys, numpy as np, datetime, warnings, collections
warnings.filterwarnings('ignore')
from drift_common import *
from numpy.lib.stride_tricks import sliding_window_view as sw
K=float(sys.argv[1]); FLOOR=float(sys.argv[2]); sets=sys.argv[3:]
W=30; SET=180
tot=[0,0,0]
for s in sets:
    R,A,B,T0,t0,t1,tz=load(s); itest=(t0-T0)//60
    for sid,x in sorted(R.items()):
        if not sid.startswith('oven'): continue
        z=ZoneInfo(tz[sid]); n=len(x)
        q=np.nanpercentile(x[:itest],[5,95]); lo=q[0]+0.1*(q[1]-q[0])
        L=np.full(n,np.nan); L[W-1:]=np.nanmedian(sw(x,W),axis=1)
        mx=np.full(n,np.nan); mx[SET-1:]=np.nanmax(sw(x,SET),axis=1)
        idx=np.arange(SET,n,5); score=np.full(len(idx),np.nan)
        for j,i in enumerate(idx):
            if not (mx[i]<lo): continue
            lt=datetime.datetime.fromtimestamp(T0+i*60,z); vals=[]
            for d in range(-14,15):
                if d==0: continue
                tt=lt-datetime.timedelta(days=d); k=int((tt.timestamp()-T0)//60)
                if k<SET or k>=itest-10: continue
                for o in (-10,-5,0,5,10):
                    kk=k+o
                    if mx[kk]<lo and not np.isnan(L[kk]): vals.append(L[kk])
            if len(vals)<25: continue
            vals=np.array(vals); med=np.median(vals); sd=max(1.4826*np.median(np.abs(vals-med)),0.1)
            score[j]=(L[i]-med)/sd
        eps=[(st,en,k) for (ss,k,st,en,p) in A if ss==sid]
        alarms=[]
        for sg in (1,-1):
            C=np.zeros(len(idx)); c=0
            for j in range(len(idx)):
                v=score[j]
                c=0 if np.isnan(v) else max(0,c+sg*v-K); C[j]=c
            days={}
            for j in np.nonzero(idx<itest)[0]:
                dd=idx[j]//1440; days[dd]=max(days.get(dd,0),C[j])
            top=sorted(days.values(),reverse=True)+[0,0]; b=max(FLOOR,top[1])
            alarms+=[(T0+idx[j]*60,C[j],b,sg) for j in range(1,len(idx)) if idx[j]>=itest and idx[j]<(t1-T0)//60 and C[j]>=b and C[j-1]<b]
        for ti,c,b,sg in alarms:
            if not [k for (st,en,k) in eps if st<=ti<=en+120]:
                tot[2]+=1; print(f"  FA {s} {sid} {datetime.datetime.fromtimestamp(ti,z):%a %m-%d %H:%M} C {c:.0f} b {b:.0f} sg {sg}")
        for (st,en,k) in eps:
            if k!='drift' or st<t0: continue
            tot[1]+=1; f=[(ti,sg) for ti,c,b,sg in alarms if st<=ti<=en+120]
            if f: tot[0]+=1; print(f"  HIT {s} {sid} after {(f[0][0]-st)/3600:.1f} h of {(en-st)/3600:.1f}")
            else: print(f"  miss {s} {sid} {(en-st)/3600:.1f} h")
print('TOTAL K',K,'floor',FLOOR,'oven drifts found',tot[0],'of',tot[1],'false',tot[2])
