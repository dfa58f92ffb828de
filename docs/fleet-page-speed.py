#!/usr/bin/env python3
"""Time to first render of the fleet page, and how it follows a growing fleet, in headless chromium.

Usage: docs/fleet-page-speed.py URL [URL...] [--loads N] [--settle] [--grow N --token T]
Each URL is a running `serve` (e.g. two jars on one database, http://127.0.0.1:18591/). For each
load (alternating between the URLs, so both see the same machine load) it opens the page fresh and
reports the time from navigation start to the first sensor row in the DOM (a MutationObserver set up
before the page's scripts run) and to the page's first /api/sensors answer. With --settle it also waits
until the page is live and has made no request for a second, and reports when its live connection came
up, how many API requests (and row loads) the visit made and when the last was answered. With --grow N it then
searches the page for a new id prefix and posts N new sensors with it (10 per request, one request
every 0.5 s) to the server's POST /api/readings, and reports how many times the page loaded its rows
and how long after the last request the page counted all N. Needs chromium and chromedriver (Debian's paths); standard library only.
"""
import argparse
import json
import socket
import subprocess
import time
import urllib.request
from datetime import datetime, timezone

OBSERVE = """
window.__firstRow = null;
window.__live = null;
new MutationObserver(() => {
  if (window.__firstRow == null && document.querySelector('#rows tr[data-sensor]')) window.__firstRow = performance.now();
  const live = document.getElementById('live');
  if (window.__live == null && live && live.textContent === 'live') window.__live = performance.now();
}).observe(document, {subtree: true, childList: true, characterData: true});
window.__fetching = 0;
window.__fetched = null;
const fetchOf = window.fetch;
window.fetch = function () {
  window.__fetching++;
  return fetchOf.apply(this, arguments).finally(() => { window.__fetching--; window.__fetched = performance.now(); });
};
"""


def call(base, method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


class Browser:
    def __init__(self):
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        self.port = s.getsockname()[1]
        s.close()
        self.driver = subprocess.Popen(['/usr/bin/chromedriver', f'--port={self.port}'],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f'http://127.0.0.1:{self.port}'
        for _ in range(100):
            try:
                call(self.base, 'GET', '/status')
                break
            except OSError:
                time.sleep(0.1)
        caps = {'capabilities': {'alwaysMatch': {'browserName': 'chrome', 'goog:chromeOptions': {
            'binary': '/usr/bin/chromium',
            'args': ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                     '--disable-component-update', '--no-first-run', '--window-size=1400,1000']}}}}
        self.session = call(self.base, 'POST', '/session', caps)['value']['sessionId']
        self.cdp('Page.addScriptToEvaluateOnNewDocument', {'source': OBSERVE})

    def cdp(self, cmd, params):
        return call(self.base, 'POST', f'/session/{self.session}/goog/cdp/execute', {'cmd': cmd, 'params': params})

    def go(self, url):
        call(self.base, 'POST', f'/session/{self.session}/url', {'url': url})

    def js(self, script, *args):
        return call(self.base, 'POST', f'/session/{self.session}/execute/sync', {'script': script, 'args': list(args)})['value']

    def until(self, script, timeout=120):
        end = time.time() + timeout
        while time.time() < end:
            v = self.js(script)
            if v:
                return v
            time.sleep(0.05)
        raise TimeoutError(script)

    def close(self):
        try:
            call(self.base, 'DELETE', f'/session/{self.session}')
        finally:
            self.driver.terminate()
            self.driver.wait(10)


ROWS_LOADED = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/sensors?')).length"


API = "performance.getEntriesByType('resource').filter(e => e.name.includes('/api/'))"


def first_render(b, url):
    b.go('about:blank')
    b.go(url)
    first = b.until('return window.__firstRow')
    api = b.js("const e = performance.getEntriesByType('resource').find(e => e.name.includes('/api/sensors?'));"
               " return e ? e.responseEnd : null")
    return first, api


def settled(b, quiet=1.0):
    """After the first render: once the page is live and has asked for nothing for `quiet` seconds,
    when its live connection came up, how many API requests and row loads it made and when the last
    one was answered (ms from navigation start)."""
    b.until("return window.__live")
    last, since = None, time.time()
    while time.time() - since < quiet:
        now = b.js('return [window.__fetching, window.__fetched]')
        if now[0] or now != last:
            last, since = now, time.time()
        time.sleep(0.05)
    return b.js(f"return [window.__live, {API}.length, {ROWS_LOADED.replace('return ', '')},"
                f" Math.max(...{API}.map(e => e.responseEnd))]")


def grow(b, url, n, token):
    """Posts n new sensors (their ids start with grow<port>-) with the page searching for them."""
    prefix = 'grow' + url.rstrip('/').rsplit(':', 1)[1] + '-'
    b.go(url)
    b.until('return window.__firstRow')
    b.until("return document.getElementById('live').textContent === 'live'")
    b.js("const q = document.getElementById('q'); q.value = arguments[0]; q.dispatchEvent(new Event('input'))", prefix)
    b.until("return document.getElementById('count').textContent === 'no sensors match'")
    before = b.js(ROWS_LOADED)
    now = datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    for i in range(0, n, 10):
        batch = [{'sensor_id': f'{prefix}{j:05d}', 'timestamp': now, 'value': 4.2, 'category': 'fridge',
                  'unit': '°C', 'location': 'cold room', 'metadata': {'site': prefix}} for j in range(i, min(i + 10, n))]
        req = urllib.request.Request(url.rstrip('/') + '/api/readings', method='POST', data=json.dumps(batch).encode(),
                                     headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'})
        urllib.request.urlopen(req, timeout=60).read()
        sent = time.time()
        time.sleep(0.5)
    try:
        b.until(f"return document.getElementById('count').textContent.includes(' of {n} sensors')", timeout=30)
        shown = f'{time.time() - sent:.1f} s'
    except TimeoutError:
        shown = 'not within 30 s'
    return b.js(ROWS_LOADED) - before, shown


def main():
    p = argparse.ArgumentParser()
    p.add_argument('urls', nargs='+')
    p.add_argument('--loads', type=int, default=5)
    p.add_argument('--settle', action='store_true',
                   help='after each first render also wait for the page to settle and report its requests')
    p.add_argument('--grow', type=int, default=0)
    p.add_argument('--token', default='')
    a = p.parse_args()
    b = Browser()
    try:
        for i in range(a.loads):
            for url in a.urls:
                first, api = first_render(b, url)
                line = f'{url} load {i + 1}: first row at {first:.0f} ms, rows answered at {api:.0f} ms'
                if a.settle:
                    live, requests, rows, done = settled(b)
                    line += (f'; live at {live:.0f} ms; {requests} API requests, rows loaded {rows} times,'
                             f' the last answered at {done:.0f} ms')
                print(line, flush=True)
        if a.grow:
            for url in a.urls:
                loads, shown = grow(b, url, a.grow, a.token)
                print(f'{url} grow {a.grow} sensors: rows loaded {loads} times; all counted on the page'
                      f' {shown} after the last was sent', flush=True)
    finally:
        b.close()


if __name__ == '__main__':
    main()
