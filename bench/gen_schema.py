#!/usr/bin/env python3
"""Writes a generated MOF schema of about SIZE bytes, shaped like the CIM Schema.

    bench/gen_schema.py SIZE_MB OUTPUT.mof

What the CIM Schema has, in about its proportions: qualifier declarations
first, then classes in a forest of inheritance chains at most five deep
(flattened bindings grow with depth, as in CIM), each with a Version, a
UMLPackagePath and a Description in many string pieces; properties of every
intrinsic type with Descriptions, Keys, MaxLen, Units, ValueMap/Values
enumerations and arrays; associations with references; methods with IN/OUT
parameters and a ValueMap'ed return code.  Deterministic: the same size
gives the same bytes (a fixed seed), so runs on different commits compare.
Python 3 standard library only.
"""
import random
import sys

WORDS = (
    "the a an of to and in is for that by this as on with be are or element which value system may from "
    "property class when not used it indicates describes instance defines information state can if its "
    "managed service device setting data time current operational status name identifier unique "
    "configuration support capability network storage logical physical component request result "
    "associated other specified enabled disabled provider client resource between during returned "
    "operation method parameter reference number count interval seconds bytes percentage level"
).split()

TYPES = ("string", "uint16", "uint32", "uint64", "boolean", "datetime", "sint32", "uint8", "real64", "sint64")

QUALIFIERS = """\
Qualifier Association : boolean = false, Scope(association), Flavor(DisableOverride, ToSubclass);
Qualifier Abstract : boolean = false, Scope(class, association, indication), Flavor(EnableOverride, Restricted);
Qualifier Description : string = null, Scope(any), Flavor(EnableOverride, ToSubclass, Translatable);
Qualifier In : boolean = true, Scope(parameter), Flavor(DisableOverride, ToSubclass);
Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
Qualifier MaxLen : uint32 = null, Scope(property, method, parameter);
Qualifier Out : boolean = false, Scope(parameter), Flavor(DisableOverride, ToSubclass);
Qualifier Required : boolean = false, Scope(property, reference, method, parameter),
    Flavor(DisableOverride, ToSubclass);
Qualifier UMLPackagePath : string = null, Scope(class, association, indication);
Qualifier Units : string = null, Scope(property, method, parameter), Flavor(EnableOverride, ToSubclass, Translatable);
Qualifier ValueMap : string[], Scope(property, method, parameter);
Qualifier Values : string[], Scope(property, method, parameter), Flavor(EnableOverride, ToSubclass, Translatable);
Qualifier Version : string = null, Scope(class, association, indication), Flavor(EnableOverride, Restricted, Translatable);
Qualifier Write : boolean = false, Scope(property);

"""


