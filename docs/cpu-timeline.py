#!/usr/bin/env python3
"""CPU timeline of one command and of the PostgreSQL backends of one database (docs/performance-log.md,
"a timeline of where a core sits idle").

    docs/cpu-timeline.py DB OUT.tsv -- CMD ARGS...     e.g. -- java -jar target/anomaly-watcher.jar sample ...

Every 0.1 s: the CPU of each thread of the command's process (utime+stime from
/proc/PID/task/TID/stat, named by its thread name; run java directly, not through a wrapper, to see
its threads) and of each server process on this machine whose title names DB (or is a parallel
worker of one), with the command in its title (COPY, VACUUM, CREATE INDEX, idle). Writes one row per
sample and process or thread with the CPU used since the last sample (s); prints the wall time and,
when the command ran COPYs, its start (to the first COPY), middle and tail (after the last) with the
CPU of the command and of the server in each. A server process that ends loses its last 0.1 s.
"""
import os, subprocess, sys, time, collections

HZ = os.sysconf('SC_CLK_TCK')
db, out = sys.argv[1], sys.argv[2]
cmd = sys.argv[sys.argv.index('--') + 1:]


def cpu(path):
    try:
        with open(path) as f:
            s = f.read()
    except OSError:
        return None
    rest = s[s.rindex(')') + 2:].split()
    return (int(rest[11]) + int(rest[12])) / HZ


def comm(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return '?'


def pg_procs():
    """pid -> label for postgres processes of db (and parallel workers of its backends)."""
    res, workers = {}, {}
    for p in os.listdir('/proc'):
        if not p.isdigit():
            continue
        try:
            with open(f'/proc/{p}/cmdline', 'rb') as f:
                t = f.read().replace(b'\0', b' ').decode(errors='replace').strip()
        except OSError:
            continue
        if not t.startswith('postgres: '):
            continue
        if f' {db} ' in t:
            words = t.split()
            # postgres: 15/main: postgres DB 127.0.0.1(port) CMD...
            i = words.index(db)
            what = ' '.join(words[i + 2:i + 4]) if len(words) > i + 2 else ''
            res[int(p)] = what
        elif 'parallel worker for PID' in t:
            workers[int(p)] = int(t.split()[-1])
    for w, leader in workers.items():
        if leader in res:
            res[w] = f'pworker:{leader}'
    return res


proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
t0 = time.time()
prev = {}
rows = []
names = {}
while True:
    now = time.time() - t0
    done = proc.poll() is not None
    cur = {}
    try:
        for tid in os.listdir(f'/proc/{proc.pid}/task'):
            c = cpu(f'/proc/{proc.pid}/task/{tid}/stat')
            if c is not None:
                key = ('jvm', int(tid))
                cur[key] = c
                names[key] = comm(f'/proc/{proc.pid}/task/{tid}/comm')
    except OSError:
        pass
    for pid, what in pg_procs().items():
        c = cpu(f'/proc/{pid}/stat')
        if c is not None:
            key = ('pg', pid)
            cur[key] = c
            names[key] = what
    for k, c in cur.items():
        d = c - prev.get(k, 0.0) if k in prev else c  # new: all its CPU so far
        if d > 0:
            rows.append((now, k[0], k[1], names[k], d))
    prev.update(cur)
    if done:
        break
    time.sleep(0.1)
end = time.time() - t0
with open(out, 'w') as f:
    f.write(f'# wall {end:.2f} rc {proc.returncode}\n')
    for r in rows:
        f.write('%.2f\t%s\t%d\t%s\t%.3f\n' % r)
print(f'wall {end:.2f} s, rc {proc.returncode}')
copies = [r[0] for r in rows if r[1] == 'pg' and r[3].startswith('COPY')]
if copies:
    a, b = min(copies), max(copies)
    def cpu(lo, hi, kind):
        return sum(r[4] for r in rows if lo <= r[0] < hi and r[1] == kind)
    for name, lo, hi in (('start', 0, a), ('middle', a, b + 0.01), ('tail', b + 0.01, end + 1)):
        print(f'{name:6s} {min(hi, end) - lo:6.2f} s  command {cpu(lo, hi, "jvm"):5.2f} CPU s, server {cpu(lo, hi, "pg"):5.2f}')
