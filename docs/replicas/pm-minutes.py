# pm-minutes.py SEED SENSOR START BEFORE AFTER: the minute readings around START (UTC, ISO without zone), with the
# benign events there; the "|" marks the reading before START (2026-12-08, pm).
import csv,sys,datetime
s,sid,st,before,after=sys.argv[1],sys.argv[2],sys.argv[3],int(sys.argv[4]),int(sys.argv[5])
st=int(datetime.datetime.fromisoformat(st+'+00:00').timestamp())
R={}
for r in csv.reader(open(f'r_{s}.csv')):
  if r[0]==sid: R[int(r[1])]=float(r[2])
B=[r for r in csv.reader(open(f'b_{s}.csv')) if r[0]==sid and r[1]!='dropout' and int(r[3])>st-before*60 and int(r[2])<st+after*60]
print(B)
out=[]
for k in range(-before,after):
  t=st+k*60; out.append(('%.1f'%R[t] if t in R else '--')+('|' if k==-1 else ''))
for i in range(0,len(out),20): print(' '.join(out[i:i+20]))
