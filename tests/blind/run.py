#!/usr/bin/env python3
"""Blind runner: starts the fakes per case, runs the real confauth, compares.

The fakes (fake.py) and the cases (cases.py) were written from
shared/atlassian/FACTS.md and CAUSES.md alone, by a tester who never read the
doctor's checks or its simulator: an independent check that the diagnosis
reasons from the evidence rather than from our own simulator's strings.

usage: run.py [-v] [case-name-substring ...]
The binary is $CONFAUTH_BIN, or target/debug/confauth. Exit 1 if a case fails;
the failures' details go to target/blind-failures.txt.
"""
import base64
import concurrent.futures
import copy
import json
import os
import random
import subprocess
import sys
import shutil
import tempfile
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake  # noqa: E402
from cases import CASES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CONFAUTH_BIN") or os.path.join(ROOT, "target", "debug", "confauth")
FAILURES = os.path.join(ROOT, "target", "blind-failures.txt")


def resolve(s, ctx):
    if s is None:
        return None
    for k, v in ctx.items():
        s = s.replace("{" + k + "}", v)
    return s


def run_case(case, verbose=False):
    world = case["world"]()
    servers, log = fake.start_world(world)
    P = world["ports"]
    ctx = {"SITE": "http://127.0.0.1:%d" % P["site"], "GW": "http://127.0.0.1:%d" % P["gateway"],
           "CID": world["cloud_id"], "SITEPORT": str(P["site"])}
    if "dc" in P:
        ctx["DC"] = "http://127.0.0.1:%d" % P["dc"]
    if "custom" in P:
        ctx["CUSTOM"] = "http://localhost:%d" % P["custom"]
    if "old" in P:
        ctx["OLD"] = "http://127.0.0.1:%d" % P["old"]
    ctx.update(world.get("tokens_ctx", {}))
    for role in case.get("dead", []):
        servers[role].shutdown()
        servers[role].server_close()
        del servers[role]
    home = tempfile.mkdtemp(prefix="confauth-blind-home-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "NO_COLOR": "1",
           "NO_PROXY": "127.0.0.1,localhost"}
    for k, v in case.get("env", {}).items():
        env[k] = resolve(v, ctx)
    args = [BIN, "doctor"]
    stdin = None
    if case["form"] == "curl":
        args += ["--curl", "-"]
        stdin = resolve(case["curl"], ctx)
    else:
        args += ["--url", resolve(case["url"], ctx)]
        if case.get("email"):
            args += ["--email", resolve(case["email"], ctx)]
        if case.get("site"):
            args += ["--site", resolve(case["site"], ctx)]
    args += ["--api-gateway", ctx["GW"], "--format", "json"]
    try:
        p = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=15, env=env)
        out, err, rc = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        out, err, rc = "", "TIMEOUT", -1
    finally:
        fake.stop_world(servers)
        shutil.rmtree(home, ignore_errors=True)
    try:
        j = json.loads(out)
    except Exception:
        j = {"verdict": "ERROR", "cause": None, "causes": [], "because": (err or out)[:300]}
    return j, rc, log.lines, args, stdin, env, err


def matches(exp_alts, j):
    for alt in exp_alts:
        v, c = alt
        if v != j.get("verdict"):
            continue
        if v == "ok":
            return True
        if v == "problem" and j.get("cause") == c:
            return True
        if v == "inconclusive":
            cs = set(j.get("causes") or [])
            need = set(c) if isinstance(c, (set, list, tuple)) else {c}
            if need <= cs:
                return True
    return False


def fmt_exp(alts):
    out = []
    for v, c in alts:
        if v == "ok":
            out.append("ok")
        elif isinstance(c, (set, list, tuple)):
            out.append("%s{%s}" % (v, ",".join(sorted(c))))
        else:
            out.append("%s:%s" % (v, c))
    return " | ".join(out)


def main():
    verbose = "-v" in sys.argv
    filt = [a for a in sys.argv[1:] if a != "-v"]
    rows, fails = [], []
    chosen = [c for c in CASES if not filt or any(f in c["name"] for f in filt)]
    # Each case starts its own fakes on free ports, so cases run side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda c: run_case(c, verbose), chosen))
    for case, (j, rc, lines, args, stdin, env, err) in zip(chosen, results):
        ok = matches(case["expect"], j)
        exit_ok = (rc == 0) == (j.get("verdict") == "ok")
        got = j.get("verdict", "?") + (":" + str(j.get("cause")) if j.get("verdict") != "ok" else "")
        if j.get("verdict") == "inconclusive":
            got += " " + str(j.get("causes"))
        rows.append((case["name"], fmt_exp(case["expect"]), got, ok and exit_ok, j.get("because", "")))
        if not (ok and exit_ok) or verbose:
            fails.append((case, j, rc, lines, args, stdin, err))
    w = max(len(r[0]) for r in rows)
    for name, exp, got, ok, because in rows:
        if ok and not verbose:
            continue
        print("%s %-*s exp=%-45s got=%s" % ("PASS" if ok else "FAIL", w, name, exp, got))
        b = " / ".join(because) if isinstance(because, list) else (because or "")
        print("      because: %s" % b[:500].replace("\n", " "))
    passed = sum(1 for r in rows if r[3])
    print("\nblind: %d passed, %d failed" % (passed, len(rows) - passed))
    os.makedirs(os.path.dirname(FAILURES), exist_ok=True)
    with open(FAILURES, "w") as f:
        for case, j, rc, lines, args, stdin, err in fails:
            f.write("=" * 100 + "\nCASE %s\nstory: %s\nexpect: %s\nwhy: %s\n" % (case["name"], case["story"], fmt_exp(case["expect"]), case.get("why", "")))
            f.write("args: %s\n" % " ".join(args))
            if stdin:
                f.write("stdin:\n%s\n" % stdin)
            f.write("exit=%s verdict=%s cause=%s causes=%s\nbecause: %s\n" % (rc, j.get("verdict"), j.get("cause"), j.get("causes"), j.get("because")))
            f.write("next_step: %s\n" % j.get("next_step"))
            f.write("fake log:\n  " + "\n  ".join(lines) + "\n")
            if err.strip():
                f.write("stderr: %s\n" % err[:500])


    return 1 if any(not r[3] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
