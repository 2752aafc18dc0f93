#!/usr/bin/env python3
"""Pass benchmark of the packaged adapter (issue 11): passes per second, HTTP requests per patient, CPU, heap, RSS.

Measures whatever code is in the jar it is given, and prints the adapter settings in effect, so it can be rerun after
any change. Starts two processes from the jar and drives them only over HTTP, as tools/blackbox/run.py does:
  1. the FHIR server: the jar on its embedded HAPI JPA server with N generated demo patients (--adapter.demo.size=N),
     no passes, no schedule, no notifications;
  2. the adapter under test: the same jar in remote mode against it (adapter.fhir.base-url), run-at-startup off,
     passes triggered only by POST /api/assessments/run.

Phases (each timed on the wall clock around the HTTP call, with both processes' CPU from /proc/<pid>/stat):
  a. first pass        POST /api/assessments/run                 (no cursor yet: every candidate, writes)
  b. full, unchanged   POST /api/assessments/run?full=true       (every candidate again; nothing to write)
  b'.full, dry run     POST /api/assessments/run?full=true&dryRun=true   (reads and assesses only: the baseline's peer)
  c. incremental, 1%   the harness adds a progression Observation (LOINC 97509-4, SNOMED 271299001, dated today) for
                       1% of the candidates straight on the server (not timed), then POST /api/assessments/run
  d. naive baseline    NaiveCamelFhirBaseline (adapter test sources): a plain CamelContext with camel-fhir, per patient
                       one Patient read and one search per type (Condition, MedicationStatement/Request/Administration
                       with _include of the Medication, Observation, Procedure), next pages followed, one patient after
                       the other, then the same normalise + assess (no trial matching, no writes).
Before phase b the harness waits, if needed, until adapter.fhir.cursor-overlap has passed since the demo data were
loaded, so that the cursor of pass b lies after them and pass c sees only the changed patients.

Per phase: seconds, patients/s, HTTP requests per patient split into reads and writes (the adapter's meter
oncorefract.fhir.requests, tags method/type/kind, from /actuator/prometheus; "n/a" with a jar that lacks it), adapter
CPU s and server CPU s, adapter peak heap (the largest heap-before-GC in its -Xlog:gc file during the phase, or the
largest jvm.memory.used{area=heap} polled every second, whichever is larger), its largest heap after a GC (a young
collection leaves old garbage: an upper bound of the live set), the heap it retains after the phase (heap used after a
full GC, `jcmd <pid> GC.run`: the live set, the figure for "heap flat in N"), and peak RSS of both processes (VmHWM, reset at the start of each phase through /proc/<pid>/clear_refs; when the
reset is refused, the peak since start). Then the ratio product patients/s / baseline patients/s for pass a and b'.
Finally (unless --skip-plain) the RSS of a plain `java -jar <jar>` (the README's first command: embedded server, 50 demo
patients, start-up pass, table) once its readiness answers 200, and once per --plain-variant (extra JVM flags or
application arguments, e.g. --plain-variant="-XX:+UseSerialGC").

Usage (from the repository root, after `mvn -B -q -o -DskipTests package`):
    python3 tools/bench/pass_bench.py [--patients 1000|5000|10000] [--jar adapter/target/oncorefract-adapter.jar]
        [--adapter-arg=--adapter.pass.parallelism=1 ...] [--adapter-jvm=-Xmx1g ...] [--server-jvm=-Xmx3g ...]
        [--changed 0.01] [--skip-baseline] [--baseline-cp adapter/target/bench.cp] [--skip-plain]
        [--plain-variant="-XX:+UseSerialGC" ...] [--plain-only] [--keep] [--phases a,b,b2,c]
The baseline runs on the test classpath; without --baseline-cp the harness first runs (reactor, offline)
    mvn -B -q -o -pl adapter -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
Work files (logs, GC logs, pass JSON, state) go to target/bench/. Prints Markdown tables on stdout.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

SERVER_PORT, ADAPTER_PORT, PLAIN_PORT = 18180, 18181, 18182
CLK_TCK = os.sysconf("SC_CLK_TCK")
SETTING_KEYS = re.compile(r"(^|\.)(pass|read-strategy|readStrategy|page-size|pageSize|parallelism|write-mode|"
                          r"writeMode|validation|trials\.enabled|bulk|kafka|batch|pool|connections|cursor-overlap|"
                          r"cursorOverlap|lines-of-therapy|linesOfTherapy)")
SECRET = re.compile(r"token|secret|password|key|jwk|credential", re.I)


def http(method, url, body=None, timeout=7200, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return None, str(e).encode()


def wait_ready(port, proc, what, work, limit=3600):
    t0 = time.time()
    while time.time() - t0 < limit:
        if proc.poll() is not None:
            sys.exit(f"{what} exited with {proc.returncode}; see its log in {work}")
        status, _ = http("GET", f"http://localhost:{port}/actuator/health/readiness", timeout=5)
        if status == 200:
            return time.time() - t0
        time.sleep(1)
    sys.exit(f"{what} not ready after {limit} s")


# ---------------------------------------------------------------------------------------------------------- /proc
def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14 and 15 of stat)


def status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_hwm(pid):
    """Resets VmHWM to the current RSS (Linux >= 4.0); False when refused."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


