#!/usr/bin/env python3
"""Writes a deterministic nginx access log (combined + $request_time) for the benchmark.

Usage: bench/genlog.py LINES OUT [START]   START defaults to 2025-11-09T14:00:00Z; the lines
spread evenly over 72 hours from it. Endpoints and statuses are the seed runbook's; user agents
carry nginx-escaped quotes (\\x22).
"""
import random
import sys
import time

lines = int(sys.argv[1])
out = sys.argv[2]
start = int(time.mktime(time.strptime(sys.argv[3] if len(sys.argv) > 3 else "2025-11-09T14:00:00Z", "%Y-%m-%dT%H:%M:%SZ"))) - time.timezone
rng = random.Random(20251109)
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
requests = [
    (40, "GET", lambda: "/auth/cookie/me", [(200, 995), (401, 3), (500, 2)]),
    (10, "POST", lambda: "/auth/v2/login", [(200, 985), (401, 15)]),
    (8, "POST", lambda: "/enrollments", [(201, 950), (409, 40), (422, 10)]),
    (5, "GET", lambda: "/admin/enrollments?status=pending", [(200, 990), (403, 10)]),
    (4, "PATCH", lambda: f"/admin/enrollments/{rng.randint(1, 99999)}/approve", [(200, 995), (409, 5)]),
    (3, "GET", lambda: f"/auth/cookie/me?t={rng.randint(1, 9999)}", [(200, 1000)]),
    (20, "GET", lambda: f"/static/js/app.{rng.randint(1, 50)}.js", [(200, 970), (304, 29), (502, 1)]),
    (10, "GET", lambda: "/api/products?page=" + str(rng.randint(1, 20)), [(200, 990), (429, 8), (503, 2)]),
]
weights = [r[0] for r in requests]
agents = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    "curl/8.4.0",
    "python-requests/2.31.0 (\\x22bot\\x22; +https://example.com)",
]
step = 72 * 3600 / max(1, lines)
with open(out, "w", buffering=1 << 20) as f:
    for i in range(lines):
        t = start + int(i * step)
        tm = time.gmtime(t)
        stamp = f"{tm.tm_mday:02d}/{months[tm.tm_mon - 1]}/{tm.tm_year}:{tm.tm_hour:02d}:{tm.tm_min:02d}:{tm.tm_sec:02d} +0000"
        _, method, path, statuses = rng.choices(requests, weights)[0]
        status = rng.choices([s for s, _ in statuses], [w for _, w in statuses])[0]
        rt = rng.expovariate(1 / 0.08)
        f.write(f'10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} - - [{stamp}] "{method} {path()} HTTP/1.1" {status} {rng.randint(0, 50000)} "https://neture.co.kr/" "{rng.choice(agents)}" {rt:.3f}\n')
