# Replica of detect/OffLevelCheck (drift, 2026-12-05): an oven settled off (the last 180 readings below 0.1 of the way from
# its training 5th to 95th percentile) whose level (median of 30) lies Z robust spreads from the same local clock (+-10 min)
# of the training days settled off, held H judgements 5 minutes apart. Usage: python3 off-level.py Z H SEED...
import os
import sys, numpy as np, datetime, warnings
warnings.filterwarnings('ignore')
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from drift_common import *
from numpy.lib.stride_tricks import sliding_window_view as sw
Z=float(sys.argv[1]); HELD=int(sys.argv[2]); sets=sys.argv[3:]
W=30
hit=0;nep=0;fa=0;faset=collections.Counter()
for s in sets:
    R,A,B,T0,t0,t1,tz=load(s); itest=(t0-T0)//60
    for sid,x in sorted(R.items()):
        if not sid.startswith('oven'): continue
        z=ZoneInfo(tz[sid])
        q=np.nanpercentile(x[:itest],[5,95]); lo=(q[0]+q[1])/2
        L=np.full(len(x),np.nan); L[W-1:]=np.nanmedian(sw(x,W),axis=1)
        mx=np.full(len(x),np.nan); mx[W-1:]=np.nanmax(sw(x,W),axis=1)
        lo=q[0]+0.1*(q[1]-q[0]); SET=180
        mx=np.full(len(x),np.nan); mx[SET-1:]=np.nanmax(sw(x,SET),axis=1)
        # local minute-of-day for each index
        n=len(x)
        # offsets: compute local date/minute per index at 5-min steps
        idx=np.arange(itest,n,5)
        score=np.full(len(idx),np.nan)
        for j,i in enumerate(idx):
            if not (mx[i]<lo): continue
            lt=datetime.datetime.fromtimestamp(T0+i*60,z)
            vals=[]
            for d in range(1,15):
                tt=lt-datetime.timedelta(days=d)
                k=int((tt.timestamp()-T0)//60)
                if k<W or k>=itest: continue
                for o in (-10,-5,0,5,10):
                    kk=k+o
                    if mx[kk]<lo and not np.isnan(L[kk]): vals.append(L[kk])
            if len(vals)<25: continue
            vals=np.array(vals); med=np.median(vals); sd=max(1.4826*np.median(np.abs(vals-med)),0.1)
            score[j]=(L[i]-med)/sd
        # held: HELD consecutive 5-min points beyond Z same sign
        al=[]
        run=0;sg=0
        for j,i in enumerate(idx):
            v=score[j]
            if not np.isnan(v) and abs(v)>=Z and (np.sign(v)==sg or run==0):
                sg=np.sign(v); run+=1
            else:
                run=0;sg=0
                if not np.isnan(v) and abs(v)>=Z: sg=np.sign(v);run=1
            if run>=HELD: al.append((i,score[j]))
        eps=[(st,en,k) for (ss,k,st,en,p) in A if ss==sid]
        last=-10**9
        for i,v in al:
            ti=T0+i*60
            inside=[k for (st,en,k) in eps if st<=ti<=en+120]
            if not inside and i-last>60:
                fa+=1; faset[s]+=1
                bb=[b[1] for b in B if b[0]==sid and b[2]<=ti+60 and b[3]>=ti-4*3600 and b[1] not in('dropout','glitch','door_open')]
                print(f"  FA {s} {sid} {datetime.datetime.fromtimestamp(ti,z):%a %m-%d %H:%M} z {v:+.1f} lvl {L[i]:.1f} {collections.Counter(bb)}")
            if not inside: last=i
        for (st,en,k) in eps:
            if k!='drift' or st<t0: continue
            nep+=1
            f=[(i,v) for i,v in al if st<=T0+i*60<=en+120]
            hit+=bool(f)
            if f: print(f"  HIT {s} {sid} after {(T0+f[0][0]*60-st)/3600:.1f} h of {(en-st)/3600:.1f} z {f[0][1]:+.1f}")
print("hit",hit,"of",nep,"(ovens) fa",fa,dict(faset))