# ---------------------------------------------------------------------------------------------------------- meters
def prometheus(port):
    status, body = http("GET", f"http://localhost:{port}/actuator/prometheus", timeout=60)
    return body.decode(errors="replace") if status == 200 else ""


def request_counts(text):
    """(reads, writes, {type: count}) from oncorefract_fhir_requests_total, or None when the meter is absent."""
    reads = writes = 0.0
    types = {}
    found = False
    for m in re.finditer(r'^oncorefract_fhir_requests_total\{([^}]*)\}\s+([0-9.eE+-]+)', text, re.M):
        found = True
        tags = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        v = float(m.group(2))
        if tags.get("kind") == "write":
            writes += v
        else:
            reads += v
        t = tags.get("method", "?") + " " + tags.get("type", "?")
        types[t] = types.get(t, 0) + v
    return (reads, writes, types) if found else None


def heap_used(port):
    status, body = http("GET", f"http://localhost:{port}/actuator/metrics/jvm.memory.used?tag=area:heap", timeout=5)
    if status != 200:
        return None
    try:
        return json.loads(body)["measurements"][0]["value"] / 2**20
    except (ValueError, KeyError, IndexError):
        return None


GC_LINE = re.compile(r"(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)")
UNIT = {"K": 1 / 1024, "M": 1, "G": 1024}


def gc_peaks(path, start, end):
    """(largest heap before a GC, largest heap after a GC) in MB between two offsets of a -Xlog:gc file."""
    before = after = None
    try:
        with open(path, errors="replace") as f:
            f.seek(start)
            chunk = f.read(max(0, end - start))
    except OSError:
        return None, None
    for m in GC_LINE.finditer(chunk):
        b = int(m.group(1)) * UNIT[m.group(2)]
        a = int(m.group(3)) * UNIT[m.group(4)]
        before = b if before is None else max(before, b)
        after = a if after is None else max(after, a)
    return before, after


def size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class Sampler(threading.Thread):
    """Polls the adapter's heap, both processes' RSS and the load average every second during a phase."""

    def __init__(self, adapter_port, pids):
        super().__init__(daemon=True)
        self.port, self.pids = adapter_port, pids
        self.stop_flag = threading.Event()
        self.heap = None
        self.rss = {p: 0 for p in pids}
        self.loads = []

    def run(self):
        while not self.stop_flag.is_set():
            h = heap_used(self.port) if self.port else None
            if h is not None:
                self.heap = h if self.heap is None else max(self.heap, h)
            for p in self.pids:
                r = status_kb(p, "VmRSS")
                if r:
                    self.rss[p] = max(self.rss[p], r)
            self.loads.append(load1())
            self.stop_flag.wait(1.0)

    def stop(self):
        self.stop_flag.set()
        self.join(5)


