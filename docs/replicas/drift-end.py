# Replica of detect/DriftEndCheck over CSV exports of the D1 templates (heat, 2026-12-04); see docs/accuracy-log.md
# "The end of a slow drift" section for the export commands and arguments: K LAG MARG RET S2 LIN HMIN RANK SETS...
# shipped: 4 1 1.0 0.35 0.8 0.3 60 1
import csv, json, numpy as np, collections
SETS={'1234':('2026-03-25','2026-04-01'),'7':('2026-10-20','2026-10-27'),'99':('2026-01-12','2026-01-19'),
 '31':('2026-07-06','2026-07-13'),'2718':('2026-08-10','2026-08-17'),'4711':('2026-10-28','2026-11-04')}
import datetime
def ep(d): return int(datetime.datetime.fromisoformat(d+'T00:00:00+00:00').timestamp())
def load(s):
    R=collections.defaultdict(lambda:([],[]))
    for sid,t,v in csv.reader(open(f'r_{s}.csv')):
        a=R[sid]; a[0].append(int(t)); a[1].append(float(v))
    R={k:(np.array(a[0]),np.array(a[1])) for k,a in R.items()}
    A=[(r[0],r[1],int(r[2]),int(r[3]),json.loads(r[4])) for r in csv.reader(open(f'a_{s}.csv'))]
    B=[(r[0],r[1],int(r[2]),int(r[3])) for r in csv.reader(open(f'b_{s}.csv'))]
    t0,t1=SETS[s]
    return R,A,B,ep(t0),ep(t1)
import sys
K=float(sys.argv[1]); LAG=int(sys.argv[2]); MARG=float(sys.argv[3]); RET=float(sys.argv[4]); S2=float(sys.argv[5])
W=20
LIN=float(sys.argv[6])
RANK=int(sys.argv[8])
HS=list(range(int(sys.argv[7]),301,5))
def scan(t,v):
    n=len(v); out=[]
    d=np.diff(v)
    for i in range(W+310,n):
        a=i-LAG
        if t[i]-t[a-W-1] > (i-(a-W-1))*60*1.6: continue
        s1=v[a]-v[a-1]
        q=max(np.max(np.abs(d[a-1-W:a-1])),0.1)
        z=abs(s1)/q
        if z < K: continue
        sg=np.sign(s1)
        held=(v[i]-v[a-1])*sg
        if held < 0.8*abs(s1) or held > 2.0*abs(s1): continue
        s2=v[a+1]-v[a]
        if abs(s2) > S2*abs(s1): continue
        if LAG>1 and abs(v[i]-v[a+1]) > 0.5*abs(s1): continue
        pre=v[a-1]
        ok=None
        for H in HS:
            j=a-H
            L0=np.median(v[j-2:j+3])
            dep=(pre-L0)*(-sg)
            if dep < 0.6*abs(s1): continue
            if abs(v[i]-L0) > RET*dep: continue
            seg=v[j:a]
            if np.max(np.abs(np.diff(seg))) > abs(s1)/2: continue
            lin=True
            for f in (0.25,0.5,0.75):
                m=a-int(H*(1-f))
                fr=(np.median(v[m-2:m+3])-L0)/(pre-L0)
                if abs(fr-f)>LIN: lin=False
            if not lin: continue
            ok=(H,L0,dep); break
        out.append((i,s1,q,ok,z,sg))
    return out
tot_hit=0;tot_ep=0;tot_fa=0
for s in sys.argv[9:]:
    R,A,B,t0,t1=load(s)
    for sid,(t,v) in sorted(R.items()):
        eps=[(st,en,k) for (x,k,st,en,p) in A if x==sid]
        res=scan(t,v)
        # learned bound per sign: largest z in training outside labelled episodes
        dm={1:collections.defaultdict(float),-1:collections.defaultdict(float)}
        for r in res:
            ti=t[r[0]]
            if t0-14*86400<=ti<t0:
                dm[r[5]][ti//86400]=max(dm[r[5]][ti//86400],r[4])
        bound={}
        for sg in (1,-1):
            vals=sorted(dm[sg].values(),reverse=True)
            b=vals[RANK] if len(vals)>RANK else 0
            bound[sg]=max(K,MARG*b)
        res=[r for r in res if r[3] and r[4]>=bound[r[5]]]
        last=-1e18
        for (i,s1,q,(H,L0,dep),z,sg) in res:
            ti=t[i]
            if ti<t0 or ti>=t1: continue
            inside=[k for (st,en,k) in eps if st<=ti<en+120]
            if not inside:
                if ti-last>3600:
                    bn=[b[1] for b in B if b[0]==sid and b[2]-1800<=ti<=b[3]+1800]
                    print('FA',s,sid,datetime.datetime.utcfromtimestamp(ti),'s1 %.1f q %.2f H %d dep %.1f'%(s1,q,H,dep),bn)
                    tot_fa+=1
                last=ti
            elif 'drift' not in inside and ti-last>3600:
                print('  other',s,sid,inside,datetime.datetime.utcfromtimestamp(ti)); last=ti
        for (st,en,k) in eps:
            if k!='drift' or not(t0<=st<t1): continue
            tot_ep+=1
            h=[r for r in res if st<=t[r[0]]<en+120]
            if h: tot_hit+=1
            print('DRIFT',s,sid,'hit' if h else 'miss', bound, ['%s s1 %.1f q %.2f H %d'%(datetime.datetime.utcfromtimestamp(t[r[0]]).strftime('%H:%M'),r[1],r[2],r[3][0]) for r in h][:2])
print('hits',tot_hit,'of',tot_ep,'FA',tot_fa)
