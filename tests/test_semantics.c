/*
 * test_semantics.c - the semantic checks (src/model/checks.c, src/model/model.c) on
 * inputs that parse: Override, aliases, qualifier declarations and flavors,
 * value shapes and ranges, method types and defaults, ValueMap lists, and
 * classes whose files would collide.  Each row gives the exact position and
 * text of the diagnostic it must produce; the good rows must produce none.
 */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row {
    const char *mof;
    const char *expected; /* a substring of the diagnostics; NULL: no diagnostic at all */
    int status;
} row;

static const row table[] = {
    /* Override */
    {"class A { uint32 x; }; class B : A { [Override(\"x\")] string x; };",
     "t.mof:1:61: error: property 'x' changes the type of the inherited property from uint32 to string", 1},
    {"class A { uint32 x; }; class B : A { [Override(\"x\")] string x; };", "t.mof:1:18: note: inherited from class 'A'", 1},
    {"class A { uint32 x; }; class B : A { [Override(\"nothere\")] uint32 y; };",
     "t.mof:1:39: error: Override(\"nothere\"): class 'B' inherits nothing called 'nothere'", 1},
    {"class A { uint32 x; }; class B : A { [Override(\"x\")] uint32 y; };",
     "t.mof:1:39: error: Override(\"x\") on property 'y': an override keeps the name of what it overrides", 1},
    {"class A { [Override(\"x\")] uint32 x; };",
     "t.mof:1:12: error: property 'x' overrides nothing: class 'A' has no superclass", 1},
    {"class A { uint32 x; }; class B : A { uint32 x; };",
     "t.mof:1:45: warning: property 'x' has the name of an inherited property but no Override qualifier; it overrides "
     "it [-Wmissing-override]",
     0},
    {"class A { uint32 M(); }; class B : A { [Override(\"M\")] string M(); };",
     "t.mof:1:63: error: method 'M' changes the type of the inherited method from uint32 to string", 1},
    {"class A { uint32 M(); }; class B : A { [Override(\"N\")] uint32 N(); };",
     "t.mof:1:41: error: method 'N' overrides nothing: class 'B' inherits no method of that name", 1},
    /* an override may narrow an embedded instance's class, and the undeclared superclass was warned about */
    {"class S { }; class T : S { }; class A { [EmbeddedInstance(\"S\")] string e; };\n"
     "class B : A { [Override(\"e\"), EmbeddedInstance(\"T\")] string e; };",
     NULL, 0},
    {"class B : Undeclared { [Override(\"x\")] uint32 x; };", "[-Wundeclared-superclass]", 0},
    /* An undeclared ancestor: what it passes down is unknown, so no knock-on errors, and the warning says why. */
    {"class B : CIM_Undeclared { };\nclass C : B { [Override(\"Caption\")] string Caption; [Override(\"Name\")] uint32 Id; };\n"
     "[Association] class L : CIM_Dependency { [Override(\"Antecedent\")] C REF Antecedent; };\n"
     "instance of C { InstanceID = \"i\"; Caption = \"c\"; };",
     "t.mof:1:11: note: what its subclasses inherit from it is unknown, so the checks that need it are skipped for "
     "them: overrides of its members, an association's references, keys, and instance properties", 0},
    {"class B : CIM_Undeclared { };\n[Association] class L : B { B REF One; };\ninstance of L { Other = 1; One = \"B.x=1\"; };",
     "t.mof:1:11: warning: superclass 'CIM_Undeclared' is not declared", 0},
    /* ... but a class whose ancestors are all known is still checked */
    {"class B { };\n[Association] class L : B { B REF One; };", "t.mof:2:21: error: association 'L' has 1 reference", 1},
    {"class B { };\nclass C : B { uint32 K; };\ninstance of C { InstanceID = \"i\"; };",
     "t.mof:3:17: error: class 'C' has no property 'InstanceID'", 1},
    /* DSP0004: a subclass of a class with keys adds none (overriding one is fine; a keyless base may get keys) */
    {"class A { [Key] string K; };\nclass B : A { [Key] uint32 Extra; };",
     "t.mof:2:28: error: class 'B' adds key property 'Extra', but it inherits keys; a subclass of a class with keys "
     "cannot add one", 1},
    {"class A { [Key] string K; };\nclass B : A { [Key] uint32 Extra; };", "t.mof:1:24: note: key 'K' of class 'A'", 1},
    {"[Abstract] class A { string Name; };\nclass B : A { [Key, Override(\"Name\")] string Name; [Key] uint32 N; };\n"
     "class C : B { [Key, Override(\"N\")] uint32 N; };", NULL, 0},
    /* MinLen/MaxLen on strings, MinValue/MaxValue on numbers, checked against defaults and instance values */
    {"class A { [MaxLen(3)] uint32 u; };", "t.mof:1:12: error: MaxLen applies to strings; 'u' is uint32", 1},
    {"class A { [MinValue(1)] string s; };",
     "t.mof:1:12: error: MinValue applies to numbers and datetimes; 's' is string", 1},
    {"class A { [MaxLen(3)] string S = \"abcd\"; };",
     "t.mof:1:34: error: bad value for property 'S': 4 characters, more than its MaxLen(3)", 1},
    {"class A { [MinValue(-5), MaxValue(100)] sint32 N = -6; };",
     "t.mof:1:52: error: bad value for property 'N': -6 is below its MinValue(-5)", 1},
    {"class A { [MaxValue(10)] real64 R = 10.5; };",
     "t.mof:1:37: error: bad value for property 'R': 10.5 is above its MaxValue(10)", 1},
    {"class A { [Key] uint32 K; [MinLen(2)] string T[]; [MaxValue(7)] uint8 V; };\n"
     "class B : A { };\ninstance of B { K = 1; T = {\"ab\", \"x\"}; V = 8; };",
     "t.mof:3:35: error: bad value for property 'T': 1 character, fewer than its MinLen(2)", 1},
    {"class A { [Key] uint32 K; [MinLen(2)] string T[]; [MaxValue(7)] uint8 V; };\n"
     "class B : A { };\ninstance of B { K = 1; T = {\"ab\", \"x\"}; V = 8; };",
     "t.mof:3:45: error: bad value for property 'V': 8 is above its MaxValue(7)", 1},
    {"class A { [MaxLen(2)] string S = \"\xc3\xa9\xc3\xa9\"; [MinValue(1), MaxValue(365)] datetime D; };", NULL, 0},
    /* aliases */
    {"class A { [Key] uint32 k; A REF r; }; instance of A { k = 3; r = $nowhere; };",
     "t.mof:1:66: error: alias '$nowhere' is not defined", 1},
    {"class A { [Key] uint32 k; }; instance of A as $a { k = 1; };\ninstance of A as $a { k = 2; };",
     "t.mof:2:13: error: alias '$a' is defined twice", 1},
    {"class A { [Key] uint32 k; A REF r; }; instance of A { k = 2; r = $later; }; instance of A as $later { k = 1; };",
     NULL, 0},
    /* qualifier declarations and flavors */
    {"Qualifier Foo : uint8 = 300, Scope(property);", "t.mof:1:25: error: bad value for qualifier 'Foo': out of range", 1},
    {"Qualifier Foo : uint8, Scope(proprety);",
     "t.mof:1:30: error: unknown scope 'proprety' in qualifier 'Foo'; did you mean 'property'?", 1},
    {"Qualifier Foo : uint8, Scope(property), Flavor(ToSubclas);",
     "t.mof:1:48: error: unknown flavor 'ToSubclas' for qualifier 'Foo'; did you mean 'ToSubclass'?", 1},
    {"Qualifier Z : Bool, Scope(any);",
     "t.mof:1:15: error: qualifier 'Z' has type 'Bool'; qualifiers take an intrinsic type; did you mean 'Boolean'?", 1},
    {"class A { [Key : Bogus] uint32 x; };", "t.mof:1:18: error: unknown flavor 'Bogus' for qualifier 'Key'", 1},
    {"class A { [Description(\"d\") : ToSubclass Amended DisableOverride] uint32 x; };", NULL, 0},
    /* values: reals, arrays */
    {"class A { real64 r = 1e999; };", "t.mof:1:22: error: real literal '1e999' overflows real64 (largest 1.79769e+308): it would be infinity", 1},
    {"class A { real32 f = 1e39; };", "t.mof:1:22: error: bad value for property 'f': out of range for the type (real32)", 1},
    {"class A { real32 f = 3.4e38; real64 d = -1.7e308; };", NULL, 0},
    {"class A { uint8 w[2] = {1, 2, 3}; };", "t.mof:1:24: error: 3 values for property 'w', which holds at most 2", 1},
    {"class A { uint32 u[] = 5; };",
     "t.mof:1:24: error: property 'u' is an array: give a list of values, such as {...}", 1},
    /* in an instance, as WBEM servers take it: a single value for an array is a list of one,
     * a one-character string for a char16 is the character; a property given twice stays an error */
    {"class A { [Key] uint32 k; string t[]; }; instance of A { k = 1; t = \"x\"; };",
     "t.mof:1:69: warning: 't' is an array, given a single value; read as a list of that one value "
     "[-Wscalar-for-array]", 0},
    {"class A { [Key] uint32 k; uint8 t[2]; }; instance of A { k = 1; t = 300; };",
     "t.mof:1:69: error: bad value for property 't': out of range for the type (uint8)", 1},
    {"class A { [Key] uint32 k; char16 c; char16 d[]; }; instance of A { k = 1; c = \"\xc3\xa9\"; d = {'a', \"b\"}; };",
     "t.mof:1:79: warning: a string for char16 property 'c'; read as the character '\xc3\xa9' [-Wstring-for-char16]", 0},
    {"class A { [Key] uint32 k; char16 c; char16 d[]; }; instance of A { k = 1; c = \"\xc3\xa9\"; d = {'a', \"b\"}; };",
     "t.mof:1:94: warning: a string for char16 property 'd'; read as the character 'b'", 0},
    {"class A { [Key] uint32 k; char16 c; }; instance of A { k = 1; c = \"ab\"; };",
     "t.mof:1:67: error: bad value for property 'c': expected a char16 literal", 1},
    {"class A { [Key] uint32 k; uint8 t[]; }; instance of A { k = 1; t = 1; t = {2}; };",
     "t.mof:1:71: error: property 't' is given twice", 1},
    /* methods: types and parameter defaults */
    {"class A { Bool M(); };", "t.mof:1:11: error: unknown type 'Bool'; did you mean 'Boolean'?", 1},
    {"class A { uint32 M([In] UIt32 p); };", "t.mof:1:25: error: unknown type 'UIt32'; did you mean 'UInt32'?", 1},
    {"class A { uint32 M([In] uint8 q = 300); };", "t.mof:1:35: error: bad value for parameter 'q': out of range", 1},
    {"class A { uint32 M([In] string s = 5); };", "t.mof:1:36: error: bad value for parameter 's': expected a string", 1},
    /* Embedded instances given in place (WMI): checked like any instance. */
    {"class X { [Key] uint32 K; }; class Y : X { }; class H { [Key] uint32 Id; X S; X M[]; };\n"
     "instance of H { Id = 1; S = instance of X { K = 1; }; M = { instance of Y { K = 2; } }; };", NULL, 0},
    {"class X { [Key] uint32 K; }; class Z { }; class H { [Key] uint32 Id; X S; };\n"
     "instance of H { Id = 1; S = instance of Z { }; };", "t.mof:2:41: error: 'S' holds a X, not a Z", 1},
    {"class X { [Key] uint32 K; }; class H { [Key] uint32 Id; X S; };\n"
     "instance of H { Id = 1; S = instance of X { Nope = 1; }; };",
     "t.mof:2:45: error: class 'X' has no property 'Nope'", 1},
    {"class H { [Key] uint32 Id; uint32 N; };\ninstance of H { Id = 1; N = instance of H { Id = 2; }; };",
     "t.mof:2:41: error: bad value for property 'N': expected an integer", 1},
    {"class X { [Key] string k; uint32 n; };\nclass H { X e = instance of X { k = \"a\"; bogus = 1; }; };",
     "t.mof:2:42: error: class 'X' has no property 'bogus'", 1},
    {"class X { [Key] string k; X REF r; };\nclass H { [Key] uint32 Id; X e; };\n"
     "instance of H { Id = 1; e = instance of X { k = \"z\"; r = $nope; }; };",
     "t.mof:3:58: error: alias '$nope' is not defined", 1},
    /* ... and as MOF text in a string value: parsed, checked, errors placed inside the literal */
    {"class X { [Key] string Name; uint32 N; };\nclass H { [Key] uint32 Id; [EmbeddedInstance(\"X\")] string E; };\n"
     "instance of H { Id = 1;\n  E = \"instance of X { Name = \\\"a\\\"; Nope = 3; };\"; };",
     "t.mof:4:38: error: class 'X' has no property 'Nope'", 1},
    {"class X { [Key] string Name; uint32 N; };\nclass H { [EmbeddedObject] string O[] = {\"x\",\n"
     "  \"instance of X { Name = \\\"b\\\"; \"\n  \"N = \\\"str\\\"; };\"}; };",
     "t.mof:4:8: error: bad value for property 'N': expected an integer (uint32)", 1},
    {"class X { [Key] string Name; uint32 N; };\nclass H { [EmbeddedObject] string O = \"instance of X { N = ; };\"; };",
     "t.mof:2:60: error: unexpected ';'; expected a value", 1},
    {"class X { [Key] string Name; };\nclass H { [EmbeddedInstance(\"X\")] string E = \"instance of H { };\"; };",
     "t.mof:2:59: error: 'E' holds a X, not a H", 1},
    {"class X { [Key] string Name; };\nclass H { [EmbeddedObject] string E = \"instance of X { };\"; };",
     "t.mof:2:52: error: instance of 'X' gives no value for its key property 'Name'", 1},
    {"class X { [Key] string Name; };\n"
     "class H { [EmbeddedObject] string E = \"instance of X { Name = \\\"\\x41\\\"; }; class Z { };\"; };",
     "t.mof:2:82: error: an embedded object's string holds one instance, and nothing more", 1},
    {"class H { [EmbeddedObject] string E = \"an instance of nothing\"; string F = \"instance of Nope { };\"; };", NULL, 0},
    /* WMI's qualifiers and 'object ref' need no declaration and say nothing. */
    {"[UUID(\"{1}\"), Singleton, dynamic, provider(\"P\")] class W { [key] string K; object ref O;\n"
     "  uint32 M([in, Optional] string s, [in] object ref r); [WmiDataId(1)] uint32 D; };", NULL, 0},
    /* An undeclared qualifier with a value of another type than the standard one is typed from its value
     * (as mofcomp does); the ones mofgen reads stay checked, and a declaration rules. */
    {"[locale(\"MS\\\\0x409\")] class W { };",
     "t.mof:1:9: warning: qualifier 'locale' is not declared and its value is a string, not sint32 as the standard "
     "qualifier's; typed from its value [-Wqualifier-type]", 0},
    {"class W { }; [Association] class R { [Max(FALSE)] W REF A; [Counter(\"Pct\")] W REF B; };",
     "t.mof:1:69: warning: qualifier 'Counter' is not declared and its value is a string, not boolean", 0},
    {"class W { }; [Association] class R { [Max(FALSE)] W REF A; [Counter(\"Pct\")] W REF B; };",
     "t.mof:1:43: warning: qualifier 'Max' is not declared and its value is a boolean, not uint32", 0},
    {"class W { [MaxLen(\"3\")] string S; };", "t.mof:1:19: error: bad value for qualifier 'MaxLen': expected an integer", 1},
    {"class W { [ValueMap(1)] uint8 S; };", "t.mof:1:21: error: bad value for qualifier 'ValueMap': expected a string", 1},
    {"Qualifier Counter : boolean = false, Scope(property);\nclass W { [Counter(\"x\")] uint32 S; };",
     "t.mof:2:20: error: bad value for qualifier 'Counter': expected TRUE or FALSE", 1},
    /* DSP0004 class rules: abstract classes have no instances, associations
     * have two references, flavors do not contradict each other, a string
     * is EmbeddedObject or EmbeddedInstance, not both. */
    {"[Abstract] class A { [Key] uint32 K; }; instance of A { K = 1; };",
     "t.mof:1:53: error: class 'A' is abstract: it has no instances", 1},
    {"class T { }; [Association] class R { T REF Only; };",
     "t.mof:1:34: error: association 'R' has 1 reference; an association has at least two", 1},
    {"class T { }; [Association, Indication] class R { T REF A; T REF B; };",
     "t.mof:1:46: error: class 'R' is both an association and an indication", 1},
    {"class A { [Description(\"d\") : ToSubclass Restricted] uint32 X; };",
     "t.mof:1:42: error: flavor 'Restricted' contradicts 'ToSubclass' on qualifier 'Description'", 1},
    {"class E { }; class A { [EmbeddedObject, EmbeddedInstance(\"E\")] string X; };",
     "t.mof:1:25: error: 'X' has both EmbeddedObject and EmbeddedInstance", 1},
    /* DisableOverride (Key, or a declared flavor): an override keeps the value. */
    {"class A {[Key] string x;}; class C : A {[Override(\"x\"), Key(false)] string x;};",
     "t.mof:1:57: error: qualifier 'Key' cannot change in an override: it has the DisableOverride flavor", 1},
    {"class A {[Key] string x;}; class C : A {[Override(\"x\"), Key] string x;};", NULL, 0},
    {"Qualifier Fixed : boolean = false, Scope(property), Flavor(DisableOverride);\n"
     "class A {[Fixed] string x;}; class C : A {[Override(\"x\"), Fixed(false)] string x;};",
     "t.mof:2:59: error: qualifier 'Fixed' cannot change in an override", 1},
    /* real32: FLT_MAX as usually printed rounds to a finite float; more does not. */
    {"class A { real32 F = 3.4028235e38; real32 G = -3.4028235e38; };", NULL, 0},
    {"class A { real32 F = 3.5e38; };", "t.mof:1:22: error: bad value for property 'F': out of range", 1},
    /* Members named like <stdint.h> macros or errno get a '_'. */
    {"class A { uint8 SIZE_MAX; uint8 INT8_MIN; uint8 errno; };", NULL, 0},
    /* MOF writes datetimes in the DMTF form, and says what is wrong. */
    {"class A { datetime D = \"2016-09-20T12:34:56Z\"; };",
     "t.mof:1:24: error: bad value for property 'D': not a valid datetime: a DMTF datetime has 25 characters", 1},
    {"class A { datetime D = \"20161320123456.000000+000\"; };",
     "t.mof:1:24: error: bad value for property 'D': not a valid datetime: month 13 is out of range (1-12)", 1},
    {"class A { datetime D = \"20160920123456.000000+000\"; datetime I = \"00000001120032.000000:000\"; };", NULL, 0},
    /* BitMap/BitValues: bit positions of an integer, once each, paired. */
    {"class A { [BitMap{\"0\", \"8\"}, BitValues{\"a\", \"b\"}] uint8 F; };",
     "t.mof:1:24: error: BitMap entry \"8\" of 'F' is not a bit position of a 8-bit uint8 (0 to 7)", 1},
    {"class A { [BitMap{\"1\", \"1\"}] uint32 F; };", "t.mof:1:24: error: bit 1 of 'F' is listed twice in its BitMap", 1},
    {"class A { [BitMap{\"1\"}, BitValues{\"a\", \"b\"}] uint32 F; };",
     "t.mof:1:25: error: 'F' has 2 BitValues but 1 BitMap entries; they must pair up", 1},
    {"class A { [BitMap{\"1\"}] string F; };",
     "t.mof:1:12: error: BitMap/BitValues need an integer property; 'F' is string", 1},
    {"class A { [BitMap{\"0\", \"63\"}, BitValues{\"lo\", \"hi\"}] sint64 F; };", NULL, 0},
    /* Values given to a ValueMap property are in the map, as the generated
     * setters and decoders require. */
    {"class A { [ValueMap{\"1\", \"5..9\"}] uint32 V = 4; };",
     "t.mof:1:46: error: bad value for property 'V': not in its ValueMap {\"1\", \"5..9\"}", 1},
    {"class A { [ValueMap{\"1\", \"5..9\"}] uint32 V = 7; [ValueMap{\"..\"}] uint32 W = 3; };", NULL, 0},
    {"class A { [ValueMap{\"-5..-1\"}] sint8 N[] = {-3, 0}; };",
     "t.mof:1:49: error: bad value for property 'N': not in its ValueMap {\"-5..-1\"}", 1},
    {"class A { [ValueMap{\"a\"}] string S; [Key] uint32 K; }; instance of A { K = 1; S = \"b\"; };",
     "t.mof:1:83: error: bad value for property 'S': not in its ValueMap {\"a\"}", 1},
    {"class E { }; class A { uint32 M([In, EmbeddedInstance(\"E\")] string e, [In] E REF r); };", NULL, 0},
    {"class A { uint32 M([In, EmbeddedInstance(\"Nowhere\")] string e); };",
     "t.mof:1:54: warning: class 'Nowhere' is not declared; 'e' is treated as an untyped embedded object", 0},
    /* members and instances */
    {"class A { uint32 X; uint32 x(); };", "t.mof:1:28: error: class 'A' has a property and a method called 'x'", 1},
    {"class A { uint32 X(); }; class B : A { string x; };",
     "t.mof:1:47: error: class 'B' has a property and a method called 'X'", 1},
    {"class A { [EmbeddedInstance(\"A\")] uint32 e; };",
     "t.mof:1:12: error: EmbeddedInstance applies to string properties; 'e' is uint32", 1},
    {"class A { [Key] uint32 k; [Key] string n = \"d\"; string s; }; instance of A { s = \"x\"; };",
     "t.mof:1:74: error: instance of 'A' gives no value for its key property 'k'", 1},
    /* ValueMap */
    {"class A { [ValueMap(\"1\"), Values{\"a\"}] uint32 x; };", NULL, 0},
    {"class A { [ValueMap{\"1\", \"0x1\"}, Values{\"a\", \"b\"}] uint32 y; };",
     "t.mof:1:26: error: ValueMap of 'y' lists \"0x1\" twice", 1},
    {"class A { [ValueMap{\"x\", \"x\"}] string s; };", "t.mof:1:26: error: ValueMap of 's' lists \"x\" twice", 1},
    /* ValueMaps that do not pair: a warning, no enum, and no check of values against it */
    {"class A { [ValueMap{\"1\", \"2\"}, Values{\"a\"}] uint32 X = 7; };",
     "t.mof:1:32: warning: 'X' has 1 Values but 2 ValueMap entries; they do not pair up, so 'X' gets no enum "
     "[-Wvalue-map]", 0},
    {"class A { [ValueMap{\"Not Supported\", \"Other\"}, Values{\"0\", \"1\"}] uint16 S = 9; };",
     "t.mof:1:21: warning: ValueMap entry \"Not Supported\" of uint16 'S' is not an integer (ValueMap and Values look "
     "swapped: the Values are the integers); 'S' gets no enum [-Wvalue-map]", 0},
    /* entries that are not integers are not "listed twice" (they all read as 0) */
    {"class A { [ValueMap{\"1\", \"Unknown\", \"Not Supported\"}, Values{\"a\", \"b\", \"c\"}] uint16 S; };",
     "t.mof:1:26: warning: ValueMap entry \"Unknown\" of uint16 'S' is not an integer; 'S' gets no enum [-Wvalue-map]",
     0},
    /* ranges past the type are cut to it; entries wholly outside are left out; the rest stays the enum */
    {"class A { [ValueMap{\"0\", \"18..32767\"}, Values{\"a\", \"b\"}] uint8 U = 255; };",
     "t.mof:1:26: warning: ValueMap entry \"18..32767\" of 'U' runs past uint8; read as \"18..255\" [-Wvalue-map]", 0},
    {"class A { [ValueMap{\"-200..-100\", \"-300\", \"5\"}] sint8 N = -128; };",
     "t.mof:1:21: warning: ValueMap entry \"-200..-100\" of 'N' runs past sint8; read as \"-128..-100\"", 0},
    {"class A { [ValueMap{\"-200..-100\", \"-300\", \"5\"}] sint8 N = -128; };",
     "t.mof:1:35: warning: ValueMap entry \"-300\" of 'N' is outside sint8; it is left out of the enum", 0},
    {"class A { [ValueMap{\"1\", \"300\", \"400..500\"}] uint8 X = 4; };",
     "t.mof:1:56: error: bad value for property 'X': not in its ValueMap {\"1\"}", 1},
    {"class A { [ValueMap{\"1\", \"5..1\"}] uint8 X; };",
     "t.mof:1:26: error: ValueMap entry \"5..1\" of 'X': the range's bounds are reversed", 1},
};

