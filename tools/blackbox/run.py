#!/usr/bin/env python3
"""Black-box fault run of the packaged adapter (issue 10).

Starts three processes on this machine and drives them only through their public surfaces:
  1. the FHIR server: the packaged jar on its embedded HAPI JPA server with N demo patients, no passes of its own;
  2. FaultProxy (tools/blackbox/FaultProxy.java, JDK only) in front of it, injecting throttling (429 with
     Retry-After, 503 HTML gateway pages), 410 Gone on paging links, empty pages that keep their next link,
     impossible onset dates, next links to a foreign origin, and transactions answered after the read timeout;
  3. the adapter under test: the same jar in remote mode against the proxy, with a bearer token and a state dir.

Passes (POST /api/assessments/run) while the faults are on, then with the faults off, then dead-letter replay, then a
full dry-run pass that must find nothing to create or update: the server then holds exactly what an uninterrupted pass
writes. Then it counts, straight from the server: duplicate adapter resources (same identifier or Provenance key), and
from the proxy: requests sent to the foreign origin with an Authorization header; and it greps the adapter's console
for the token. Prints one table; exits 1 when anything was lost, duplicated or leaked.

Usage (from the repository root, after `mvn -B -q -DskipTests package`):
    python3 tools/blackbox/run.py [--patients 200] [--seed 7] [--page-size 20] [--faulty-passes 3]
                                  [--jar adapter/target/oncorefract-adapter.jar]
Fault rates: --throttle 0.15 --gone 0.10 --empty-page 0.10 --bad-date 0.15 --foreign-next 0.20 --slow 0.10
Work files (logs, pass JSON, state) go to target/blackbox/.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

SERVER_PORT, PROXY_PORT, ADAPTER_PORT = 18080, 18090, 18081
TOKEN = "blackbox-secret-token-7f3a9c"
ADAPTER_SYSTEMS = ("https://oncorefract.github.io/fhir/identifier/",)
OUTPUT_TYPES = ["Flag", "CarePlan", "ServiceRequest", "Task", "Provenance", "Device"]


def http(method, url, body=None, timeout=3600, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return None, str(e).encode()


def wait_ready(port, proc, what, limit=900):
    t0 = time.time()
    while time.time() - t0 < limit:
        if proc.poll() is not None:
            sys.exit(f"{what} exited with {proc.returncode}; see its log in target/blackbox/")
        status, _ = http("GET", f"http://localhost:{port}/actuator/health/readiness", timeout=5)
        if status == 200:
            return time.time() - t0
        time.sleep(1)
    sys.exit(f"{what} not ready after {limit} s")


def run_pass(query=""):
    t0 = time.time()
    status, body = http("POST", f"http://localhost:{ADAPTER_PORT}/api/assessments/run{query}")
    try:
        data = json.loads(body)
    except ValueError:
        data = {"raw": body[:300].decode(errors="replace")}
    data["_status"], data["_seconds"] = status, round(time.time() - t0, 1)
    return data


def proxy(path, method="GET"):
    _, body = http(method, f"http://localhost:{PROXY_PORT}/__proxy/{path}")
    return json.loads(body)


def search_all(url):
    """Every resource of a search straight from the server (no proxy), following next links."""
    out = []
    while url:
        status, body = http("GET", url, headers={"Accept": "application/fhir+json"})
        if status != 200:
            sys.exit(f"server search failed with {status}")
        bundle = json.loads(body)
        out += [e["resource"] for e in bundle.get("entry", []) if "resource" in e]
        url = next((l["url"] for l in bundle.get("link", []) if l["relation"] == "next"), None)
    return out


def duplicates():
    """Adapter output on the server: per type, resources and duplicate keys (identifier in an adapter system, or the
    Provenance key tag)."""
    result = {}
    for t in OUTPUT_TYPES:
        seen, dup, n = set(), 0, 0
        for r in search_all(f"http://localhost:{SERVER_PORT}/fhir/{t}?_count=500"):
            keys = [f"{i.get('system')}|{i.get('value')}" for i in r.get("identifier", [])
                    if str(i.get("system", "")).startswith(ADAPTER_SYSTEMS)]
            keys += [f"tag|{g.get('code')}" for g in r.get("meta", {}).get("tag", [])
                     if str(g.get("system", "")).endswith("/CodeSystem/provenance-key")]
            if not keys:
                continue
            n += 1
            key = sorted(keys)[0]
            if key in seen:
                dup += 1
            seen.add(key)
        result[t] = (n, dup)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jar", default="adapter/target/oncorefract-adapter.jar")
    ap.add_argument("--faulty-passes", type=int, default=3)
    ap.add_argument("--page-size", type=int, default=20, help="the adapter's _count: small, so searches page")
    for name, default in [("throttle", .15), ("gone", .10), ("empty-page", .10), ("bad-date", .15),
                          ("foreign-next", .20), ("slow", .10)]:
        ap.add_argument("--" + name, type=float, default=default)
    a = ap.parse_args()

    work = os.path.abspath("target/blackbox")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    jar = os.path.join(work, "adapter.jar")
    shutil.copy(a.jar, jar)  # a rebuild during the run must not change the jar under test
    procs = []

    def start(name, cmd):
        log = open(os.path.join(work, name + ".log"), "w")
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=work, start_new_session=True)
        procs.append(p)
        return p

    try:
        t0 = time.time()
        server = start("server", ["java", "-Xmx1500m", "-jar", jar, f"--server.port={SERVER_PORT}",
                                  f"--adapter.demo.size={a.patients}", "--adapter.schedule.enabled=false",
                                  "--adapter.schedule.run-at-startup=false", "--adapter.notifications.enabled=false"])
        server_s = wait_ready(SERVER_PORT, server, "FHIR server")
        start("proxy", ["java", f"-Dthrottle={a.throttle}", f"-Dgone={a.gone}", f"-DemptyPage={a.empty_page}",
                        f"-DbadDate={a.bad_date}", f"-DforeignNext={a.foreign_next}", f"-DslowTransaction={a.slow}",
                        "-DslowMs=8000", os.path.abspath("tools/blackbox/FaultProxy.java"), str(PROXY_PORT),
                        f"http://localhost:{SERVER_PORT}", str(a.seed)])
        env = dict(os.environ, ADAPTER_FHIR_BEARER_TOKEN=TOKEN)
        log = open(os.path.join(work, "adapter.log"), "w")
        adapter = subprocess.Popen(["java", "-Xmx768m", "-jar", jar, f"--server.port={ADAPTER_PORT}",
                                    f"--adapter.fhir.base-url=http://localhost:{PROXY_PORT}/fhir",
                                    "--adapter.fhir.read-timeout=5s", f"--adapter.state.dir={work}/state",
                                    f"--adapter.fhir.page-size={a.page_size}",
                                    "--adapter.schedule.run-at-startup=false", "--adapter.schedule.interval=24h",
                                    "--adapter.notifications.enabled=false"],
                                   stdout=log, stderr=subprocess.STDOUT, cwd=work, env=env, start_new_session=True)
        procs.append(adapter)
        adapter_s = wait_ready(ADAPTER_PORT, adapter, "adapter")

        passes = []
        for i in range(a.faulty_passes):
            passes.append(("faults on", run_pass()))
        proxy("faults?enabled=false", "POST")
        passes.append(("faults off", run_pass()))
        _, dl_body = http("GET", f"http://localhost:{ADAPTER_PORT}/api/dead-letters")
        dead_before = json.loads(dl_body).get("count")
        _, rp = http("POST", f"http://localhost:{ADAPTER_PORT}/api/dead-letters/replay-all")
        replay = json.loads(rp) if rp else {}
        check = run_pass("?full=true&dryRun=true")
        stats = proxy("stats")
        dups = duplicates()

        with open(os.path.join(work, "adapter.log"), errors="replace") as f:
            console = f.read()
        leaks = console.count(TOKEN)

        print(f"\nBlack-box fault run: {a.patients} demo patients, seed {a.seed}, jar {a.jar}")
        print(f"server ready after {server_s:.0f} s, adapter ready after {adapter_s:.0f} s; total {time.time()-t0:.0f} s")
        print("\n| pass | faults | HTTP | seconds | assessed | failed | created | updated | unchanged | quarantined |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for n, (label, p) in enumerate(passes + [("check: full dry run", check)], 1):
            print(f"| {n} | {label} | {p['_status']} | {p['_seconds']} | {p.get('patientsAssessed')} | "
                  f"{p.get('failed')} | {p.get('created')} | {p.get('updated')} | {p.get('unchanged')} | "
                  f"{p.get('quarantined')} |")
        print(f"\ndead letters before replay: {dead_before}; replay: replayed {replay.get('replayed')}, "
              f"recovered {len(replay.get('recovered', []))}, still failing {len(replay.get('stillFailing', []))}")
        print("\nproxy counters: " + json.dumps(stats, sort_keys=True))
        print("\nadapter output on the server (resources, duplicates): " +
              ", ".join(f"{t} {n}/{d}" for t, (n, d) in dups.items()))
        lost = (check.get("created") or 0) + (check.get("updated") or 0) + (check.get("failed") or 0)
        dup_total = sum(d for _, d in dups.values())
        leaked = stats.get("foreign.withAuthorization", 0) + leaks
        print(f"\nlost (writes still missing after the run, or failed in the check): {lost}; duplicates: {dup_total}; "
              f"token sent to the foreign origin or printed: {leaked}")
        return 0 if lost == 0 and dup_total == 0 and leaked == 0 and check.get("_status") == 200 else 1
    finally:
        for p in procs:
            if p and p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            if p:
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
