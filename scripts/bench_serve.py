#!/usr/bin/env python3
"""`serve` under slow clients and under load, on loopback: figures, not pass or fail.

1. Slow clients: 500 connections each send a request head one byte every 2 seconds, while 200 ordinary requests
   (GET of the manifest, one at a time) are timed: their p50 and p99, and how many the server answered.
2. Load: 1,000 submissions with distinct idempotency keys at once (the rate limit off), then the rows stored,
   the throughput, and the p50 and p99 of the answers.

Usage: python3 scripts/bench_serve.py [--cli target/release/related-news] [--slow 500] [--submissions 1000]
"""
import argparse
import asyncio
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


async def request(port, method, path, body=None, headers=()):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = body.encode() if body else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {len(data)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    writer.write(head.encode() + data)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return int(answer.split(b" ", 2)[1]) if answer else 0


async def drip(port, stop):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    head = b"GET /manifest.json HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
    for byte in head:
        if stop.is_set():
            break
        try:
            writer.write(bytes([byte]))
            await writer.drain()
        except OSError:
            break  # The server gave up on this client, as it should.
        await asyncio.sleep(2)
    writer.close()


async def slow_clients(port, count):
    stop = asyncio.Event()
    drippers = [asyncio.create_task(drip(port, stop)) for _ in range(count)]
    await asyncio.sleep(1)
    times, answered = [], 0
    for _ in range(200):
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(request(port, "GET", "/manifest.json"), 5)
            answered += status == 200
        except (asyncio.TimeoutError, OSError):
            pass
        times.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.gather(*drippers, return_exceptions=True)
    print(f"slow clients: {count} connections dripping a byte every 2 s; 200 ordinary requests: {answered} answered, "
          f"p50 {percentile(times, 50):.1f} ms, p99 {percentile(times, 99):.1f} ms")


async def load(port, count, origin):
    async def one(n):
        body = json.dumps({"email": f"bench{n}@example.org", "topics": ["elections"], "consent": True,
                           "idempotency_key": f"bench-key-{n:08d}"})
        started = time.perf_counter()
        status = await request(port, "POST", "/api/subscribe", body,
                               [("Content-Type", "application/json"), ("Origin", origin)])
        return status, (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    results = await asyncio.gather(*(one(n) for n in range(count)), return_exceptions=True)
    elapsed = time.perf_counter() - started
    ok = [r for r in results if not isinstance(r, BaseException) and 200 <= r[0] < 300]
    times = [r[1] for r in results if not isinstance(r, BaseException)]
    print(f"load: {count} concurrent submissions: {len(ok)} answered 2xx in {elapsed:.2f} s "
          f"({count / elapsed:.0f} per second), p50 {percentile(times, 50):.1f} ms, p99 {percentile(times, 99):.1f} ms")
    return len(ok)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="target/release/related-news")
    ap.add_argument("--slow", type=int, default=500)
    ap.add_argument("--submissions", type=int, default=1000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        manifest = os.path.join(tmp, "manifest.json")
        with open(manifest, "w") as f:
            json.dump({"version": 1, "topics": [{"id": "elections"}], "articles": []}, f)
        db = os.path.join(tmp, "db.sqlite")
        server = subprocess.Popen([a.cli, "serve", "--root", tmp, "--manifest", manifest, "--db", db, "--outbox",
                                   os.path.join(tmp, "outbox"), "--addr", "127.0.0.1:0", "--rate-limit", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", server.stdout.readline()).group(1))
            asyncio.run(slow_clients(port, a.slow))
            asyncio.run(load(port, a.submissions, f"http://127.0.0.1:{port}"))
        finally:
            server.terminate()
            server.wait(timeout=30)
        rows = list(csv.DictReader(io.StringIO(subprocess.run([a.cli, "subscribers", "export", "--db", db],
                                                              capture_output=True, text=True, check=True).stdout)))
        print(f"rows stored: {len(rows)} (of {a.submissions} submissions)")


if __name__ == "__main__":
    sys.exit(main())