# ---------------------------------------------------------------------------------------------------------- phases
class Bench:
    def __init__(self, a, work, server, adapter):
        self.a, self.work, self.server, self.adapter = a, work, server, adapter
        self.gc_log = os.path.join(work, "adapter-gc.log")
        self.rows = []
        self.loads = []

    def phase(self, label, action, product=True):
        """Runs action() (returns a dict with at least 'patients') and records one table row; product=False: the
        baseline (its own CPU and requests from its output, the adapter idle and not measured)."""
        pids = [self.server.pid] + ([self.adapter.pid] if product else [])
        hwm_reset = all(reset_hwm(p) for p in pids)
        cpu0 = {p: cpu_seconds(p) for p in pids}
        req0 = request_counts(prometheus(ADAPTER_PORT)) if product else None
        gc0 = size(self.gc_log)
        sampler = Sampler(ADAPTER_PORT if product else None, pids)
        sampler.start()
        t0 = time.time()
        result = action()
        seconds = time.time() - t0
        if not product and result.get("seconds"):
            result["wallSeconds"] = seconds  # the baseline's process, start-up and candidate search included
            seconds = result["seconds"]  # its per-patient loop, as timed by itself
        sampler.stop()
        cpu = {p: cpu_seconds(p) - cpu0[p] for p in pids}
        hwm = {p: status_kb(p, "VmHWM") for p in pids}
        self.loads += sampler.loads
        row = {"phase": label, "seconds": seconds, "result": result,
               "server_cpu": cpu[self.server.pid], "server_hwm": hwm[self.server.pid], "hwm_reset": hwm_reset,
               "load": (min(sampler.loads), sum(sampler.loads) / len(sampler.loads), max(sampler.loads))
               if sampler.loads else None}
        patients = result.get("patients") or 0
        row["patients"] = patients
        if product:
            time.sleep(1.5)  # the last GC line reaches the file
            before, after = gc_peaks(self.gc_log, gc0, size(self.gc_log))  # before the full GC below
            row["adapter_cpu"] = cpu[self.adapter.pid]
            row["adapter_hwm"] = hwm[self.adapter.pid]
            row["heap_peak"] = max(x for x in (before, sampler.heap, 0) if x is not None)
            row["heap_live"] = after
            # what the adapter still holds after the pass: heap used after a full GC
            subprocess.run(["jcmd", str(self.adapter.pid), "GC.run"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            time.sleep(2)
            row["heap_retained"] = heap_used(ADAPTER_PORT)
            req1 = request_counts(prometheus(ADAPTER_PORT))
            if req0 is not None and req1 is not None:
                row["reads"] = req1[0] - req0[0]
                row["writes"] = req1[1] - req0[1]
                row["types"] = {k: v - req0[2].get(k, 0) for k, v in req1[2].items() if v - req0[2].get(k, 0)}
        else:
            row["adapter_cpu"] = result.get("cpuSeconds")
            row["reads"] = result.get("requests")
            row["writes"] = 0
        self.rows.append(row)
        print(f"  {label}: {seconds:.1f} s, {patients} patients, load {row['load'][1] if row['load'] else '?':.1f}",
              file=sys.stderr, flush=True)
        return row


def run_pass(query=""):
    status, body = http("POST", f"http://localhost:{ADAPTER_PORT}/api/assessments/run{query}")
    try:
        data = json.loads(body)
    except ValueError:
        data = {"raw": body[:300].decode(errors="replace")}
    data["_status"] = status
    data["patients"] = data.get("patientsAssessed", 0)
    if status != 200:
        print(f"  pass {query or '(incremental)'} answered {status}: {str(data)[:300]}", file=sys.stderr)
    return data


def candidates():
    """The subjects of every Condition on the server (the same list the baseline uses), in server order."""
    out, seen = [], set()
    url = f"http://localhost:{SERVER_PORT}/fhir/Condition?_elements=subject&_count=1000"
    while url:
        status, body = http("GET", url, headers={"Accept": "application/fhir+json"})
        if status != 200:
            sys.exit(f"Condition search on the server failed with {status}")
        bundle = json.loads(body)
        for e in bundle.get("entry", []):
            ref = e.get("resource", {}).get("subject", {}).get("reference", "")
            pid = ref.split("/")[-1]
            if ref.startswith("Patient/") and pid not in seen:
                seen.add(pid)
                out.append(pid)
        url = next((l["url"] for l in bundle.get("link", []) if l["relation"] == "next"), None)
    return out


def change_patients(ids, fraction):
    """Adds a progression disease-status Observation dated today to every 1/fraction-th candidate, on the server."""
    step = max(1, round(1 / fraction)) if fraction > 0 else 0
    chosen = ids[::step][:max(1, round(len(ids) * fraction))] if step else []
    today = datetime.date.today().isoformat()
    for pid in chosen:
        obs = {"resourceType": "Observation", "status": "final",
               "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                         "code": "survey"}]}],
               "code": {"coding": [{"system": "http://loinc.org", "code": "97509-4",
                                    "display": "Cancer disease status"}]},
               "subject": {"reference": f"Patient/{pid}"}, "effectiveDateTime": today,
               "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "271299001",
                                                    "display": "Patient's condition worsened"}]}}
        status, body = http("POST", f"http://localhost:{SERVER_PORT}/fhir/Observation", json.dumps(obs).encode(),
                            headers={"Content-Type": "application/fhir+json"})
        if status not in (200, 201):
            sys.exit(f"could not add an Observation on the server: {status} {body[:200]}")
    return chosen


