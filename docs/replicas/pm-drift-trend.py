# pm-drift-trend.py SEEDS [WINDOW] (2026-12-08, pm): usage python3 pm-drift-trend.py 1234,7,99,31,2718,4711 120
# Fresh-eyes check of a trend test: each sensor_drift's rise (Theil-Sen over 5-min medians, first min(L,W) minutes)
# against the same sensor's 14 training days, windows of the same length starting within +-90 min of the same clock.
import csv,json,sys,datetime,numpy as np,collections
W={'1234':('2026-03-25','2026-04-01'),'7':('2026-10-20','2026-10-27'),'99':('2026-01-12','2026-01-19'),'31':('2026-07-06','2026-07-13'),'2718':('2026-08-10','2026-08-17'),'4711':('2026-10-28','2026-11-04')}
ep=lambda d:int(datetime.datetime.fromisoformat(d+'T00:00:00+00:00').timestamp())
WIN=int(sys.argv[2]) if len(sys.argv)>2 else 90
def ts(x):
  b=np.array([np.nanmedian(x[k:k+5]) if np.any(~np.isnan(x[k:k+5])) else np.nan for k in range(0,len(x)-4,5)])
  idx=np.where(~np.isnan(b))[0]
  if len(idx)<len(b)*0.7: return np.nan,np.nan
  s=[(b[j]-b[i])/(j-i) for a_,i in enumerate(idx) for j in idx[a_+1:]]
  rise=np.median(s)*(len(b)-1)
  # steadiness: fraction of 5-min steps up
  d=np.diff(b[idx]); return rise, (d>0).mean()
for s in sys.argv[1].split(','):
  raw=collections.defaultdict(lambda:([],[]))
  for sid,t,v in csv.reader(open(f'r_{s}.csv')):
    a=raw[sid]; a[0].append(int(t)); a[1].append(float(v))
  A=[(r[0],r[1],int(r[2]),int(r[3]),json.loads(r[4])) for r in csv.reader(open(f'a_{s}.csv'))]
  t0,t1=map(ep,W[s]); base=t0-14*86400; n=(t1-base)//60
  for sid,(T,V) in raw.items():
    T=np.array(T); x=np.full(n,np.nan); m=(T>=base)&(T<t1); x[(T[m]-base)//60]=np.array(V)[m]
    for (s2,k,a,b,p) in A:
      if s2!=sid or k!='sensor_drift' or not (t0<=a<t1): continue
      i=(a-base)//60; L=min((b-a)//60,WIN)
      r,f=ts(x[i:i+L])
      hist=[]
      for d in range(1,15):
        for off in range(-90,91,10):
          j=i-d*1440+off
          if j<0: continue
          hr,hf=ts(x[j:j+L]); 
          if not np.isnan(hr): hist.append((hr,hf))
      H=np.array(hist)
      print(s,sid,datetime.datetime.utcfromtimestamp(a).strftime('%m-%d %H:%M'),L,'label=%.1f'%(p['ratePerMinute']*L),'rise=%.1f'%r,'histmax=%.1f'%H[:,0].max(),'p=%.2f'%(H[:,0]>=r).mean(),'up=%.2f histmaxup=%.2f'%(f,H[:,1].max()))
