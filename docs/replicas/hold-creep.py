# Creep of a held oven level in block medians (drift, 2026-12-05; measured, not shipped): --nb blocks of --b readings
# above the middle of the training 5th-95th percentiles, along a line (--line), --pre flat blocks before, halves alike
# (--halves), thermostat ripple kept (--ripple: IQR of first differences vs the training hold median), score = creep /
# the hold level's block-to-block spread, bound max(--floor, second largest training daily max). Usage: python3 hold-creep.py [opts] SEED...
import os
import sys, numpy as np, datetime, warnings
warnings.filterwarnings('ignore')
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from drift_common import *
import argparse
ap=argparse.ArgumentParser()
ap.add_argument('--b',type=int,default=20); ap.add_argument('--nb',type=int,default=6)
ap.add_argument('--line',type=float,default=0.2); ap.add_argument('--rank',type=int,default=1)
ap.add_argument('--margin',type=float,default=1.0); ap.add_argument('--cat',default='oven')
ap.add_argument('--mono',type=int,default=99); ap.add_argument('--pre',type=int,default=0); ap.add_argument('--preflat',type=float,default=0.25); ap.add_argument('--halves',type=float,default=0); ap.add_argument('--ripple',type=float,default=0); ap.add_argument('--floor',type=float,default=6); ap.add_argument('--v',action='store_true'); ap.add_argument('sets',nargs='+')
a=ap.parse_args()
STEP=5
def stats(x,lo):
    B=a.b; NB=a.nb; W=B*NB; n=len(x)
    idx=np.arange(W-1,n,STEP)
    from numpy.lib.stride_tricks import sliding_window_view as sw
    win=sw(x,B)
    bm=np.nanmedian(win,axis=1)  # bm[k]=median x[k..k+B-1]
    dx=np.diff(x,prepend=np.nan); wd=sw(dx,B)
    q=np.nanpercentile(wd,[25,75],axis=1); rip=q[1]-q[0]
    sc=np.full(len(idx),np.nan); tot=np.full(len(idx),np.nan)
    tt=np.arange(NB)-(NB-1)/2
    for j,i in enumerate(idx):
        starts=i-W+1+np.arange(-a.pre,NB)*B
        if starts[0]<0: continue
        mm=bm[starts]
        if np.isnan(mm).any() or mm.min()<lo: continue
        m=mm[a.pre:]
        if a.ripple and np.min(rip[starts])<a.ripple*RIP: continue
        if a.pre:
            pm=mm[:a.pre+1]
            if pm.max()-pm.min()>a.preflat*abs(m[-1]-m[0]): continue
        if np.isnan(m).any() or m.min()<lo: continue
        T=m[-1]-m[0]
        c=np.polyfit(tt,m,1); r=m-np.polyval(c,tt)
        rm=np.abs(r).max()
        if rm>a.line*abs(T): continue
        h=len(m)//2
        f1=(m[h]-m[0]); f2=(m[-1]-m[h])
        if a.halves and (f1*f2<=0 or min(abs(f1),abs(f2))<a.halves*max(abs(f1),abs(f2))): continue
        d=np.diff(m)
        if (d*np.sign(T)<0).sum()>a.mono: continue
        sc[j]=abs(T)/U; tot[j]=T
    return idx,sc,tot
hit=0;nep=0;fa=0
for s in a.sets:
    R,A,Bn,T0,t0,t1,tz=load(s)
    itest=(t0-T0)//60
    for sid,x in sorted(R.items()):
        if not sid.startswith(a.cat): continue
        q=np.nanpercentile(x[:itest],[5,95]); lo=(q[0]+q[1])/2 if a.cat=='oven' else -1e9
        global RIP
        from numpy.lib.stride_tricks import sliding_window_view as sw
        wtr=sw(x[:itest],a.b)[::a.b]; bmt=np.nanmedian(wtr,axis=1); qq=np.nanpercentile(sw(np.diff(x[:itest],prepend=np.nan),a.b)[::a.b],[25,75],axis=1); rp=(qq[1]-qq[0])[bmt>lo]
        RIP=np.nanmedian(rp)
        global U
        dd=np.diff(bmt); hold=(bmt[1:]>lo)&(bmt[:-1]>lo); dd=dd[hold&~np.isnan(dd)]
        U=1.4826*np.median(np.abs(dd-np.median(dd)))
        idx,sc,tot=stats(x,lo)
        tr=idx<itest
        dm={}
        for i,v in zip(idx[tr],sc[tr]):
            if not np.isnan(v) and v>dm.get(i//1440,(0,0))[0]: dm[i//1440]=(v,i)
        vals=sorted(dm.values(),reverse=True)
        thr=max(a.floor,a.margin*(vals[a.rank][0] if len(vals)>a.rank else 0))
        if a.v:
            for v,i in vals[:2]:
                loc=datetime.datetime.fromtimestamp(T0+i*60,ZoneInfo(tz[sid]))
                bb=[b[1] for b in Bn if b[0]==sid and b[2]<=T0+i*60+60 and b[3]>=T0+i*60-a.b*a.nb*60 and b[1] not in('dropout','door_open','glitch')]
                epi=[k for (ss,k,st,en,p) in A if ss==sid and (st-T0)//60<=i<=(en-T0)//60+2]
                print(f"    train {sid} {loc:%m-%d %a %H:%M} sc={v:.1f} tot={tot[idx==i][0]:+.1f} lvl={x[i]:.1f} ep={epi} ben={bb}")
        eps=[(st,en,k) for (ss,k,st,en,p) in A if ss==sid]
        al=idx[(~tr)&(sc>thr)]
        last=-10**9; cl=[]
        for i in al:
            if i-last>60: cl.append(i)
            last=i
        for (st,en,k) in eps:
            if k!='drift' or st<t0: continue
            nep+=1
            i0=(st-T0)//60; i1=(en-T0)//60+2
            f=[i for i in al if i0<=i<=i1]
            sel=(idx>=i0)&(idx<=i1)&~np.isnan(sc)
            print(f"  {s} {sid} drift found={bool(f)} delay={((f[0]-i0)/60 if f else -1):.1f}h of {(i1-i0)/60:.1f} max={(np.max(sc[sel]) if sel.any() else np.nan):.1f} thr={thr:.1f}")
            hit+=bool(f)
        for i in cl:
            if not any((st-T0)//60<=i<=(en-T0)//60+2 for (st,en,k) in eps):
                fa+=1
                loc=datetime.datetime.fromtimestamp(T0+i*60,ZoneInfo(tz[sid]))
                bb=[b[1] for b in Bn if b[0]==sid and b[2]<=T0+i*60+60 and b[3]>=T0+i*60-180*60 and b[1] not in ('dropout','glitch','door_open')]
                print(f"  FA {s} {sid} {loc:%a %H:%M} sc={sc[idx==i][0]:.1f} thr={thr:.1f} tot={tot[idx==i][0]:+.1f} lvl={x[i]:.1f} ben={collections.Counter(bb)}")
print("hit",hit,"of",nep,"fa",fa)
