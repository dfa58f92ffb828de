# pm-drift-level.py SEEDS (2026-12-08, pm)
# Fresh-eyes check of a level test: minutes of each sensor_drift (5-min medians) above every training day's
# 5-min median at the same clock (+-15 min), against the same count for each training day judged against the other 13.
import csv,json,sys,datetime,numpy as np,collections
W={'1234':('2026-03-25','2026-04-01'),'7':('2026-10-20','2026-10-27'),'99':('2026-01-12','2026-01-19'),'31':('2026-07-06','2026-07-13'),'2718':('2026-08-10','2026-08-17'),'4711':('2026-10-28','2026-11-04')}
ep=lambda d:int(datetime.datetime.fromisoformat(d+'T00:00:00+00:00').timestamp())
def med5(x):
  out=np.full(len(x),np.nan)
  for k in range(2,len(x)-2):
    w=x[k-2:k+3]; 
    if np.sum(~np.isnan(w))>=3: out[k]=np.nanmedian(w)
  return out
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
      i=(a-base)//60; L=(b-a)//60
      def segs(j): return med5(x[j-15:j+L+15])
      days=[segs(i-d*1440) for d in range(1,15) if i-d*1440-15>=0]
      D=np.array(days)
      def runabove(seg,others):
        top=np.nanmax(np.stack([np.maximum.reduce([o[c:c+len(o)-30] for c in range(0,31,5)]) for o in others]),axis=0)
        above=seg[15:15+L]>top[:L]
        best=cur=0
        for v in above:
          cur=cur+1 if v else 0; best=max(best,cur)
        return best
      ep_run=runabove(segs(i),D)
      loo=[runabove(D[d],np.delete(D,d,axis=0)) for d in range(len(D))]
      print(s,sid,datetime.datetime.utcfromtimestamp(a).strftime('%m-%d %H:%M'),L,'episode_run=%d'%ep_run,'history_runs_max=%d'%max(loo),'days_with_run>=ep=%d/%d'%(sum(r>=ep_run for r in loo),len(loo)))