static void test_table(void **state)
{
    (void)state;
    size_t failures = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        run_result r = test_run_text("t.mof", table[i].mof, DUMP_NONE, NULL);
        bool ok = r.status == table[i].status &&
                  (table[i].expected ? strstr(r.diagnostics, table[i].expected) != NULL : r.diagnostics[0] == '\0');
        if (!ok) {
            fprintf(stderr, "row %zu: %s\n  expected (status %d): %s\n  got (status %d):\n%s\n", i, table[i].mof,
                    table[i].status, table[i].expected ? table[i].expected : "(nothing)", r.status, r.diagnostics);
            failures++;
        }
        run_result_free(&r);
    }
    assert_int_equal(failures, 0);
}

/* Each problem is reported once: a ValueMap of integers is a qualifier
 * type error, not also a ValueMap error. */
static void test_reported_once(void **state)
{
    (void)state;
    run_result r = test_run_text("t.mof", "class A { [ValueMap{1}, Values{\"a\"}] uint32 z; };", DUMP_NONE, NULL);
    assert_int_equal(r.status, 1);
    const char *first = strstr(r.diagnostics, "error:");
    assert_non_null(first);
    assert_null(strstr(first + 1, "error:"));
    run_result_free(&r);
}

/* Two classes whose C names meet would write the same files: an error,
 * and nothing is written. */
