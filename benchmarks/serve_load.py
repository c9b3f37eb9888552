"""Load test of ``handouts serve``: N concurrent clients asking for previews of varied patients.

    python benchmarks/serve_load.py [--clients 8] [--seconds 60] [--workers N] [--layouts handout]

Starts the real server (``handouts serve --port 0``, waitress and its worker
processes) on loopback, warms it (every audience in both languages), then runs
``--clients`` threads for ``--seconds``, each with its own keep-alive
connection: get the form (for the CSRF token and cookie), then ask
``POST /preview`` (the page script's JSON request) again and again, each time
for another patient: audience, language, name, clinician, follow-up date and
notes all vary. Reports p50/p95/p99 latency, throughput, errors, and the
server's memory (main process plus workers) at the start and the end.
Only loopback is used; the run stops by itself. Results: ``serve_results.json``
and ``serve_results.md`` beside this file. Linux (memory is read from /proc).

The clients run on the same machine as the server and take some of its CPU.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import signal
import statistics
import shutil
import subprocess
import tempfile
import sys
import threading
import time
import urllib.parse
from datetime import date, datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
AUDIENCES = ["general", "pregnancy", "athletes", "dialysis", "older-adults", "medicines", "cirrhosis"]
FIRST = ["Ana", "María", "Sam", "Lee", "Nguyễn Thị", "Olu", "Grace", "José", "Fatima", "Kenji", "Zoë", "Łukasz"]
LAST = ["Ruiz", "O'Brien", "López", "Smith-Jones", "Minh Khai", "Adeyemi", "Müller", "Kowalski", "Haddad", "Tanaka"]
NOTES = ["Your fluid limit is 1 litre a day.", "Stretch your calves before bed.",
         "Call us if the cramps wake you more than twice a week.\nBring your medicines list.",
         "Límite de líquidos: 1 litro al día.", ""]
URL_RE = re.compile(r"the leaflet page is at (http://\S+)")
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def cpu_seconds(pid: int, workers: bool = True) -> float:
    """User + system CPU time of the server (and its workers) so far (Linux clock ticks)."""
    total = 0.0
    for proc in [pid, *(children(pid) if workers else [])]:
        try:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return total


def memory(pid: int) -> dict:
    workers = children(pid)
    return {"server_mb": round(rss_mb(pid), 1), "workers_mb": [round(rss_mb(w), 1) for w in workers],
            "total_mb": round(rss_mb(pid) + sum(rss_mb(w) for w in workers), 1)}


class Client:
    def __init__(self, host: str, port: int):
        self.connection = http.client.HTTPConnection(host, port, timeout=60)
        self.cookie = ""
        self.token = ""

    def start(self) -> None:
        self.connection.request("GET", "/")
        response = self.connection.getresponse()
        body = response.read().decode()
        self.cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
        self.token = TOKEN_RE.search(body).group(1)

    def preview(self, fields: list[tuple[str, str]]) -> tuple[int, int]:
        body = urllib.parse.urlencode([*fields, ("csrf_token", self.token)])
        self.connection.request("POST", "/preview", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
            "Cookie": self.cookie})
        response = self.connection.getresponse()
        data = response.read()
        return response.status, len(data)


def patient(rng: random.Random, layouts: list[str]) -> list[tuple[str, str]]:
    fields = [("audience", rng.choice(AUDIENCES)), ("lang", rng.choice(["en", "es"])),
              ("layout", rng.choice(layouts)),
              ("patient", f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randrange(1000)}")]
    if rng.random() < 0.6:
        fields.append(("clinician", f"Dr. {rng.choice(LAST)}"))
    if rng.random() < 0.7:
        fields.append(("follow_up", date(2026, 12, 1 + rng.randrange(28)).isoformat()))
    for _ in range(rng.randrange(3)):
        fields.append(("note", rng.choice(NOTES)))
    return fields


def run(args: argparse.Namespace) -> dict:
    load_before = os.getloadavg()[0]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    folder = Path(tempfile.mkdtemp(prefix="serve-load-"))
    log_path = folder / "server.log"
    log = log_path.open("wb")
    server = subprocess.Popen([sys.executable, "-m", "handouts.cli", "serve", "--port", "0",
                               "--workers", str(args.workers)], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        url = None
        for _ in range(600):
            found = URL_RE.search(log_path.read_text(errors="replace"))
            if found:
                url = found.group(1)
                break
            if server.poll() is not None:
                raise SystemExit(f"the server exited:\n{log_path.read_text()}")
            time.sleep(0.1)
        if url is None:
            raise SystemExit("the server did not start")
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        warm = Client(host, port)
        warm.start()
        rng = random.Random(1)
        for audience in AUDIENCES:
            for lang in ("en", "es"):
                for layout in args.layouts:
                    status, _ = warm.preview([("audience", audience), ("lang", lang), ("layout", layout),
                                              ("patient", "Warm Up")])
                    assert status == 200, status
        for _ in range(2 * args.workers):
            warm.preview(patient(rng, args.layouts))
        start_memory = memory(server.pid)

        latencies: list[float] = []
        sent_names: set[str] = set()
        errors: list[str] = []
        sizes: list[int] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(number: int) -> None:
            local_rng = random.Random(100 + number)
            c = Client(host, port)
            c.start()
            while time.monotonic() < stop_at:
                fields = patient(local_rng, args.layouts)
                with lock:
                    sent_names.add(fields[3][1])
                began = time.perf_counter()
                try:
                    status, size = c.preview(fields)
                except Exception as exc:  # counted, the run goes on
                    with lock:
                        errors.append(type(exc).__name__)
                    c = Client(host, port)
                    c.start()
                    continue
                took = time.perf_counter() - began
                with lock:
                    if status == 200:
                        latencies.append(took)
                        sizes.append(size)
                    else:
                        errors.append(f"HTTP {status}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        cpu_before, main_before = cpu_seconds(server.pid), cpu_seconds(server.pid, workers=False)
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        samples = []
        while any(thread.is_alive() for thread in threads):
            time.sleep(1)
            if time.perf_counter() - began >= 10 * (len(samples) + 1):
                samples.append(memory(server.pid)["total_mb"])
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        cpu_used = cpu_seconds(server.pid) - cpu_before
        main_used = cpu_seconds(server.pid, workers=False) - main_before
        end_memory = memory(server.pid)
        load_after = os.getloadavg()[0]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    output = log_path.read_text(encoding="utf-8", errors="replace")
    names_in_log = sum(1 for name in sent_names if name in output)
    shutil.rmtree(folder, ignore_errors=True)
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1) if latencies else 0.0

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {
        "date": datetime.now(timezone.utc).date().isoformat(), "machine": f"{os.cpu_count()} CPUs, {cpu}",
        "python": platform.python_version(), "clients": args.clients, "seconds": round(elapsed, 1),
        "workers": args.workers, "layouts": args.layouts, "requests": len(latencies), "errors": len(errors),
        "error_kinds": sorted(set(errors)), "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
        "max_ms": pct(1.0), "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
        "throughput_per_s": round(len(latencies) / elapsed, 1),
        "server_cpu_ms_per_preview": round(cpu_used * 1000 / len(latencies), 1) if latencies else 0.0,
        "main_process_cpu_ms_per_preview": round(main_used * 1000 / len(latencies), 1) if latencies else 0.0,
        "memory_every_10_s_mb": samples, "response_kb": round(statistics.fmean(sizes) / 1024)
        if sizes else 0, "memory_start": start_memory, "memory_end": end_memory,
        "load_before": load_before, "load_after": load_after, "patient_names_sent": len(sent_names),
        "patient_names_in_server_log": names_in_log,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--layouts", default="handout", help="comma-separated layouts to vary over")
    parser.add_argument("--out", default=str(HERE / "serve_results.json"))
    parser.add_argument("--report", metavar="JSON", help="only print the Markdown report of an earlier run's JSON")
    args = parser.parse_args()
    if args.report:
        print(markdown(json.loads(Path(args.report).read_text(encoding="utf-8"))), end="")
        return
    args.layouts = args.layouts.split(",")
    result = run(args)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report = markdown(result)
    Path(args.out).with_suffix(".md").write_text(report, encoding="utf-8")
    print(report, end="")


def markdown(r: dict) -> str:
    """The result as a short Markdown report."""
    start, end = r["memory_start"], r["memory_end"]
    return (
        f"handouts serve, {r['clients']} clients asking for previews of varied patients for {r['seconds']} s "
        f"({', '.join(r['layouts'])}), {r['workers']} workers; {r['date']}, {r['machine']}, Python {r['python']}, "
        f"load average {r['load_before']:.1f} before the run and {r['load_after']:.1f} after it (its own 2 workers and "
        f"clients count too); {r['patient_names_in_server_log']} of "
        f"{r['patient_names_sent']} patient names sent found in the server's log\n\n"
        "| p50 | p95 | p99 | max | throughput | server CPU a preview | errors | response "
        "| server memory, start -> end |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
        f"| {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms | {r['p99_ms']:.0f} ms | {r['max_ms']:.0f} ms "
        f"| {r['throughput_per_s']} previews/s | {r['server_cpu_ms_per_preview']:.0f} ms "
        f"({r['main_process_cpu_ms_per_preview']:.0f} in the main process) | {r['errors']} "
        f"| {r['response_kb']} KB "
        f"| {start['total_mb']:.0f} -> {end['total_mb']:.0f} MB (main {start['server_mb']:.0f} -> "
        f"{end['server_mb']:.0f}, child processes {' + '.join(f'{m:.0f}' for m in start['workers_mb'])} -> "
        f"{' + '.join(f'{m:.0f}' for m in end['workers_mb'])}) |\n\n"
        f"Memory every 10 s (MB): {', '.join(f'{m:.0f}' for m in r['memory_every_10_s_mb'])}. The child processes "
        "are the workers and multiprocessing's resource tracker (the small one).\n")


if __name__ == "__main__":
    main()
