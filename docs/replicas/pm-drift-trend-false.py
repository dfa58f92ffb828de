# pm-drift-trend-false.py SEEDS WINDOW (2026-12-08, pm): usage python3 pm-drift-trend-false.py 4711,2718 120
# How often would a trend test alert? Rise (OLS over 5-min block medians, WIN minutes) above the largest rise of the same
# sensor's 14 training days in windows starting within +-90 min of the same clock; test-week windows every 10 min.
import csv,json,sys,datetime,numpy as np,collections
W={'1234':('2026-03-25','2026-04-01'),'7':('2026-10-20','2026-10-27'),'99':('2026-01-12','2026-01-19'),'31':('2026-07-06','2026-07-13'),'2718':('2026-08-10','2026-08-17'),'4711':('2026-10-28','2026-11-04')}
ep=lambda d:int(datetime.datetime.fromisoformat(d+'T00:00:00+00:00').timestamp())
WIN=int(sys.argv[2]); nb=WIN//5
for s in sys.argv[1].split(','):
  raw=collections.defaultdict(lambda:([],[]))
  for sid,t,v in csv.reader(open(f'r_{s}.csv')):
    a=raw[sid]; a[0].append(int(t)); a[1].append(float(v))
  A=[(r[0],r[1],int(r[2]),int(r[3])) for r in csv.reader(open(f'a_{s}.csv'))]
  t0,t1=map(ep,W[s]); base=t0-14*86400; n=(t1-base)//60
  tot_fa=0; tot_found=0; found=[]
  for sid,(T,V) in raw.items():
    T=np.array(T); x=np.full(n,np.nan); m=(T>=base)&(T<t1); x[(T[m]-base)//60]=np.array(V)[m]
    B=np.nanmedian(x[:n//5*5].reshape(-1,5),axis=1)
    k=np.arange(nb)-(nb-1)/2; 
    R=np.full(len(B),np.nan)
    for j in range(len(B)-nb):
      y=B[j:j+nb]; ok=~np.isnan(y)
      if ok.sum()<0.7*nb: continue
      kk=k[ok]; R[j]=np.sum((kk-kk.mean())*(y[ok]-y[ok].mean()))/np.sum((kk-kk.mean())**2)*(nb-1)
    dayb=288; tb=14*dayb
    eps=[(kd,(a-base)//300,(b-base)//300) for (s2,kd,a,b) in A if s2==sid and b>t0 and a<t1]
    last=-999; 
    for j in range(tb,len(B)-nb,2):
      if np.isnan(R[j]): continue
      hist=[R[j-d*dayb+o] for d in range(1,15) for o in range(-18,19,2) if j-d*dayb+o>=0 and not np.isnan(R[j-d*dayb+o])]
      if not hist or R[j]<=max(hist): continue
      end=j+nb  # judged at the window's end
      inep=[kd for kd,a,b in eps if a<=end<=b+1]
      if inep:
        if 'sensor_drift' in inep: found.append(sid)
      elif end-last>12: tot_fa+=1; last=end
  print(s,'WIN',WIN,'sensor_drift episodes with a verdict inside:',sorted(set(found)),'false verdicts (1 per hour):',tot_fa)