/* What failed to resolve is marked invalid and reported once: the checks
 * skip it instead of piling up follow-on errors.  A property whose type is
 * a typo gets no "bad value" for its default or instance values and no
 * "MinValue applies to numbers" (its type is unknown); a class that
 * inherits from itself is not also an association with no references. */
static void test_invalid_not_checked(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"class A { UIt32 X = 5; };", "t.mof:1:11: error: unknown type 'UIt32'; did you mean 'UInt32'?"},
        {"class A { [Key] string K; UIt32 X; }; instance of A { K = \"k\"; X = 7; };",
         "t.mof:1:27: error: unknown type 'UIt32'; did you mean 'UInt32'?"},
        {"class A { [MinValue(1)] Bool Y; };", "t.mof:1:25: error: unknown type 'Bool'; did you mean 'Boolean'?"},
        {"class A { uint32 M([In] UIt32 p = 3); };", "t.mof:1:25: error: unknown type 'UIt32'; did you mean 'UInt32'?"},
        {"[Association] class C : C { };", "t.mof:1:25: error: class 'C' inherits from itself through 'C'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = test_run_text("t.mof", cases[i][0], DUMP_NONE, NULL);
        assert_int_equal(r.status, 1);
        assert_contains(r.diagnostics, cases[i][1]);
        assert_int_equal(r.errors, 1);
        run_result_free(&r);
    }
}

