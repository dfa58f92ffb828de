# pm-burst-decay-held.py SEEDS [JUMP_WIDTHS] (2026-12-08, pm): usage python3 pm-burst-decay-held.py 4711 15 (after pm-export.sh 4711)
# A burst's decay that settles above the level the burst left and holds (pollution_spike/calibration_error starting on a
# burst's tail): per burst, excess = settled level (median of 10 flat readings after the decay) - level left (median of 10
# before the jump), in noise widths (1.4826 MAD of the 60 changes before); bound per sensor = second largest of the
# training days' largest excess. Verdict at the end of the 10 flat readings.
import csv,json,sys,datetime,numpy as np,collections
W={'1234':('2026-03-25','2026-04-01'),'7':('2026-10-20','2026-10-27'),'99':('2026-01-12','2026-01-19'),'31':('2026-07-06','2026-07-13'),'2718':('2026-08-10','2026-08-17'),'4711':('2026-10-28','2026-11-04')}
ep=lambda d:int(datetime.datetime.fromisoformat(d+'T00:00:00+00:00').timestamp())
JW=float(sys.argv[2]) if len(sys.argv)>2 else 15
def bursts(x):
  n=len(x); out=[]; i=70
  while i<n-60:
    L=np.nanmedian(x[i-10:i])
    ch=np.diff(x[i-61:i]); ch=ch[~np.isnan(ch)]; ch=ch[ch!=0]
    if len(ch)<20 or np.isnan(x[i]): i+=1; continue
    w=1.4826*np.median(np.abs(ch-np.median(ch)))
    if w<=0 or x[i]-L<JW*w: i+=1; continue
    # peak, then settle: first k where the 5 readings after are within 1 width of the 5 before (median)
    pk=i+int(np.nanargmax(x[i:i+15])); k=pk+3; settled=None
    while k<pk+40 and k+10<n:
      a=np.nanmedian(x[k:k+5]); b=np.nanmedian(x[k+5:k+10])
      if abs(a-b)<=2*w and np.nanmax(x[k:k+10])-np.nanmin(x[k:k+10])<=6*w: settled=k; break
      k+=1
    if settled is None: i=pk+40; continue
    S=np.nanmedian(x[settled:settled+10]); out.append((i,settled+10,(S-L)/w,L,S)); i=settled+10
  return out
for s in sys.argv[1].split(','):
  raw=collections.defaultdict(lambda:([],[]))
  for sid,t,v in csv.reader(open(f'r_{s}.csv')):
    a=raw[sid]; a[0].append(int(t)); a[1].append(float(v))
  A=[(r[0],r[1],int(r[2]),int(r[3])) for r in csv.reader(open(f'a_{s}.csv'))]
  t0,t1=map(ep,W[s]); base=t0-14*86400; n=(t1-base)//60; tb=14*1440
  for sid,(T,V) in raw.items():
    T=np.array(T); x=np.full(n,np.nan); m=(T>=base)&(T<t1); x[(T[m]-base)//60]=np.array(V)[m]
    B=bursts(x)
    daily=collections.defaultdict(float)
    for i,j,e,L,S in B:
      if j<tb: daily[j//1440]=max(daily[j//1440],e)
    d=sorted(daily.values()); bound=d[-2] if len(d)>=2 else float('inf')
    eps=[(kd,(a-base)//60,(b-base)//60) for (s2,kd,a,b) in A if s2==sid and b>t0 and a<t1]
    for i,j,e,L,S in B:
      if j<tb or e<=bound: continue
      inep=[kd for kd,a,b in eps if a<=j<=b+2]
      near=[kd for kd,a,b in eps if a-60<=j<=b+60 and kd in('pollution_spike','calibration_error')]
      print(s,sid,datetime.datetime.utcfromtimestamp(base+j*60).strftime('%m-%d %H:%M'),'excess=%.1f bound=%.1f L=%.1f S=%.1f'%(e,bound,L,S),'IN '+','.join(inep) if inep else 'FALSE', 'near:'+','.join(near) if near else '')
