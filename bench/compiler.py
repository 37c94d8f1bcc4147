#!/usr/bin/env python3
"""Compiler benchmark: how fast mofgen parses and emits, and how much memory it holds.

    bench/compiler.py [--build DIR] [--cim FILE] [--repeat N] [SIZE_MB...]

Runs, in one process group and one run, on the CIM Schema 2.49 (from
../shared, skipped with a message when it is not there) and on schemas that
bench/gen_schema.py generates (1 and 10 MB by default; each SIZE_MB given adds
one, e.g. `100`):

  cat          the input bytes to /dev/null: the floor for reading them
  scan         the flex scanner alone (build/bench/bench_scan): read, decode, scan
  syntax-only  mofgen --syntax-only: parse, model and checks
  emit         mofgen -o DIR: everything, the bindings written
  cp -r        the emitted tree copied: the floor for writing it

Each is pinned to one core (taskset, when there is one) and timed by its CPU
time (user + system, from the kernel's accounting of the child: on a shared
machine wall time mostly measures the others), less what starting `true` the
same way costs; peak RSS is from /usr/bin/time (Debian: time); the median of --repeat runs
(default 3; 1 for inputs of 8 MB or more).  Printed for each: MB/s of input
(of output too for emit and cp -r), user and system seconds, peak RSS and RSS
per input byte; then the ratios issue 10 names, against its targets, and how
time and memory grow per size step (10x per tenfold is linear).

Python 3 standard library only.  Exits 1 when a run fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MB = 1000 * 1000
INCLUDE = re.compile(r'^\s*#\s*pragma\s+include\s*\(\s*"([^"]+)"', re.M | re.I)
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run(argv, pin):
    """(user s, sys s, peak RSS bytes) of one run of argv, its output discarded.

    Through /usr/bin/time when there is one: a child of this Python process
    would count Python's own memory in its peak (Linux keeps the high-water
    mark across the exec), time's is a few hundred KB."""
    if pin:
        argv = ["taskset", "-c", pin] + argv
    with tempfile.NamedTemporaryFile("r") as stats:
        if TIME:
            argv = [TIME, "-q", "-f", "%U %S %M", "-o", stats.name] + argv
        with open(os.devnull, "wb") as null:
            proc = subprocess.Popen(argv, stdout=null, stderr=subprocess.PIPE)
            err = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.stderr.write(err.decode(errors="replace")[-2000:])
            sys.exit("bench: %s exited with %d" % (" ".join(argv), code))
        # CPU from the kernel's accounting (microseconds; time's own is a
        # few hundred of them), the peak from time (it reports 10 ms steps).
        rss = int(stats.read().split()[2]) * 1024 if TIME else usage.ru_maxrss * 1024
    return max(usage.ru_utime - BASE[0], 0.0), max(usage.ru_stime - BASE[1], 0.0), rss


# What starting a program through taskset and time costs (measured on
# `true` first), taken off every measurement.
BASE = [0.0, 0.0]