static void test_file_name_collision(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "c.mof", "class Caf\xc3\xa9 { uint32 a; };\nclass CafxC3xA9 { uint32 b; };\n");
    char out[4096];
    snprintf(out, sizeof out, "%s/out", dir);
    const char *inputs[] = {mof};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, ":2:7: error: class 'CafxC3xA9' would be written to CafxC3xA9.h and CafxC3xA9.c, "
                                   "like class 'Caf\xc3\xa9'");
    assert_null(test_read_file(out, NULL));
    run_result_free(&r);
    free(mof);
    free(dir);
}

/* Namespaces (#pragma namespace) and #pragma deleteclass.  CIMV2 is
 * "#pragma namespace(\"\\\\.\\root\\cimv2\")" as WMI writes it. */
#define CIMV2 "#pragma namespace(\"\\\\\\\\.\\\\root\\\\cimv2\")\n"
static const row namespace_table[] = {
    /* one name in two namespaces is two classes; twice in one is an error */
    {"class A { uint32 x; };\n" CIMV2 "class A { string y; };\n#pragma namespace(\"ms_409\")\n[amendment] class A { string y; };",
     NULL, 0},
    {"class A { };\n" CIMV2 "class A { };\nclass A { };",
     "t.mof:4:7: error: class 'A' is declared twice in namespace root\\cimv2", 1},
    /* a relative namespace is inside the current one; root\x is absolute */
    {CIMV2 "class A { };\n#pragma namespace(\"sub\")\nclass A { };\n#pragma namespace(\"root\\\\cimv2\\\\sub\")\nclass A { };",
     "t.mof:6:7: error: class 'A' is declared twice in namespace root\\cimv2\\sub", 1},
    {CIMV2 "class A { };\n#pragma namespace(\"//./root/cimv2\")\nclass A { };",
     "t.mof:4:7: error: class 'A' is declared twice in namespace root\\cimv2", 1},
    /* superclasses, references, embedded classes and instances resolve in
     * their own namespace only, with a note naming where the class is */
    {"class A { [Key] string k; };\n" CIMV2 "class B : A { };",
     "t.mof:3:11: warning: superclass 'A' is not declared in namespace root\\cimv2; assuming an abstract class with no "
     "properties [-Wundeclared-superclass]\n",
     0},
    {"class A { [Key] string k; };\n" CIMV2 "class B : A { };",
     "t.mof:1:7: note: a class 'A' is declared in namespace root\\default; a class sees only the classes of its own "
     "namespace (root\\cimv2)",
     0},
    {"class A { };\n" CIMV2 "class B { A REF r; [EmbeddedInstance(\"A\")] string e; };",
     "t.mof:3:11: warning: class 'A' is not declared in namespace root\\cimv2; 'r' is treated as an object path string",
     0},
    {"class A { };\n" CIMV2 "class B { A REF r; [EmbeddedInstance(\"A\")] string e; };",
     "t.mof:3:44: warning: class 'A' is not declared in namespace root\\cimv2; 'e' is treated as an untyped embedded object",
     0},
    {"class A { [Key] string k; };\n" CIMV2 "instance of A { k = \"1\"; };",
     "t.mof:3:13: warning: instance of undeclared class 'A' is not checked [-Wundeclared-class]\n", 0},
    {"class A { [Key] string k; };\n" CIMV2 "class A { string other; };\ninstance of A { other = \"1\"; };", NULL, 0},
    /* qualifier declarations belong to a namespace too (.mfl files redeclare them) */
    {"Qualifier Q : string, Scope(any);\n" CIMV2 "Qualifier Q : string, Scope(any);\n[Q(\"x\")] class A { };", NULL, 0},
    /* deleteclass removes the class, its subclasses and their instances,
     * as declared so far in the namespace; what comes later is new */
    {"class A { [Key] string k; };\nclass B : A { };\nclass C : B { };\ninstance of C { k = \"1\"; };\n"
     "#pragma deleteclass(\"A\", FAIL)\nclass A { string other; };\nclass C : A { };\nclass B { };",
     NULL, 0},
    {"class A { };\n#pragma deleteclass(\"A\", NOFAIL)\nclass B : A { };",
     "t.mof:3:11: warning: superclass 'A' is not declared; assuming", 0},
    {"#pragma deleteclass(\"A\", NOFAIL)\n#pragma deleteclass(\"a\", nofail)", NULL, 0},
    {"#pragma deleteclass(\"A\", FAIL)\nclass A { };",
     "t.mof:1:9: error: #pragma deleteclass(\"A\", FAIL): no class 'A' is declared in namespace root\\default before "
     "this line", 1},
    {"class A { };\n" CIMV2 "#pragma deleteclass(\"A\", FAIL)",
     "t.mof:1:7: note: a class 'A' is declared in namespace root\\default", 1},
    {"class A { };\n" CIMV2 "#pragma deleteclass(\"A\", NOFAIL)\n#pragma namespace(\"\\\\\\\\.\\\\root\\\\default\")\n"
     "class A { };",
     "t.mof:5:7: error: class 'A' is declared twice\n", 1},
    {"class A { };\n#pragma deleteclass(\"A\", SOMETIMES)",
     "t.mof:2:26: error: #pragma deleteclass: 'SOMETIMES' is neither FAIL nor NOFAIL", 1},
    {"class A { };\n#pragma deleteclass(\"A\")",
     "t.mof:2:9: error: #pragma deleteclass takes a class name and FAIL or NOFAIL, as in "
     "#pragma deleteclass(\"A\", NOFAIL)", 1},
};

