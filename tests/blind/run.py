#!/usr/bin/env python3
"""Blind runner: starts the fakes per case, runs the real confauth, compares.

The fakes (fake.py) and the cases (cases.py) were written from
docs/atlassian/ and docs/causes/ alone, by a tester who never read the
doctor's checks or its simulator: an independent check that the diagnosis
reasons from the evidence rather than from our own simulator's strings.

usage: run.py [-v] [--save-reports DIR] [case-name-substring ...]
The binary is $CONFAUTH_BIN, or target/debug/confauth. Exit 1 if a case fails;
the failures' details go to target/blind-failures.txt. --save-reports DIR keeps
each case's JSON record as DIR/<case>.json (the doctor's --save), for replay.
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
import re
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


def run_case(case, verbose=False, save_dir=None):
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
    if "proxy" in P:
        ctx["PROXY"] = "http://127.0.0.1:%d" % P["proxy"]
    if "opaque" in P:
        ctx["OPAQUE"] = "http://127.0.0.1:%d" % P["opaque"]
    # fifth batch: the site under other spellings (localhost resolves to the same loopback fake)
    ctx["SITEL"] = "http://localhost:%d" % P["site"]
    ctx["SITEU"] = "http://LocalHost:%d" % P["site"]
    ctx["SITEUU"] = "HTTP://LOCALHOST:%d" % P["site"]
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
        for h in case.get("headers", []):
            args += ["-H", resolve(h, ctx)]
    args += [resolve(a, ctx) for a in case.get("args", [])]
    args += ["--api-gateway", ctx["GW"], "--format", "json"]
    save = ["--save", os.path.join(save_dir, case["name"] + ".json")] if save_dir else []
    try:
        p = subprocess.run(args + save, input=stdin, capture_output=True, text=True, timeout=case.get("timeout", 15), env=env)
        out, err, rc = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        out, err, rc = "", "TIMEOUT", -1
    fmt_extra = []
    try:
        if case["name"] in FORMAT_CASES or case.get("formats"):
            fmt_extra = format_smoke(args, stdin, env, ctx, rc, case)
    finally:
        fake.stop_world(servers)
        shutil.rmtree(home, ignore_errors=True)
    try:
        j = json.loads(out)
    except Exception:
        j = {"verdict": "ERROR", "cause": None, "causes": [], "because": (err or out)[:300]}
    extra = leaks(out + "\n" + err, args, stdin, env, ctx) + fmt_extra
    if case.get("check") and j.get("verdict") != "ERROR":
        extra += case["check"](j, ctx)
    elif j.get("verdict") == "problem" and j.get("cause") in ("scoped-token-on-site-url", "wrong-cloud-id"):
        extra += generic_fix_check(case, j, ctx, stdin)
    return j, rc, log.lines, args, stdin, env, err, extra


# ---------------------------------------------------------------- sixth batch: --format text / markdown smoke
# For these existing cases (different causes), rerun with --format text and --format markdown: same exit code as
# json, a `Diagnosis:` line (text) / a `**confauth doctor:` title (markdown), and no leak.
FORMAT_CASES = {"captcha-cloud", "captcha-dc", "h3-ok-gateway-dead", "h3-ok-jira-403-gw", "i3-classic-gw-404",
                "s3-token-lf-in-curl-var", "s3-token-space-in-curl-var", "s3-token-crlf-env-gw", "h3-ok-slow-default-timeout",
                "i3-opaque-host-jira", "scoped-conf-private-401", "creds-expired-jira-myself", "pat-as-basic-conf-ctx-anon401"}


def format_smoke(args, stdin, env, ctx, rc_json, case):
    probs = []
    for fmt, marker in (("text", "Diagnosis:"), ("markdown", "**confauth doctor:")):
        a = list(args)
        a[a.index("--format") + 1] = fmt
        try:
            p = subprocess.run(a, input=stdin, capture_output=True, text=True, timeout=case.get("timeout", 15), env=env)
        except subprocess.TimeoutExpired:
            probs.append("FMT: %s timed out" % fmt)
            continue
        if p.returncode != rc_json:
            probs.append("FMT: --format %s exit %d, json exit %d" % (fmt, p.returncode, rc_json))
        if marker not in p.stdout:
            probs.append("FMT: --format %s has no %r: %r" % (fmt, marker, p.stdout[:200]))
        probs += [x.replace("LEAK:", "LEAK(%s):" % fmt) for x in leaks(p.stdout + "\n" + p.stderr, a, stdin, env, ctx)]
    return probs


# ---------------------------------------------------------------- fifth batch: fix_command check for every
# scoped-token-on-site-url / wrong-cloud-id diagnosis: <gateway>/ex/<product>/<site's cloudId><the user's path>
def generic_fix_check(case, j, ctx, stdin):
    from urllib.parse import urlsplit
    src = resolve(case["url"], ctx) if case["form"] == "url" else (stdin or "")
    hosts = [ctx["SITE"], ctx["GW"], ctx["SITEL"], ctx["SITEU"]]
    urls = re.findall(r"(?:%s)[^\s'\"]*" % "|".join(re.escape(h) for h in hosts), src, flags=re.I)
    if not urls:
        return []
    path = urlsplit(urls[0]).path
    m = re.match(r"^/ex/(jira|confluence)/[^/]*(/.*)?$", path)
    if m:
        product, path = m.group(1), m.group(2) or ""
    else:
        product = "confluence" if path.startswith("/wiki") else "jira"
    base = ctx["GW"] + "/ex/" + product + "/" + ctx["CID"]
    fc = j.get("fix_command") or ""
    alts = {path, path[5:] if path.startswith("/wiki") else path, "/wiki" + path if product == "confluence" else path}
    out = []
    if not any(base + p in fc for p in alts):
        out.append("FIX: fix_command %r does not contain %s%s" % (fc, base, path))
    if ctx["OTHER_CID"] in fc:
        out.append("FIX: fix_command keeps the wrong cloudId")
    return out


# ---------------------------------------------------------------- fifth batch: secret-leak check (every case)
PUBLIC_PREFIX = "ATATT3xFfGF0"
EMAIL_RX = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")


def _secrets(ctx):
    out = []
    for k, v in ctx.items():
        if not isinstance(v, str) or len(v) < 12:
            continue
        if k.startswith("T_") or k in ("PAT", "PASSWORD", "OLD_SHORT", "JWT_FULL", "JWT_WORK", "DC_PASSWORD"):
            out.append((k, v))
    return out


def _windows(s, start=0, n=12):
    return {s[i:i + n] for i in range(start, len(s) - n + 1)}


def leaks(text, args, stdin, env, ctx):
    """Problems: the report (stdout + stderr) must not hold a secret, the base64 of email:secret, or any
    12-character piece of either past the public ATATT3xFfGF0 prefix."""
    have = _windows(text)
    probs = []
    emails = set()
    for src in [stdin or ""] + list(args) + list(env.values()):
        emails.update(EMAIL_RX.findall(src))
    for k, v in ctx.items():
        if isinstance(v, str) and "@" in v and EMAIL_RX.fullmatch(v):
            emails.add(v)
    for name, sec in _secrets(ctx):
        if name.startswith("JWT"):
            start = sec.index(".") + 1          # the JWT header is public-ish; payload and signature are not
        elif sec.startswith(PUBLIC_PREFIX):
            start = len(PUBLIC_PREFIX)
        else:
            start = 0
        if sec in text or _windows(sec, start) & have:
            probs.append("LEAK: a piece of %s appears in the output" % name)
            continue
        hit = False
        for e in sorted(emails):
            for tail in ("", "\n"):
                raw = ("%s:%s%s" % (e, sec, tail)).encode()
                b = base64.b64encode(raw).decode()
                pub = len(e) + 1 + start
                first_group = ((pub + 2) // 3) * 4        # first base64 group made of secret bytes only
                if b in text or _windows(b, first_group) & have:
                    hit = True
                    break
            if hit:
                probs.append("LEAK: base64 of <email>:%s appears in the output" % name)
                break
    return probs


def matches(exp_alts, j):
    for alt in exp_alts:
        v, c = alt
        if v != j.get("verdict") and v != "inconclusive-any":
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
        if v == "inconclusive-any" and j.get("verdict") == "inconclusive":
            # fifth batch: inconclusive, with at least one of these candidates
            if not c or set(c) & set(j.get("causes") or []):
                return True
    return False


def fmt_exp(alts):
    out = []
    for v, c in alts:
        if v == "ok":
            out.append("ok")
        elif v == "inconclusive-any":
            out.append("inconclusive{any of %s}" % ",".join(sorted(c or ["*"])))
        elif isinstance(c, (set, list, tuple)):
            out.append("%s{%s}" % (v, ",".join(sorted(c))))
        else:
            out.append("%s:%s" % (v, c))
    return " | ".join(out)


def main():
    argv = sys.argv[1:]
    verbose = "-v" in argv
    save_dir = None
    if "--save-reports" in argv:
        at = argv.index("--save-reports")
        if at + 1 == len(argv):
            sys.exit("run.py: --save-reports needs a directory")
        save_dir = os.path.abspath(argv[at + 1])
        os.makedirs(save_dir, exist_ok=True)
        del argv[at:at + 2]
    filt = [a for a in argv if a != "-v"]
    rows, fails = [], []
    chosen = [c for c in CASES if not filt or any(f in c["name"] for f in filt)]
    # Each case starts its own fakes on free ports, so cases run side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda c: run_case(c, verbose, save_dir), chosen))
    for case, (j, rc, lines, args, stdin, env, err, extra) in zip(chosen, results):
        hard = [x for x in extra if not x.startswith("NOTE")]
        ok = matches(case["expect"], j) and not hard
        exit_ok = (rc == 0) == (j.get("verdict") == "ok")
        got = j.get("verdict", "?") + (":" + str(j.get("cause")) if j.get("verdict") != "ok" else "")
        if j.get("verdict") == "inconclusive":
            got += " " + str(j.get("causes"))
        rows.append((case["name"], fmt_exp(case["expect"]), got, ok and exit_ok, j.get("because", ""), extra))
        if not (ok and exit_ok) or verbose or extra:
            fails.append((case, j, rc, lines, args, stdin, err, extra))
    w = max(len(r[0]) for r in rows)
    for name, exp, got, ok, because, extra in rows:
        if ok and not verbose and not extra:
            continue
        print("%s %-*s exp=%-45s got=%s" % ("PASS" if ok else "FAIL", w, name, exp, got))
        b = " / ".join(because) if isinstance(because, list) else (because or "")
        print("      because: %s" % b[:500].replace("\n", " "))
        for x in extra:
            print("      %s" % x)
    passed = sum(1 for r in rows if r[3])
    print("\nblind: %d passed, %d failed" % (passed, len(rows) - passed))
    os.makedirs(os.path.dirname(FAILURES), exist_ok=True)
    with open(FAILURES, "w") as f:
        for case, j, rc, lines, args, stdin, err, extra in fails:
            f.write("=" * 100 + "\nCASE %s\nstory: %s\nexpect: %s\nwhy: %s\n" % (case["name"], case["story"], fmt_exp(case["expect"]), case.get("why", "")))
            f.write("args: %s\n" % " ".join(args))
            if stdin:
                f.write("stdin:\n%s\n" % stdin)
            f.write("exit=%s verdict=%s cause=%s causes=%s\nbecause: %s\n" % (rc, j.get("verdict"), j.get("cause"), j.get("causes"), j.get("because")))
            f.write("next_step: %s\n" % j.get("next_step"))
            f.write("fix_command: %s\n" % j.get("fix_command"))
            for x in extra:
                f.write("extra: %s\n" % x)
            f.write("fake log:\n  " + "\n  ".join(lines) + "\n")
            if err.strip():
                f.write("stderr: %s\n" % err[:500])


    return 1 if any(not r[3] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