def median_run(argv, pin, repeat, before=None):
    results = []
    for _ in range(repeat):
        if before:
            before()
        results.append(run(argv, pin))
    results.sort(key=lambda r: r[0] + r[1])
    return results[len(results) // 2]


def tree_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def input_files(schema):
    """Every MOF file a schema reads: the file and what its #pragma include
    lines name, relative to the including file (enough for cat and the
    scanner; the CIM Schema's top file names all the others)."""
    files, seen = [], set()

    def visit(path):
        if path in seen:
            return
        seen.add(path)
        files.append(path)
        with open(path, encoding="utf-8", errors="replace") as f:
            for m in INCLUDE.finditer(f.read()):
                name = os.path.join(os.path.dirname(path), m.group(1))
                if os.path.exists(name):
                    visit(name)

    visit(schema)
    return files


def measure(name, schema, args, work, pin):
    """One input through the five workloads: a dict of results."""
    files = input_files(schema)
    size = sum(os.path.getsize(f) for f in files)
    repeat = args.repeat or (1 if size >= 8 * MB else 3)
    out_dir = os.path.join(work, "out")
    copy_dir = os.path.join(work, "copy")

    def clean(*dirs):
        def go():
            for d in dirs:
                shutil.rmtree(d, ignore_errors=True)
        return go

    r = {"name": name, "input": size, "files": len(files)}
    r["cat"] = median_run(["cat"] + files, pin, repeat)
    r["scan"] = median_run([args.scanner] + files, pin, repeat)
    r["syntax"] = median_run([args.mofgen, "--syntax-only", schema], pin, repeat)
    r["emit"] = median_run([args.mofgen, "-o", out_dir, schema], pin, repeat, before=clean(out_dir))
    if not os.path.isdir(out_dir):
        run([args.mofgen, "-o", out_dir, schema], None)
    r["output"] = tree_bytes(out_dir)
    r["cp"] = median_run(["cp", "-r", out_dir, copy_dir], pin, repeat, before=clean(copy_dir))
    clean(out_dir, copy_dir)()
    return r


def cpu(t):
    return t[0] + t[1]


def rate(nbytes, t):
    s = cpu(t)
    return "%8.1f" % (nbytes / MB / s) if s > 0 else "       -"


def report(r):
    print("\n%s: %.2f MB of MOF in %d file%s, %.1f MB of C written" %
          (r["name"], r["input"] / MB, r["files"], "" if r["files"] == 1 else "s", r["output"] / MB))
    print("  %-12s %9s %9s %8s %8s %9s %7s" % ("work", "MB/s in", "MB/s out", "user s", "sys s", "peak RSS",
                                              "RSS/in"))
    for key, label, out in (("cat", "cat", False), ("scan", "scan", False), ("syntax", "syntax-only", False),
                            ("emit", "emit", True), ("cp", "cp -r", True)):
        t = r[key]
        src = r["output"] if key == "cp" else r["input"]
        print("  %-12s %9s %9s %8.3f %8.3f %7.1f MB %6.2fx" % (
            label, rate(src, t) if key != "cp" else "       -", rate(r["output"], t) if out else "       -",
            t[0], t[1], t[2] / MB, t[2] / r["input"]))
    syn, emit, cp = r["syntax"], r["emit"], r["cp"]
    parse_user = syn[0]
    emission = emit[0] - syn[0]
    mb_in = r["input"] / MB
    checks = [
        ("--syntax-only MB/s of input", r["input"] / MB / cpu(syn) if cpu(syn) else float("inf"), ">=", 100),
        ("emission user CPU / parse user CPU", emission / parse_user if parse_user else float("inf"), "<=", 2),
        ("emission MB/s of output (user CPU)", r["output"] / MB / emission if emission > 0 else float("inf"),
         ">=", 1000),
        ("emit sys / cp -r sys", emit[1] / cp[1] if cp[1] else float("inf"), "<=", 1),
        ("syntax-only peak RSS / (3x input + 16 MB)", syn[2] / MB / (3 * mb_in + 16), "<=", 1),
        ("emit peak RSS / (4x input + 16 MB)", emit[2] / MB / (4 * mb_in + 16), "<=", 1),
        ("syntax-only CPU / scanner alone", cpu(syn) / cpu(r["scan"]) if cpu(r["scan"]) else float("inf"), "", 0),
    ]
    for label, value, op, target in checks:
        verdict = ""
        if op:
            ok = value >= target if op == ">=" else value <= target
            verdict = "(target %s %g: %s)" % (op, target, "met" if ok else "NOT met")
        print("  %-44s %8.2f  %s" % (label, value, verdict))


def growth(results):
    gen = [r for r in results if r["name"].startswith("generated")]
    if len(gen) < 2:
        return
    print("\nGrowth per size step (x input: about the same x for time and memory is linear):")
    print("  %-22s %8s %14s %14s %14s %14s" % ("step", "input", "syntax CPU", "syntax RSS", "emit CPU", "emit RSS"))
    for a, b in zip(gen, gen[1:]):
        def ratio(key, i):
            va = cpu(a[key]) if i is None else a[key][i]
            vb = cpu(b[key]) if i is None else b[key][i]
            return "%13.1fx" % (vb / va) if va else "             -"
        print("  %-22s %7.1fx %s %s %s %s" % ("%.0f -> %.0f MB" % (a["input"] / MB, b["input"] / MB),
                                            b["input"] / a["input"], ratio("syntax", None), ratio("syntax", 2),
                                            ratio("emit", None), ratio("emit", 2)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=float, help="more generated sizes, in MB (e.g. 100)")
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build"), help="the build folder (default: build)")
    ap.add_argument("--mofgen", help="mofgen to run (default: BUILD/mofgen)")
    ap.add_argument("--scanner", help="the scanner benchmark (default: BUILD/bench/bench_scan)")
    ap.add_argument("--cim", default=os.path.join(HERE, "..", "..", "shared", "corpus", "cim-2.49",
                                                  "cim_schema_2.49.0.mof"), help="the CIM Schema's top file")
    ap.add_argument("--default-sizes", default="1,10", help="generated sizes run always, MB (default 1,10)")
    ap.add_argument("--repeat", type=int, help="runs per measurement (median; default 3, 1 from 8 MB)")
    args = ap.parse_args()
    args.mofgen = args.mofgen or os.path.join(args.build, "mofgen")
    args.scanner = args.scanner or os.path.join(args.build, "bench", "bench_scan")
    for tool in (args.mofgen, args.scanner):
        if not os.access(tool, os.X_OK):
            sys.exit("bench: %s is not built (cmake --build build --target bench-compiler builds it)" % tool)
    pin = "1" if shutil.which("taskset") and (os.cpu_count() or 1) > 1 else None
    sizes = [float(s) for s in args.default_sizes.split(",") if s] + args.sizes
    print("mofgen compiler benchmark: %s%s%s" % (args.mofgen, ", pinned to CPU %s" % pin if pin else "",
                                              "" if TIME else " (no /usr/bin/time: peak RSS counts Python's too)"))
    base = median_run(["true"], pin, 5)
    BASE[0], BASE[1] = base[0], base[1]
    print("start-up through taskset and time (taken off each figure): %.1f ms user, %.1f ms sys" %
          (BASE[0] * 1000, BASE[1] * 1000))
    results = []
    with tempfile.TemporaryDirectory(prefix="mofgen-bench-") as work:
        if os.path.exists(args.cim):
            results.append(measure("CIM 2.49", args.cim, args, work, pin))
            report(results[-1])
        else:
            print("\nCIM 2.49: skipped, %s is not there (the corpora are in ../shared beside the clone)" % args.cim)
        for size in sorted(set(sizes)):
            schema = os.path.join(work, "gen-%g.mof" % size)
            subprocess.run([sys.executable, os.path.join(HERE, "gen_schema.py"), "%g" % size, schema], check=True)
            results.append(measure("generated %g MB" % size, schema, args, work, pin))
            report(results[-1])
            os.remove(schema)
    growth(results)


if __name__ == "__main__":
    main()
