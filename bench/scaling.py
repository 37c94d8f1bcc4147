#!/usr/bin/env python3
"""Scaling benchmark: does mofgen take linear time and memory on hostile input?

Generates each input that once made mofgen super-linear at 10^4, 10^5 and
10^6 elements (properties, methods, parameters, ValueMap entries, qualifiers,
errors past --max-errors, nesting, inheritance depth, string literal size,
instances), times mofgen on it with /usr/bin/time (pinned to one core with
taskset when there is one) and prints how time and peak memory grow per
tenfold.  About 10x is linear; 100x would be quadratic.  Time is CPU time
(user + system: on a shared machine wall time mostly measures the others);
times under 0.05 s are start-up cost, so their ratios say little.

    bench/scaling.py [--mofgen build/mofgen] [--sizes 10000,100000,1000000]
                     [--only NAME[,NAME...]]

Python 3 standard library only.  Exits 1 when mofgen crashes (a signal) on any
input, or when a case expected to succeed fails.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def properties(n):
    body = "".join("    uint32 P%d;\n" % i for i in range(n))
    return "class Wide {\n%s};\n" % body


def methods(n):
    body = "".join("    uint32 M%d([IN] uint32 A);\n" % i for i in range(n))
    return "class Busy {\n%s};\n" % body


def parameters(n):
    params = ", ".join("uint32 A%d" % i for i in range(n))
    return "class Long {\n    uint32 Call(%s);\n};\n" % params


def value_map(n):
    keys = ", ".join('"%d"' % i for i in range(n))
    names = ", ".join('"V%d"' % i for i in range(n))
    return "class Enum {\n    [ValueMap{%s}, Values{%s}] uint32 State;\n};\n" % (keys, names)


def qualifiers(n):
    # Distinct unknown qualifiers: one warning each (capped by --max-warnings).
    quals = ", ".join("Q%d" % i for i in range(n))
    return "class Q {\n    [%s] uint32 X;\n};\n" % quals


def duplicate_qualifiers(n):
    # Each past the first is an error; only --max-errors of them are shown.
    quals = ", ".join('Description("d")' for _ in range(n))
    return "class D {\n    [%s] uint32 X;\n};\n" % quals


def nested_braces(n):
    # Stopped by --max-depth at the 101st '{'; what matters is that it stops.
    return "class A { uint32 X[] = %s1%s; };\n" % ("{" * n, "}" * n)


def inheritance(n):
    # The derived class first: resolution walks the whole chain at once.
    lines = ["class C%d : C%d { };\n" % (i, i - 1) for i in range(n - 1, 0, -1)]
    lines.append("class C0 { uint32 Root; };\n")
    return "".join(lines)


def string_literal(n):
    # n * 100 bytes in one literal (1 MB, 10 MB, 100 MB).
    return 'class S {\n    string Big = "%s";\n};\n' % ("x" * (n * 100))


def instances(n):
    rows = "".join("instance of Item { Id = %d; Name = \"n%d\"; };\n" % (i, i) for i in range(n))
    return "class Item {\n    [Key] uint32 Id;\n    string Name;\n};\n" + rows


def instance_properties(n):
    props = "".join("    P%d = %d;\n" % (i, i) for i in range(n))
    return properties(n) + "instance of Wide {\n%s};\n" % props


def undeclared_classes(n):
    # One -Wundeclared-class each; past --max-warnings they are only counted.
    body = "".join("    Missing%d P%d;\n" % (i, i) for i in range(n))
    return "class U {\n%s};\n" % body


# name, generator, extra options, what to run ("check": --syntax-only,
# "emit": write bindings to a scratch folder), expected exit status.
CASES = [
    ("properties", properties, [], "check", 0),
    ("properties-emit", properties, [], "emit", lambda n: 0 if n <= 65535 else 1),  # bindings: 65,535 at most
    ("methods", methods, [], "check", 0),
    ("parameters", parameters, [], "check", 0),
    ("valuemap", value_map, [], "check", 0),
    ("qualifiers", qualifiers, [], "check", 0),
    ("dup-qualifiers", duplicate_qualifiers, [], "check", 1),
    ("nested-braces", nested_braces, [], "check", 1),
    ("inheritance", inheritance, [], "check", 0),
    ("string-literal", string_literal, [], "emit", 0),
    ("instances", instances, [], "check", 0),
    ("warnings", undeclared_classes, [], "check", 0),
    ("instance-props", instance_properties, [], "check", 0),
]


def run(mofgen, path, options, mode, scratch):
    command = ["/usr/bin/time", "-f", "%e %U %S %M", mofgen] + options
    if mode == "emit":
        out = os.path.join(scratch, "out")
        shutil.rmtree(out, ignore_errors=True)
        command += ["-o", out]
    else:
        command.append("--syntax-only")
    command.append(path)
    if shutil.which("taskset"):
        command = ["taskset", "-c", "1"] + command
    proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    last = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1]
    status = proc.returncode
    if status < 0 or not last[0].isdigit():
        return 0.0, 0.0, 0.0, -1, proc.stderr.decode("utf-8", "replace")
    wall, user, system, kilobytes = last.split()
    return float(user) + float(system), float(wall), int(kilobytes) / 1024.0, status, proc.stderr.decode("utf-8",
                                                                                                          "replace")


def ratio(a, b):
    return "%6.1fx" % (b / a) if a > 0 else "     -"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mofgen", default="build/mofgen")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    only = set(filter(None, args.only.split(",")))
    mofgen = os.path.abspath(args.mofgen)
    failed = False
    scratch = tempfile.mkdtemp(prefix="mofgen-scaling-")
    try:
        print("%-16s %9s %8s %8s %9s %8s %8s  %s" % ("case", "n", "cpu s", "wall s", "peak MB", "time/10x", "mem/10x",
                                                      "exit"))
        for name, generate, options, mode, expected in CASES:
            if only and name not in only:
                continue
            previous = None
            for n in sizes:
                path = os.path.join(scratch, "%s-%d.mof" % (name, n))
                with open(path, "w") as f:
                    f.write(generate(n))
                seconds, wall, megabytes, status, stderr = run(mofgen, path, options, mode, scratch)
                os.remove(path)
                grow_t = ratio(previous[0], seconds) if previous else ""
                grow_m = ratio(previous[1], megabytes) if previous else ""
                wanted = expected(n) if callable(expected) else expected
                note = "" if status == wanted else "  UNEXPECTED (wanted %d)" % wanted
                if status != wanted:
                    failed = True
                    sys.stderr.write(stderr[-2000:])
                print("%-16s %9d %8.2f %8.2f %9.1f %8s %8s  %d%s" % (name, n, seconds, wall, megabytes, grow_t, grow_m,
                                                                      status, note))
                sys.stdout.flush()
                previous = (max(seconds, 0.01), megabytes)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