def settings(port):
    """The adapter's bound adapter.* settings of interest (defaults included) from /actuator/configprops."""
    status, body = http("GET", f"http://localhost:{port}/actuator/configprops", timeout=30)
    if status != 200:
        return {}
    flat = {}

    def walk(prefix, v):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(f"{prefix}.{k}" if prefix else k, x)
        elif isinstance(v, list):
            flat[prefix] = json.dumps(v)
        else:
            flat[prefix] = v

    for ctx in json.loads(body).get("contexts", {}).values():
        for bean in ctx.get("beans", {}).values():
            p = bean.get("prefix", "")
            if p.startswith("adapter"):
                walk(p, bean.get("properties", {}))
    return {k: v for k, v in sorted(flat.items())
            if SETTING_KEYS.search(k[len("adapter."):]) and not SECRET.search(k) and not k.startswith("adapter.cds")
            and not k.startswith("adapter.seed") and not k.startswith("adapter.demo")}


def build_classpath():
    cp = os.path.abspath("adapter/target/bench.cp")
    print("building the test classpath for the baseline (mvn test-compile dependency:build-classpath)...",
          file=sys.stderr, flush=True)
    subprocess.run(["mvn", "-B", "-q", "-o", "-pl", "adapter", "-am", "test-compile", "dependency:build-classpath",
                    "-Dmdep.outputFile=target/bench.cp", "-Dmdep.includeScope=test"], check=True)
    return cp


def baseline(cp_file, page_size, work):
    with open(cp_file) as f:
        cp = "adapter/target/test-classes:adapter/target/classes:" + f.read().strip()
    with open(os.path.join(work, "baseline.log"), "w") as log:
        out = subprocess.run(["java", "-cp", cp, "io.github.oncorefract.adapter.bench.NaiveCamelFhirBaseline",
                              f"http://localhost:{SERVER_PORT}/fhir", str(page_size)],
                             stdout=subprocess.PIPE, stderr=log, text=True)
    line = next((l for l in out.stdout.splitlines() if l.startswith("{")), None)
    if out.returncode != 0 or line is None:
        sys.exit(f"baseline failed ({out.returncode}); see {work}/baseline.log")
    return json.loads(line)


