# Tried and not shipped (lamps, 2026-12-06): a lamp's stuck_on judged by how long its on-period lasts against the
# longest on-period of the 14 training days that started within +-W minutes of the same local time (on any day, or
# on days of the same class: Monday-Friday, Saturday, Sunday). Reads a copy of D1 (d1_SEED) and, for the variant
# that moves main's own alerts, main's alerts as `sensor,kind,opened_at_epoch` (the harness's SEED.alerts.csv):
#   python3 lamp-on-duration.py SEED ALERTS.csv
# Prints, per variant (alone_: the rule on its own; moved_: main's alerts held back by it; main+night_: main's alerts
# and the rule's own on on-periods starting at night that main did not alert), stuck_on episodes found / false stuck_on alerts, matched as `evaluate` matches (an alert
# opened at or after an episode's start and before its end + 2 readings; true if inside any lamp episode), and
# events_*: (events, no history on-period started near, outlasts the longest that did).
import csv, datetime as dt, json, subprocess, sys
from zoneinfo import ZoneInfo

S, ALERTS = sys.argv[1], sys.argv[2]
t0, t1 = [l.split()[1:] for l in open('/tmp/d1-sets.txt') if l.split()[0] == S][0]
T0, T1 = (dt.datetime.fromisoformat(t.replace('Z', '+00:00')).timestamp() for t in (t0, t1))

def q(sql):
    out = subprocess.run(['psql', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'd1_' + S, '-qAtF', ',', '-c', sql],
                         capture_output=True, text=True, check=True).stdout
    return [l.split(',') for l in out.splitlines()]

rows = {}
for s, t, v in q(f"select sensor_id, extract(epoch from timestamp), value from sensors_data "
                 f"where category='lamp' and timestamp < '{t1}' order by sensor_id, timestamp"):
    rows.setdefault(s, []).append((float(t), float(v)))
zone = {s: ZoneInfo(z) for s, z in q("select distinct on (sensor_id) sensor_id, sensors_metadata->>'timezone' "
                                     "from sensors_data where category='lamp' order by sensor_id")}
events = "select sensor_id, kind, extract(epoch from start_time), extract(epoch from end_time) from {} where category='lamp'"
episodes = [(a, b, float(c), float(d)) for a, b, c, d in q(events.format('anomaly_events'))]
stuck = [e for e in episodes if e[1] == 'stuck_on' and T0 <= e[2] < T1]
main = [(r[0], float(r[2])) for r in csv.reader(open(ALERTS))
        if r[0].startswith('lamp') and r[1] == 'stuck_on' and T0 <= float(r[2]) < T1]

def periods(r):
    out, start, prev = [], None, None
    for t, v in r:
        if v == 1 and prev in (None, 0):
            start = t
        if v == 0 and prev == 1 and start is not None:
            out.append((start, t)); start = None
        prev = v
    return out + ([(start, r[-1][0])] if start is not None else [])

def local(s, t):
    d = dt.datetime.fromtimestamp(t, zone[s]); return d.hour * 60 + d.minute, d.weekday()

def day_class(wd):
    return 0 if wd < 5 else wd - 4

ons = {s: periods(r) for s, r in rows.items()}
hist = {s: [local(s, a) + ((b - a) / 60,) for a, b in p if b < T0] for s, p in ons.items()}

def bound(s, a, w, by_class):
    m, wd = local(s, a)
    near = [h[2] for h in hist[s] if abs((h[0] - m + 720) % 1440 - 720) <= w
            and (not by_class or day_class(h[1]) == day_class(wd))]
    return max(near) if near else 0

def score(alerts):
    found, false = set(), 0
    for s, at in alerts:
        ep = [e for e in stuck if e[0] == s and e[2] <= at < e[3] + 120]
        if ep:
            found.add((s, ep[0][2]))
        elif not any(e[0] == s and e[2] <= at < e[3] + 120 and e[2] >= T0 - 86400 for e in episodes):
            false += 1
    return len(found), false

def alone(w, by_class):  # the rule on its own: one alert per on-period that is on two readings beyond its bound (its first reading counts; a bound of 0 opens where main opens)
    return [(s, a + (bound(s, a, w, by_class) + 1) * 60) for s, p in ons.items() for a, b in p
            if a >= T0 and a + (bound(s, a, w, by_class) + 1) * 60 <= b]

def moved(w, by_class):  # main's alerts kept only while their on-period outlasts its bound, and opened no sooner
    out = []
    for s, at in main:
        p = [x for x in ons[s] if x[0] <= at + 60 and x[1] >= at - 60]
        if not p:
            out.append((s, at)); continue
        a, b = p[0]; t = max(at, a + (bound(s, a, w, by_class) + 1) * 60)
        if t <= b:
            out.append((s, t))
    return out

def night_slots(s):  # 10-minute slots of local time lit on at most half as many history dates as the most lit one
    lit = [set() for _ in range(144)]
    for t, v in rows[s]:
        if t < T0 and v == 1:
            d = dt.datetime.fromtimestamp(t, zone[s]); lit[(d.hour * 60 + d.minute) // 10].add(d.date())
    most = max(len(x) for x in lit) or 1
    return [len(x) * 2 <= most for x in lit]

def main_and_night(w, by_class):  # main's alerts, plus the rule's on on-periods that start at night and main left alone
    out = list(main)
    for s, p in ons.items():
        night = night_slots(s)
        for a, b in p:
            t = a + (bound(s, a, w, by_class) + 1) * 60
            if a >= T0 and night[local(s, a)[0] // 10] and t <= b and not any(x[0] == s and a <= x[1] <= b for x in main):
                out.append((s, t))
    return out

res = {'main': score(main)}
for w in (15, 30, 60, 120):
    for by_class in (False, True):
        tag = f"W{w}_{'class' if by_class else 'any'}"
        res['alone_' + tag] = score(alone(w, by_class))
        res['moved_' + tag] = score(moved(w, by_class))
        res['main+night_' + tag] = score(main_and_night(w, by_class))
# how the test week's labelled stuck_on and night cleanings stand against the bound (by day class): no on-period of
# the history started near (the start alone is unheard of) / one did and the event outlasts the longest of them
cleanings = [(a, b, float(c), float(d)) for a, b, c, d in q(events.format('benign_events'))
             if b == 'night_cleaning' and T0 <= float(c) < T1]
for w in (30, 60):
    for name, evs in (('stuck_on', stuck), ('night_cleaning', cleanings)):
        near = [bound(s, a, w, True) for s, _, a, b in evs]
        res[f'events_W{w}_{name}'] = (len(evs), sum(1 for n in near if n == 0),
                                      sum(1 for n, (_, _, a, b) in zip(near, evs) if n > 0 and (b - a) / 60 > n))
print(S, json.dumps(res))
