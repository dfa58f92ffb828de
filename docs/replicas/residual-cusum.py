# Tried and not shipped (slow, 2026-12-06): a CUSUM of the level's 5-minute increments (median of 15) against the same
# local half-hour's increments of the 14 trained days (median, 1.4826 x MAD, pooled with the neighbouring half-hours),
# winsorised at 3, one per direction, alarm above the second largest training day's largest CUSUM. Usage, in the
# directory of the CSV exports (drift_common.py): python3 residual-cusum.py pm|oven|heater K SEED...  (K: the CUSUM's slack)
import os, sys, numpy as np, datetime
from drift_common import *
from numpy.lib.stride_tricks import sliding_window_view as sw
from zoneinfo import ZoneInfo
cat=sys.argv[1]; K=float(sys.argv[2]); STEP=5; W=15
seeds=sys.argv[3:]
def tmed(x,w):
    out=np.full(len(x),np.nan); out[w-1:]=np.nanmedian(sw(x,w),axis=1); return out
tot_f=tot_e=tot_false=0
for s in seeds:
    R,A,B,T0,t0,t1,tz=load(s)
    ntr=(t0-T0)//60
    res=[]
    for sid,x in sorted(R.items()):
        if not sid.startswith(cat): continue
        L=tmed(x,W)[::STEP]; n=len(L)
        tt=T0+np.arange(n)*STEP*60
        z=ZoneInfo(tz[sid])
        # local slot index (30-min slots)
        slot=np.array([ (lambda d:(d.hour*60+d.minute)//30)(datetime.datetime.fromtimestamp(int(a),z)) for a in tt[::6]]).repeat(6)[:n]
        day=np.array([ datetime.datetime.fromtimestamp(int(a),z).toordinal() for a in tt[::12]]).repeat(12)[:n]
        inc=np.full(n,np.nan); inc[1:]=np.diff(L)
        trn=tt<t0
        # per slot robust scale of increments (training), pooled
        sig=np.full(48,np.nan); med=np.zeros(48)
        for q in range(48):
            m=trn&((slot==q)|(slot==(q+1)%48)|(slot==(q-1)%48))
            v=inc[m]; v=v[~np.isnan(v)]
            if len(v)>20:
                med[q]=np.median(v); sig[q]=1.4826*np.median(np.abs(v-med[q]))
        sg=np.nanmedian(sig); sig=np.maximum(np.nan_to_num(sig,nan=sg),0.25*sg)
        e=(inc-med[slot])/sig[slot]
        e=np.clip(np.nan_to_num(e),-3,3)   # winsorise: bursts and steps count little
        Cp=np.zeros(n); Cm=np.zeros(n); cp=cm=0
        for i in range(n):
            cp=max(0,cp+e[i]-K); cm=max(0,cm-e[i]-K); Cp[i]=cp; Cm[i]=cm
        # training bound: second largest daily max (per direction)
        def bound(C):
            dm={}
            for i in np.nonzero(trn)[0]:
                dm[day[i]]=max(dm.get(day[i],0),C[i])
            v=sorted(dm.values(),reverse=True)+[0,0]; return v[1]
        for C,sgn in ((Cp,1),(Cm,-1)):
            b=bound(C)*float(os.environ.get('MULT','1.0'))
            alarm=(C>b)&(tt>=t0)&(tt<t1)
            # alert onset once per excursion
            on=np.nonzero(alarm&~np.r_[False,alarm[:-1]])[0]
            for i in on:
                x0=tt[i]
                hit=[(k,e0,e1) for s2,k,e0,e1,p in A if s2==sid and e0<=x0 and x0<=e1+120]
                res.append((sid,sgn,x0,hit,C[i],b))
    eps=[(sid,k,e0,e1) for sid,k,e0,e1,p in A if sid.startswith(cat) and k in('drift','sensor_drift') and t0<=e0<t1]
    found=set(); false=0
    for sid,sgn,x0,hit,c,b in res:
        if hit:
            for k,e0,e1 in hit: found.add((sid,k,e0))
        else: false+=1
    f=sum((sid,k,e0) in found for sid,k,e0,e1 in eps)
    print(s,cat,'K',K,'found %d/%d'%(f,len(eps)),'false',false, 'other', sorted(set(k for _,k,_ in found if k not in('drift','sensor_drift'))))
    for sid,k,e0,e1 in eps:
        hits=[(x0-e0)/3600 for s2,sgn,x0,hit,c,b in res if s2==sid and e0<=x0<=e1+120]
        print('   ',sid,k,'%.1fh'%((e1-e0)/3600),'found at %s h'%['%.1f'%h for h in hits] if hits else '-')
    tot_f+=f; tot_e+=len(eps); tot_false+=false
print('TOTAL',cat,K,tot_f,tot_e,tot_false)
