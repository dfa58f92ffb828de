# pm-misses.py SEED DB KINDS: each particulate episode of KINDS (comma-separated) in SEED's D1 test week, with the medians
# before/during/after it and whether an alert of the scored copy DB (harness KEEP=1) opened on it (2026-12-08, pm).
import csv,json,datetime,sys,subprocess,numpy as np,collections
s=sys.argv[1]; db=sys.argv[2]; kinds=sys.argv[3].split(',')
W={'1234':('2026-03-25','2026-04-01'),'7':('2026-10-20','2026-10-27'),'99':('2026-01-12','2026-01-19'),'31':('2026-07-06','2026-07-13'),'2718':('2026-08-10','2026-08-17'),'4711':('2026-10-28','2026-11-04')}
ep=lambda d:int(datetime.datetime.fromisoformat(d+'T00:00:00+00:00').timestamp())
a,b=map(ep,W[s])
out=subprocess.run(['psql','-h','127.0.0.1','-U','postgres','-d',db,'-tAF,','-c',"select sensor_id,extract(epoch from opened_at)::bigint,extract(epoch from coalesce(resolved_at,last_anomalous_at))::bigint,kind,explanation from alerts where category='pm' order by 2"],capture_output=True,text=True).stdout
AL=collections.defaultdict(list)
for l in out.splitlines():
  p=l.split(',',4); AL[p[0]].append((int(p[1]),int(p[2]),p[3],p[4]))
R=collections.defaultdict(dict)
for sid,t,v in csv.reader(open(f'r_{s}.csv')):
  R[sid][int(t)]=float(v)
def vals(sid,t0,t1): return [R[sid][t] for t in range(t0-t0%60,t1,60) if t in R[sid]]
for r in csv.reader(open(f'a_{s}.csv')):
  if r[1] in kinds and a<=int(r[2])<b:
    st,en=int(r[2]),int(r[3]); p=json.loads(r[4])
    hit=[x for x in AL[r[0]] if x[0]<=en+120 and x[1]>=st]
    pre=np.median(vals(r[0],st-1800,st)); dur=np.median(vals(r[0],st,en)); post=np.median(vals(r[0],en+300,en+1800))
    print(s,r[1],r[0],datetime.datetime.utcfromtimestamp(st).strftime('%m-%d %H:%M'),(en-st)//60,'sig=%.1f'%p.get('sigmas',0),'pre=%.1f dur=%.1f post=%.1f'%(pre,dur,post),'HIT '+hit[0][2]+' %+dmin'%((hit[0][0]-st)//60) if hit else 'MISS')