def plain_rss(jar, work, extra, label):
    """RSS of the README's first command (plus `extra`) once ready: (ready s, VmRSS MB, VmHWM MB, heap used MB,
    VmRSS MB after `jcmd <pid> GC.run`). With -XX:NativeMemoryTracking=summary among the flags, the NMT summary
    goes to target/bench/<label>.nmt.txt."""
    jvm = [x for x in extra if not x.startswith("--")]
    app = [x for x in extra if x.startswith("--")]
    name = "plain-" + re.sub(r"[^A-Za-z0-9]+", "_", label)[:60]
    log = open(os.path.join(work, name + ".log"), "w")
    p = subprocess.Popen(["java", *jvm, "-jar", jar, f"--server.port={PLAIN_PORT}", *app], stdout=log,
                         stderr=subprocess.STDOUT, cwd=work, start_new_session=True)
    try:
        ready = wait_ready(PLAIN_PORT, p, "plain java -jar", work)
        time.sleep(5)
        heap = heap_used(PLAIN_PORT)
        rss, hwm = status_kb(p.pid, "VmRSS") / 1024, status_kb(p.pid, "VmHWM") / 1024
        if any("NativeMemoryTracking" in x for x in jvm):
            with open(os.path.join(work, name + ".nmt.txt"), "w") as f:
                subprocess.run(["jcmd", str(p.pid), "VM.native_memory", "summary"], stdout=f,
                               stderr=subprocess.STDOUT)
        subprocess.run(["jcmd", str(p.pid), "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        return ready, rss, hwm, heap, status_kb(p.pid, "VmRSS") / 1024
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def plain_table(plain):
    print("\nPlain `java -jar` (README's first command: embedded server, 50 demo patients, start-up pass), "
          "measured 5 s after readiness, and again after a full GC (`jcmd <pid> GC.run`):\n")
    print("| extra flags / arguments | ready after s | RSS MB | peak RSS MB | heap used MB | RSS after full GC MB |")
    print("|---|---|---|---|---|---|")
    for v, ready, rss, hwm, heap, after in plain:
        print(f"| `{v}` | {ready:.0f} | {rss:.0f} | {hwm:.0f} | {fmt(heap, 0)} | {after:.0f} |")


def fmt(x, d=1):
    return "n/a" if x is None else f"{x:,.{d}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--patients", type=int, default=1000, help="demo patients on the server (1000, 5000, 10000)")
    ap.add_argument("--jar", default="adapter/target/oncorefract-adapter.jar")
    ap.add_argument("--adapter-arg", action="append", default=[], help="extra application argument of the adapter")
    ap.add_argument("--adapter-jvm", action="append", default=[], help="extra JVM flag of the adapter")
    ap.add_argument("--server-jvm", action="append", default=[], help="JVM flag of the server (default -Xmx3g)")
    ap.add_argument("--changed", type=float, default=0.01, help="fraction of patients changed before pass c")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--baseline-cp", help="classpath file of the adapter's test scope (else built with mvn)")
    ap.add_argument("--skip-plain", action="store_true", help="skip the plain java -jar RSS measurement")
    ap.add_argument("--plain-variant", action="append", default=[],
                    help="space-separated extra JVM flags/app args for another plain java -jar RSS run")
    ap.add_argument("--plain-only", action="store_true", help="only the plain java -jar RSS runs")
    ap.add_argument("--keep", action="store_true", help="leave both processes running at the end")
    ap.add_argument("--phases", default="a,b,b2,c",
                    help="comma-separated product phases to run, in this order: a (first pass), b (full unchanged), "
                         "b2 (full dry run), c (incremental); e.g. --phases b2 for the read-and-assess path only "
                         "(memory at large N without the write-heavy first pass)")
    ap.add_argument("--port-base", type=int, default=18180,
                    help="server port; the adapter uses +1, the plain run +2 (another run on the machine: e.g. 18280)")
    ap.add_argument("--first-only", action="store_true",
                    help="only phase a (first pass) and, unless skipped, the baseline: for profiling and A/B runs "
                         "(the same as --phases a)")
    ap.add_argument("--jfr", action="store_true",
                    help="record JFR (settings=profile) on both processes during phase a only: "
                         "target/bench/adapter-a.jfr, server-a.jfr")
    a = ap.parse_args()
    phases = set(x.strip() for x in a.phases.split(",") if x.strip())
    if not phases <= {"a", "b", "b2", "c"}:
        ap.error("--phases takes a, b, b2, c")
    if a.first_only:
        phases = {"a"}
    global SERVER_PORT, ADAPTER_PORT, PLAIN_PORT
    SERVER_PORT, ADAPTER_PORT, PLAIN_PORT = a.port_base, a.port_base + 1, a.port_base + 2
    if a.plain_only:
        work = os.path.abspath("target/bench-plain")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        jar = os.path.join(work, "adapter.jar")
        shutil.copy(a.jar, jar)
        plain = []
        for v in [""] + a.plain_variant:
            plain.append((v or "(none)",) + plain_rss(jar, work, v.split(), v or "default"))
            print(f"  plain {v or '(none)'}: RSS {plain[-1][2]:.0f} MB", file=sys.stderr, flush=True)
        print(f"\nload average: {open('/proc/loadavg').read().strip()}; nproc {os.cpu_count()}")
        plain_table(plain)
        return 0

    cp_file = None
    if not a.skip_baseline:
        cp_file = os.path.abspath(a.baseline_cp) if a.baseline_cp else build_classpath()
    work = os.path.abspath("target/bench")
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

    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        t0 = time.time()
        server = start("server", ["java", *(a.server_jvm or ["-Xmx3g"]), "-Xlog:gc:file=server-gc.log", "-jar", jar,
                                  f"--server.port={SERVER_PORT}", f"--adapter.demo.size={a.patients}",
                                  "--adapter.schedule.enabled=false", "--adapter.schedule.run-at-startup=false",
                                  "--adapter.notifications.enabled=false"])
        server_s = wait_ready(SERVER_PORT, server, "FHIR server", work)
        loaded_at = time.time()
        server_rss_loaded = status_kb(server.pid, "VmRSS")
        with open(os.path.join(work, "server.log"), errors="replace") as f:
            demo_line = next((l.strip() for l in f if "Demo cohort (" in l), "")
        demo_ms = re.search(r"in (\d+) ms", demo_line)
        ids = candidates()
        print(f"server ready after {server_s:.0f} s ({len(ids)} candidates); {demo_line[-160:]}", file=sys.stderr)

        adapter_cmd = ["java", *a.adapter_jvm, "-Xlog:gc:file=adapter-gc.log", "-jar", jar,
                       f"--server.port={ADAPTER_PORT}", f"--adapter.fhir.base-url=http://localhost:{SERVER_PORT}/fhir",
                       f"--adapter.state.dir={work}/state", "--adapter.schedule.run-at-startup=false",
                       "--adapter.schedule.enabled=false", "--adapter.notifications.enabled=false",
                       "--management.endpoints.web.exposure.include=health,metrics,prometheus,configprops",
                       "--management.endpoint.configprops.show-values=ALWAYS", *a.adapter_arg]
        adapter = start("adapter", adapter_cmd)
        adapter_s = wait_ready(ADAPTER_PORT, adapter, "adapter", work)
        conf = settings(ADAPTER_PORT)
        _, cpus = http("GET", f"http://localhost:{ADAPTER_PORT}/actuator/metrics/system.cpu.count", timeout=10)
        try:
            cpu_count = int(json.loads(cpus)["measurements"][0]["value"])
        except (ValueError, KeyError, IndexError):
            cpu_count = None

        b = Bench(a, work, server, adapter)
        pa = pb = pd = pc = None
        if "a" in phases:
            if a.jfr:
                for p, name in ((adapter, "adapter"), (server, "server")):
                    subprocess.run(["jcmd", str(p.pid), "JFR.start", "name=bench-a", "settings=profile",
                                    f"filename={work}/{name}-a.jfr"], stdout=subprocess.DEVNULL)
            pa = b.phase("a. first pass (writes)", lambda: run_pass())
            if a.jfr:
                for p in (adapter, server):
                    subprocess.run(["jcmd", str(p.pid), "JFR.stop", "name=bench-a"], stdout=subprocess.DEVNULL)
        overlap = conf.get("adapter.fhir.cursor-overlap") or conf.get("adapter.fhir.cursorOverlap") or "PT2M"
        m = re.match(r"PT(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$", str(overlap))
        overlap_s = (int(m.group(1) or 0) * 60 + float(m.group(2) or 0)) if m else 120
        wait = loaded_at + overlap_s + 5 - time.time()
        if wait > 0 and phases & {"b", "c"}:
            print(f"  waiting {wait:.0f} s: the cursor overlap ({overlap}) since the data were loaded",
                  file=sys.stderr, flush=True)
            time.sleep(wait)
        if "b" in phases:
            pb = b.phase("b. full, unchanged", lambda: run_pass("?full=true"))
        if "b2" in phases:
            pd = b.phase("b'. full, unchanged, dry run", lambda: run_pass("?full=true&dryRun=true"))
        if "c" in phases:
            changed = change_patients(ids, a.changed)
            pc = b.phase(f"c. incremental, {len(changed)} changed", lambda: run_pass())
        base = None
        if not a.skip_baseline:
            page = conf.get("adapter.fhir.page-size") or conf.get("adapter.fhir.pageSize") or 200
            base = b.phase("d. naive camel-fhir baseline", lambda: baseline(cp_file, page, work), product=False)
        server_hwm_total = status_kb(server.pid, "VmHWM")
        adapter_hwm_total = status_kb(adapter.pid, "VmHWM")
        if not a.keep:
            for p in (adapter, server):
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(120)

        plain = []
        if not a.skip_plain:
            for v in [""] + a.plain_variant:
                extra = v.split()
                plain.append((v or "(none)",) + plain_rss(jar, work, extra, v or "default"))

        # ------------------------------------------------------------------------------------------ report
        ended = datetime.datetime.now(datetime.timezone.utc)
        loads = b.loads
        print(f"\n## Pass benchmark, N = {a.patients} demo patients ({len(ids)} candidates)\n")
        print(f"- date: {started:%Y-%m-%d %H:%M}–{ended:%H:%M} UTC; jar: `{a.jar}` "
              f"({os.path.getsize(a.jar) / 2**20:.0f} MB, modified "
              f"{datetime.datetime.fromtimestamp(os.path.getmtime(a.jar)):%Y-%m-%d %H:%M})")
        print(f"- machine: nproc {os.cpu_count()}, adapter JVM sees {cpu_count} CPUs; load average (1 min) during "
              f"the phases: min {fmt(min(loads) if loads else None)}, mean "
              f"{fmt(sum(loads) / len(loads) if loads else None)}, max {fmt(max(loads) if loads else None)}")
        print(f"- server: ready after {server_s:.0f} s; demo load: {demo_ms.group(1) + ' ms' if demo_ms else 'n/a'} "
              f"({a.patients} patients); server RSS after loading {fmt((server_rss_loaded or 0) / 1024, 0)} MB")
        print(f"- adapter: ready after {adapter_s:.0f} s; extra args: `{' '.join(a.adapter_arg) or '(none)'}`; "
              f"JVM flags: `{' '.join(a.adapter_jvm) or '(defaults)'}`")
        print("- adapter settings in effect: " + (", ".join(f"`{k}={v}`" for k, v in conf.items()) or "n/a"))
        print("\n| phase | patients | seconds | patients/s | reads/patient | writes/patient | created | updated "
              "| adapter CPU s | server CPU s | adapter peak heap MB | adapter heap after GC MB | adapter heap retained MB "
              "| adapter peak RSS MB "
              "| server peak RSS MB | load (1 min) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in b.rows:
            n = r["patients"] or 0
            res = r["result"]
            per = (lambda x: fmt(x / n, 2) if (x is not None and n) else "n/a")
            print(f"| {r['phase']} | {n} | {r['seconds']:.1f} | {fmt(n / r['seconds'] if r['seconds'] else None, 2)} "
                  f"| {per(r.get('reads'))} | {per(r.get('writes'))} | {res.get('created', '–')} "
                  f"| {res.get('updated', '–')} | {fmt(r.get('adapter_cpu'))} | {fmt(r['server_cpu'])} "
                  f"| {fmt(r.get('heap_peak'), 0) if 'heap_peak' in r else '–'} "
                  f"| {fmt(r.get('heap_live'), 0) if 'heap_peak' in r else '–'} "
                  f"| {fmt(r.get('heap_retained'), 0) if 'heap_peak' in r else '–'} "
                  f"| {fmt(r['adapter_hwm'] / 1024, 0) if r.get('adapter_hwm') else '–'} "
                  f"| {fmt(r['server_hwm'] / 1024, 0) if r.get('server_hwm') else 'n/a'} "
                  f"| {fmt(r['load'][1]) if r['load'] else 'n/a'} |")
        if not all(r["hwm_reset"] for r in b.rows):
            print("\n(peak RSS could not be reset per phase: figures are peaks since the process started)")
        print("\nRequests by method and FHIR interaction (oncorefract.fhir.requests), per phase:")
        for r in b.rows:
            if "types" in r:
                print(f"- {r['phase']}: " + (", ".join(f"{k} {v:.0f}" for k, v in sorted(r["types"].items()))
                                             or "none"))
        if not any("types" in r for r in b.rows):
            print("- n/a: this jar has no oncorefract.fhir.requests meter")
        print("\nPasses: " + "; ".join(
            f"{r['phase'].split('.')[0]}: HTTP {r['result'].get('_status')}, likely refractory "
            f"{r['result'].get('likelyRefractory')}, at risk {r['result'].get('atRisk')}, failed "
            f"{r['result'].get('failed')}" for r in b.rows if r['result'].get('_status') is not None))
        if base:
            br = base["result"]
            bps = br["patients"] / br["seconds"] if br["seconds"] else None
            print(f"\nNaive baseline: {br['patients']} patients in {br['seconds']:.1f} s ({fmt(bps, 2)} patients/s), "
                  f"{br['requests']} requests ({fmt(br['requests'] / br['patients'] if br['patients'] else None, 2)}"
                  f" per patient), {br['resources']} resources read, {br['cancers']} cancers, likely refractory "
                  f"{br['likelyRefractory']}, at risk {br['atRisk']}; baseline CPU {br['cpuSeconds']:.1f} s, server "
                  f"CPU {base['server_cpu']:.1f} s (over the baseline process's {br.get('wallSeconds', 0):.0f} s, its JVM "
                  f"start and candidate search included)")
            for label, r in (("a. first pass (writes)", pa), ("b'. full dry run (reads + assess)", pd),
                             ("b. full unchanged", pb)):
                if r is None:
                    continue
                ps = r["patients"] / r["seconds"] if r["seconds"] and r["patients"] else None
                print(f"- ratio product {label} ÷ baseline: **{fmt(ps / bps if ps and bps else None, 2)}×**")
        if pc and pb and pa:
            print(f"\nIncremental: {pc['seconds']:.1f} s = {fmt(100 * pc['seconds'] / pb['seconds'] if pb['seconds'] else None)}"
                  f" % of the full unchanged pass, {fmt(100 * pc['seconds'] / pa['seconds'] if pa['seconds'] else None)}"
                  f" % of the first pass")
        print(f"Peak RSS since start: adapter {fmt((adapter_hwm_total or 0) / 1024, 0)} MB, server "
              f"{fmt((server_hwm_total or 0) / 1024, 0)} MB")
        if plain:
            plain_table(plain)
        with open(os.path.join(work, "result.json"), "w") as f:
            json.dump({"rows": b.rows, "settings": conf, "plain": plain}, f, default=str, indent=1)
        return 0
    finally:
        if not a.keep:
            for p in procs:
                if p and p.poll() is None:
                    os.killpg(p.pid, signal.SIGTERM)


if __name__ == "__main__":
    sys.exit(main())