class Writer:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.parts = []
        self.size = 0

    def put(self, text):
        self.parts.append(text)
        self.size += len(text)

    def sentence(self, words):
        w = [self.rng.choice(WORDS) for _ in range(words)]
        w[0] = w[0].capitalize()
        return " ".join(w) + ". "

    def description(self, indent, sentences):
        """Description ( "..." "..." ): pieces of about 60 characters, one a line."""
        text = "".join(self.sentence(self.rng.randint(6, 16)) for _ in range(sentences)).rstrip()
        pieces, line = [], ""
        for word in text.split(" "):
            if len(line) + len(word) > 58:
                pieces.append(line)
                line = ""
            line += word + " "
        pieces.append(line.rstrip())
        body = (" \n" + indent + "   ").join('"%s"' % p for p in pieces)
        return "Description ( \n%s   %s )" % (indent, body)

    def value_map(self, indent, n):
        keys = ", ".join('"%d"' % i for i in range(n)) + ', "..", "32768..65535"'
        names = ", ".join('"%s"' % " ".join(self.rng.choice(WORDS).capitalize() for _ in range(2)) for _ in range(n))
        names += ', "DMTF Reserved", "Vendor Reserved"'
        return "ValueMap { %s }, \n%sValues { %s }" % (keys, indent, names)

    def property(self, cls, i, key):
        ind = "       "
        quals = [self.description(ind, self.rng.randint(1, 4))]
        t = "uint16" if self.rng.random() < 0.25 else self.rng.choice(TYPES)
        if key:
            quals.insert(0, "Key")
            t = "string"
        if t == "uint16" and not key:
            quals.append(self.value_map(ind, self.rng.randint(3, 12)))
        elif t == "string" and self.rng.random() < 0.4:
            quals.append("MaxLen ( %d )" % self.rng.choice((16, 64, 256, 1024)))
        elif t.startswith("uint") and self.rng.random() < 0.3:
            quals.append('Units ( "%s" )' % self.rng.choice(("Bytes", "Seconds", "Percent", "Watts")))
        if self.rng.random() < 0.15:
            quals.append("Write")
        array = "[]" if not key and self.rng.random() < 0.12 else ""
        self.put("      [%s]\n   %s P%d_%s%s;\n\n" % (", \n       ".join(quals), t, i, cls, array))

    def method(self, cls, i):
        ind = "       "
        quals = [self.description(ind, self.rng.randint(1, 3)), self.value_map(ind, self.rng.randint(3, 8))]
        params = []
        for p in range(self.rng.randint(1, 4)):
            direction = self.rng.choice(("IN", "OUT", "IN, OUT"))
            t = self.rng.choice(("string", "uint16", "uint32", "boolean"))
            pq = "[%s, %s]" % (direction, self.description("          ", 1))
            params.append("\n         %s\n      %s A%d%s" % (pq, t, p, "[]" if self.rng.random() < 0.1 else ""))
        self.put("      [%s]\n   uint32 M%d_%s(%s);\n\n" % (", \n       ".join(quals), i, cls, ",".join(params)))

    def klass(self, n, parent, association_of):
        name = "GEN_Class%d" % n
        quals = ['Version ( "2.%d.0" )' % self.rng.randint(1, 49),
                 'UMLPackagePath ( "GEN::Package%d" )' % (n % 37),
                 self.description("    ", self.rng.randint(2, 6))]
        if association_of:
            quals.insert(0, "Association")
        self.put("// ==================================================================\n")
        self.put("//    %s\n" % name)
        self.put("// ==================================================================\n")
        self.put("   [%s]\n" % ", \n    ".join(quals))
        self.put("class %s%s {\n\n" % (name, " : " + parent if parent else ""))
        if association_of:
            for role, target in zip(("Antecedent", "Dependent"), association_of):
                self.put("      [Key, %s]\n   %s REF %s;\n\n" % (self.description("       ", 1), target, role))
        for i in range(self.rng.randint(2, 9)):
            self.property(n, i, key=(parent is None and i == 0 and not association_of))
        for i in range(self.rng.randint(0, 2)):
            self.method(n, i)
        self.put("};\n\n\n")
        return name


def generate(size):
    w = Writer(seed=20491)
    w.put("// Generated by bench/gen_schema.py: a CIM-shaped schema for benchmarks.\n\n")
    w.put(QUALIFIERS)
    classes = []  # (name, depth)
    n = 0
    while w.size < size:
        association = None
        if len(classes) > 2 and w.rng.random() < 0.1:
            association = (w.rng.choice(classes)[0], w.rng.choice(classes)[0])
        parent, depth = None, 0
        candidates = [c for c in classes[-40:] if c[1] < 4]
        if not association and candidates and w.rng.random() < 0.8:
            parent, depth = w.rng.choice(candidates)
            depth += 1
        classes.append((w.klass(n, parent, association), depth))
        n += 1
    return "".join(w.parts)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_schema.py SIZE_MB OUTPUT.mof")
    size = int(float(sys.argv[1]) * 1000 * 1000)
    with open(sys.argv[2], "w", encoding="ascii", newline="\n") as out:
        out.write(generate(size))


if __name__ == "__main__":
    main()