static void run_rows(const row *rows, size_t count)
{
    size_t failures = 0;
    for (size_t i = 0; i < count; i++) {
        run_result r = test_run_text("t.mof", rows[i].mof, DUMP_NONE, NULL);
        bool ok = r.status == rows[i].status &&
                  (rows[i].expected ? strstr(r.diagnostics, rows[i].expected) != NULL : r.diagnostics[0] == '\0');
        if (!ok) {
            fprintf(stderr, "row %zu: %s\n  expected (status %d): %s\n  got (status %d):\n%s\n", i, rows[i].mof,
                    rows[i].status, rows[i].expected ? rows[i].expected : "(nothing)", r.status, r.diagnostics);
            failures++;
        }
        run_result_free(&r);
    }
    assert_int_equal(failures, 0);
}

static void test_namespaces(void **state)
{
    (void)state;
    run_rows(namespace_table, sizeof namespace_table / sizeof namespace_table[0]);
}

/* --dump-model says where each class and instance is declared. */
static void test_namespaces_in_model_dump(void **state)
{
    (void)state;
    run_result r = test_run_text("t.mof",
                                 "class A { };\n" CIMV2 "class A { };\ninstance of A { };\n#pragma namespace(\"ms_409\")\n"
                                 "class A { };\n#pragma namespace(\"ROOT/cimv2\")\nclass B { };\n"
                                 "#pragma namespace(\"\\\\\\\\server\\\\root\\\\WMI\")\nclass C { };",
                                 DUMP_MODEL, NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.output, "{\"name\": \"A\", \"superclass\": null, \"abstract\": false, \"association\": false, "
                              "\"indication\": false, \"placeholder\": false, \"description\": null, "
                              "\"namespace\": \"root\\\\default\", ");
    assert_contains(r.output, "{\"name\": \"A\", \"superclass\": null, \"abstract\": false, \"association\": false, "
                              "\"indication\": false, \"placeholder\": false, \"description\": null, "
                              "\"namespace\": \"root\\\\cimv2\", ");
    assert_contains(r.output, "{\"name\": \"A\", \"superclass\": null, \"abstract\": false, \"association\": false, "
                              "\"indication\": false, \"placeholder\": false, \"description\": null, "
                              "\"namespace\": \"root\\\\cimv2\\\\ms_409\", ");
    assert_contains(r.output, "{\"name\": \"B\", \"superclass\": null, \"abstract\": false, \"association\": false, "
                              "\"indication\": false, \"placeholder\": false, \"description\": null, "
                              "\"namespace\": \"root\\\\cimv2\", "); /* ROOT/cimv2: the first spelling */
    assert_contains(r.output, "{\"name\": \"C\", \"superclass\": null, \"abstract\": false, \"association\": false, "
                              "\"indication\": false, \"placeholder\": false, \"description\": null, "
                              "\"namespace\": \"root\\\\WMI\", ");
    assert_contains(r.output, "\"column\": 13}}, \"namespace\": \"root\\\\cimv2\"}]"); /* the instance */
    run_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_reported_once),
        cmocka_unit_test(test_invalid_not_checked),
        cmocka_unit_test(test_file_name_collision),
        cmocka_unit_test(test_namespaces),
        cmocka_unit_test(test_namespaces_in_model_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
