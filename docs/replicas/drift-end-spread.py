# DriftEndCheck replica generalised (drift, 2026-12-05): the step back over up to --mmax readings, held --hold readings,
# bounds per direction (and per step length with --sepm), learned from shapes held --learnhold readings or only those that
# also pass the return test (--learnret). Defaults reproduce the shipped check. Usage: python3 drift-end-spread.py [opts] SEED...
import os
# replica: DriftEndCheck generalised: step over M readings (1..MMAX), held HOLD readings
import sys, numpy as np, collections, datetime, csv, json
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from drift_common import SETS, ep
from numpy.lib.stride_tricks import sliding_window_view as sw
import argparse
ap=argparse.ArgumentParser()
ap.add_argument('--mmax',type=int,default=1); ap.add_argument('--hold',type=int,default=1)
ap.add_argument('--k',type=float,default=4); ap.add_argument('--follow',type=float,default=0.8)
ap.add_argument('--giveback',type=float,default=0.2); ap.add_argument('--rank',type=int,default=1)
ap.add_argument('--ret',type=float,default=0.35); ap.add_argument('--line',type=float,default=0.3)
ap.add_argument('--hmin',type=int,default=60); ap.add_argument('--cat',default='')
ap.add_argument('--learnhold',type=int,default=0); ap.add_argument('--learnret',action='store_true'); ap.add_argument('--sepm',action='store_true'); ap.add_argument('--k2',type=float,default=4); ap.add_argument('--v',action='store_true'); ap.add_argument('sets',nargs='+')
a_=ap.parse_args()
CALM=20; HS=list(range(a_.hmin,301,5))
def loadraw(s):
    R=collections.defaultdict(lambda:([],[]))
    for sid,t,v in csv.reader(open(f'r_{s}.csv')):
        a=R[sid]; a[0].append(int(t)); a[1].append(float(v))
    R={k:(np.array(a[0]),np.array(a[1])) for k,a in R.items()}
    A=[(r[0],r[1],int(r[2]),int(r[3]),json.loads(r[4])) for r in csv.reader(open(f'a_{s}.csv'))]
    B=[(r[0],r[1],int(r[2]),int(r[3])) for r in csv.reader(open(f'b_{s}.csv'))]
    t0,t1=SETS[s]; return R,A,B,ep(t0),ep(t1)
def shapes(t,v,hold=None):
    """returns list of (i, p, m, s, ratio) candidates: newest index i"""
    n=len(v); d=np.diff(v)  # d[k]=v[k+1]-v[k]
    absd=np.abs(d)
    # calm[p] = max |d| over d[p-CALM .. p-1]
    cm=np.full(n,np.nan)
    if n>CALM+1:
        cm[CALM:n]=sw(absd,CALM).max(axis=1)[:n-CALM]
    res=[]
    for m in range(1,a_.mmax+1):
        H=hold or a_.hold
        # p ranges; i=p+m+H
        p=np.arange(CALM+1,n-m-H)
        s=v[p+m]-v[p]
        ok=s!=0
        sg=np.sign(s)
        if m>1:
            for j in range(m):
                ok&=(d[p+j]*sg>0)
        for h in range(1,H+1):
            mv=(v[p+m+h]-v[p+m])*sg
            ok&=(mv<=a_.follow*np.abs(s))&(mv>=-a_.giveback*np.abs(s))
        # no gaps over calm+step+hold
        span=t[p+m+H]-t[p-CALM]
        ok&=span<=1.6*60*(CALM+m+H)
        calm=np.maximum(cm[p],0.1)
        ratio=np.abs(s)/calm
        ok&=ratio>=(a_.k if m==1 else a_.k2)
        for q in np.nonzero(ok)[0]:
            res.append((p[q]+m+H,p[q],m,s[q],ratio[q]))
    res.sort()
    return res
def med(v,k): return np.median(v[k-2:k+3])
def returns(v,p,s):
    sg=np.sign(s); before=v[p]; now=v[p+1:].__len__()
    for H in HS:
        j=p-H
        if j-2<0: break
        L0=med(v,j)
        dep=(before-L0)*(-sg)
        if dep<0.6*abs(s): continue
        yield H,L0,dep
def judge_return(v,i,p,s):
    sg=np.sign(s); before=v[p]; now=v[i]
    for H,L0,dep in returns(v,p,s):
        if abs(now-L0)>a_.ret*dep: continue
        seg=v[p-H:p+1]
        if np.max(np.abs(np.diff(seg)))>abs(s)/2: continue
        lin=True
        for f in (0.25,0.5,0.75):
            k=p-int(H*(1-f))
            fr=(med(v,k)-L0)/(before-L0)
            if abs(fr-f)>a_.line: lin=False;break
        if lin: return (H,L0,dep)
    return None
hit=0;nep=0;fa=0
for S in a_.sets:
    R,A,B,t0,t1=loadraw(S)
    for sid,(t,v) in sorted(R.items()):
        if not sid.startswith(a_.cat): continue
        eps=[(st,en,k) for (x,k,st,en,p) in A if x==sid]
        res=shapes(t,v)
        lres=shapes(t,v,a_.learnhold) if a_.learnhold else res
        dm=collections.defaultdict(lambda:collections.defaultdict(float))
        for (i,p,m,s,r) in lres:
            key=(np.sign(s),m if a_.sepm else 1)
            if t[i]<t0 and p-305>=0 and (not a_.learnret or judge_return(v,i,p,s)): dm[key][t[i]//86400]=max(dm[key][t[i]//86400],r)
        bound={}
        for sg in (1,-1):
          for mm in range(1,a_.mmax+1):
            vals=sorted(dm[(sg,mm if a_.sepm else 1)].values(),reverse=True)
            bound[(sg,mm)]=max(a_.k if mm==1 else a_.k2, vals[a_.rank] if len(vals)>a_.rank else 0)
        alerts=[]
        for (i,p,m,s,r) in res:
            if t[i]<t0 or r<bound[(np.sign(s),m)]: continue
            if p-305<0: continue
            jr=judge_return(v,i,p,s)
            if jr: alerts.append((t[i],m,s,r,jr))
        last=-1e18
        for (ti,m,s,r,jr) in alerts:
            inside=[k for (st,en,k) in eps if st<=ti<=en+120]
            if not inside and ti-last>3600:
                bn=[b[1] for b in B if b[0]==sid and b[2]-1800<=ti<=b[3]+1800 and b[1]!='dropout']
                print('FA',S,sid,datetime.datetime.utcfromtimestamp(ti),'m%d s %.1f r %.1f H %d'%(m,s,r,jr[0]),bound,collections.Counter(bn)); fa+=1
            if not inside: last=ti
        for (st,en,k) in eps:
            if k!='drift' or not(t0<=st<t1): continue
            nep+=1
            h=[x for x in alerts if st<=x[0]<=en+120]
            hit+=bool(h)
            if a_.v or h: print('DRIFT',S,sid,'hit' if h else 'miss',{k:round(float(b),1) for k,b in bound.items()},['%s m%d s %.1f r %.1f H %d d%.0fmin'%(datetime.datetime.utcfromtimestamp(x[0]).strftime('%H:%M'),x[1],x[2],x[3],x[4][0],(x[0]-en)/60) for x in h][:1])
print('hits',hit,'of',nep,'FA',fa)
