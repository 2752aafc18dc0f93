#!/usr/bin/env python3
"""Summarises the jdk.ExecutionSample events of a JFR file (e.g. target/bench/adapter-a.jfr from
`pass_bench.py --jfr`): samples per step (validation, planning, reading, HTTP, ...; for the server: batch read,
conditional-create match, search indexing, Hibernate flush, subscriptions, ...), per category anywhere in the stack,
top self frames and top total frames, as Markdown tables.

usage: python3 tools/bench/jfr_top.py target/bench/adapter-a.jfr adapter [N]
       python3 tools/bench/jfr_top.py target/bench/server-a.jfr server [N]
Only Java frames are sampled: GC and JIT compiler threads (native) count in the CPU seconds but not here."""
import re, subprocess, sys, collections
f = sys.argv[1]; kind = sys.argv[2] if len(sys.argv) > 2 else "adapter"; N = int(sys.argv[3]) if len(sys.argv) > 3 else 25
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "400", f],
                     capture_output=True, text=True).stdout
stacks = []
cur = None
for line in out.splitlines():
    s = line.strip()
    if s.startswith("jdk.ExecutionSample"):
        cur = []
    elif s == "stackTrace = [":
        pass
    elif s in ("]", "}", "...") or s.startswith(("startTime", "sampledThread", "state")):
        if s == "}" and cur is not None:
            stacks.append(cur); cur = None
    elif cur is not None and s:
        m = re.match(r"([\w$.<>]+)\(", s)
        if m:
            cur.append(m.group(1))
total = len(stacks)
# outermost step wins (root -> leaf)
STEPS = [
    ("validation (HAPI instance validator)", r"FhirInstanceValidator|org\.hl7\.fhir\.validation\.|ca\.uhn\.fhir\.validation\.FhirValidator|PlanValidator"),
    ("conditional-create match searches", r"MatchResourceUrlService|processMatchUrl|MatchUrlService"),
    ("search indexing (SearchParamExtractor)", r"SearchParamExtract|SearchParamWithInlineReferences|ResourceIndexedSearchParams|extractSearchParam"),
    ("searches (adapter's reads, JPA search)", r"SearchBuilder|SearchCoordinatorSvc|SearchTask|BaseHapiFhirResourceDao\.search"),
    ("planning/building (OncoRefract)", r"io\.github\.oncorefract\.(publish|suggest|rules|normal|assess)"),
    ("reading (OncoRefract ingest)", r"io\.github\.oncorefract\.ingest"),
    ("JSON parse/serialise (HAPI parser)", r"ca\.uhn\.fhir\.parser\."),
    ("Hibernate", r"org\.hibernate\."),
    ("H2", r"org\.h2\."),
    ("HTTP client/server", r"org\.apache\.(http|hc|catalina|coyote|tomcat)|sun\.nio|java\.net"),
    ("JIT/GC/other JVM", r"^(jdk\.internal|java\.lang\.invoke)"),
]
SERVER = [
    ("batch read (doTransactionReadOperations)", r"doTransactionReadOperations|processBatchEntry"),
    ("paged search GET (search/read)", r"SearchMethodBinding|ReadMethodBinding|PageMethodBinding"),
    ("write: conditional-create match", r"MatchResourceUrlService|MatchUrlService"),
    ("write: search indexing", r"SearchParamExtractorService|BaseSearchParamExtractor|ResourceIndexedSearchParams|SearchParamWithInlineReferences|extractSearchParam"),
    ("write: reference checks/placeholders", r"DaoResourceLinkResolver|ResourceLinkExtractor|extractResourceLinks"),
    ("write: Hibernate flush/commit", r"SessionImpl\.flush|ActionQueue|JpaTransactionManager\.doCommit|AbstractFlushingEventListener"),
    ("write: subscriptions", r"Subscription"),
    ("write: other transaction processing", r"doTransactionWriteOperations|BaseTransactionProcessor"),
    ("request parse / response encode", r"ca\.uhn\.fhir\.parser\."),
    ("HTTP (Tomcat, servlet)", r"org\.apache\.(catalina|coyote|tomcat)"),
]
steps = collections.Counter()
CATS = SERVER if kind == "server" else STEPS[:-1]
for st in stacks:
    name = "other (JVM: JIT, GC, idle pools)"
    if kind == "server":  # the most specific category anywhere in the stack, in list order
        name = next((n for n, rx in CATS if any(re.search(rx, fr) for fr in st)), name)
    else:
        for frame in reversed(st):  # root first: the outermost step
            hit = next((n for n, rx in CATS if re.search(rx, frame)), None)
            if hit:
                name = hit; break
    steps[name] += 1
TOUCH = [(n, rx) for n, rx in STEPS] + [("transaction processing (BaseTransactionProcessor)", r"TransactionProcessor")]
touched = collections.Counter()
for st in stacks:
    for n, rx in TOUCH:
        if any(re.search(rx, fr) for fr in st):
            touched[n] += 1
selfc = collections.Counter(st[0] for st in stacks if st)
totc = collections.Counter()
for st in stacks:
    for fr in set(st):
        totc[fr] += 1
print(f"## {f} ({kind}): {total} execution samples")
print("\n| step | samples | share |\n|---|---|---|")
for n, c in steps.most_common():
    print(f"| {n} | {c} | {100*c/total:.0f}% |")
print("\n| in the stack (total, overlapping) | samples | share |\n|---|---|---|")
for n, c in touched.most_common():
    print(f"| {n} | {c} | {100*c/total:.0f}% |")
print(f"\n| top self frame | share |\n|---|---|")
for fr, c in selfc.most_common(N):
    print(f"| `{fr}` | {100*c/total:.1f}% |")
print(f"\n| top total frame (oncorefract/hapi) | share |\n|---|---|")
k = 0
for fr, c in totc.most_common(2000):
    if re.search(r"oncorefract|ca\.uhn|org\.hl7|org\.hibernate|org\.h2", fr) and not re.search(r"Interceptor|Filter|invoke|Proxy|\$\$", fr):
        print(f"| `{fr}` | {100*c/total:.1f}% |"); k += 1
        if k >= N: break
