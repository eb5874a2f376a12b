#!/usr/bin/env python3
"""Differential fuzzer: random chat-template-like Jinja templates rendered by Python's jinja2
(set up as transformers' apply_chat_template sets it up) and by `moechat-cli template`, compared
byte for byte. A developer tool, not run by CI; see tests/tools/README.md.

Rules of comparison:
  - jinja2 renders  -> ours must print exactly the same bytes and exit 0;
  - jinja2 raises   -> ours must exit non-zero (the message may differ);
  - jinja2 renders more than 4 MiB or runs past a few seconds -> the case is skipped (our
    engine bounds output and work on purpose).

Message objects keep their key order on both sides (the CLI reads the file with
nlohmann::ordered_json, as json.load keeps it for transformers).

Usage:
  python3 tests/tools/jinja_differential.py --cli build/backend/cli/moechat-cli [-n 2000]
      [--seed 1] [--jobs 2] [--out /tmp/jdiff] [--no-minimize]
  python3 tests/tools/jinja_differential.py --cli ... --replay /tmp/jdiff/case-123.json
Mismatches are written to --out as case-<seed>-<n>.json (template, messages, both results,
and a minimised template when minimisation succeeded).
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import random
import re
import signal
import subprocess
import sys
import tempfile

import jinja2

MAX_OUTPUT = 4 << 20
MAX_STATEMENTS = 6  # top-level statements of a grammar template (--statements)


# ---------------------------------------------------------------- the reference environment

# The environment the committed fixtures are rendered in (transformers' _compile_jinja_template).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_template_fixtures import make_environment  # noqa: E402


ENV = make_environment()


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def render_reference(source, messages, bos, eos, add_generation_prompt):
    """{"output": text} | {"error": text} | {"skip": why}."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(3)
    try:
        template = ENV.from_string(source)
        out = template.render(messages=messages, bos_token=bos, eos_token=eos,
                              add_generation_prompt=add_generation_prompt, tools=None, documents=None)
        if re.search(r"<[a-z_]+ object( [a-z_]+)? at 0x[0-9a-f]+>", out, re.I):
            return {"skip": "prints an object address"}
        if re.search(r"<(function|class|built-in function|built-in method|bound method) ", out):
            return {"skip": "prints a function"}
        if "Markup(" in out:  # safe / escape give Markup in jinja2, plain strings here (README)
            return {"skip": "prints a Markup object"}
        if len(out.encode("utf-8", "surrogatepass")) > MAX_OUTPUT:
            return {"skip": "output over 4 MiB"}
        try:
            out.encode("utf-8")
        except UnicodeEncodeError:
            return {"skip": "lone surrogate in output"}
        return {"output": out}
    except Timeout:
        return {"skip": "jinja2 timed out"}
    except RecursionError:
        return {"skip": "recursion"}
    except MemoryError:
        return {"skip": "memory"}
    except Exception as e:  # noqa: BLE001 - any error of the reference counts as an error
        return {"error": f"{type(e).__name__}: {e}"}
    finally:
        signal.alarm(0)


def render_ours(cli, source, messages, bos, eos, add_generation_prompt, workdir):
    fd, tpath = tempfile.mkstemp(suffix=".jinja", dir=workdir)
    with os.fdopen(fd, "wb") as f:
        f.write(source.encode("utf-8"))
    fd, mpath = tempfile.mkstemp(suffix=".json", dir=workdir)
    with os.fdopen(fd, "wb") as f:
        f.write(json.dumps(messages, ensure_ascii=False).encode("utf-8"))
    cmd = [cli, "template", "--template-file", tpath, "--bos-token", bos, "--eos-token", eos, "--messages", mpath]
    if add_generation_prompt:
        cmd.append("--add-generation-prompt")
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return {"error": "TIMEOUT (hang)", "hang": True}
    finally:
        os.unlink(tpath)
        os.unlink(mpath)
    if p.returncode != 0:
        return {"error": p.stderr.decode("utf-8", "replace").strip(), "rc": p.returncode}
    try:
        return {"output": p.stdout.decode("utf-8")}
    except UnicodeDecodeError:
        return {"output": p.stdout.decode("utf-8", "replace"), "bad_utf8": True}


# Our errors that come from deliberate limits (README: "Known differences").
KNOWN_LIMITS = [
    ("64-bit integers", re.compile(r"cannot convert float infinity or huge value|integer overflow|too large")),
    ("no complex numbers", re.compile(r"negative number cannot be raised to a fractional power")),
    # jinja2 renders a failing slice of a constant as undefined (compile-time folding).
    ("jinja2 constant folding", re.compile(r"object is not subscriptable|unhashable type: 'slice'")),
]
UNKNOWN_NAME = re.compile(r"no (filter|test) named '([^']*)'")


def known_limit(ref, ours):
    if "output" in ref and "error" in ours:
        for name, pattern in KNOWN_LIMITS:
            if pattern.search(ours["error"]):
                return name
        # An unknown filter or test in an operand that jinja2 folded away ({{ [] and x|nope }}):
        # jinja2 never compiles it. (A name jinja2 does know is a real gap, not this.)
        m = UNKNOWN_NAME.search(ours["error"])
        if m and m.group(2) not in (ENV.filters if m.group(1) == "filter" else ENV.tests):
            return "jinja2 constant folding"
    return None


def verdict(ref, ours):
    """None when they agree, else a short description."""
    if "skip" in ref:
        return None
    if ours.get("hang"):
        return "ours hangs"
    if ours.get("rc", 1) not in (0, 1):
        return f"ours exited {ours['rc']}"
    if "error" in ref:
        return None if "error" in ours else "jinja2 errors, ours renders"
    if "error" in ours:
        return "jinja2 renders, ours errors"
    if ours["output"] != ref["output"]:
        return "different output"
    return None


# ---------------------------------------------------------------- random inputs

# Case mapping in backend/jinja/pystr.cpp covers Latin-1, Latin Extended-A, Greek and Cyrillic
# only (a documented limit), so letters outside those ("ǅ") are left out here.
UNICODE_BITS = ["é", "ß", "日本語", "😀", "Ω", "ñ", "\u00a0", "İ", "ﬁ", "Straße", "ΣΑΣ"]
TEXT_BITS = ["Hello", "hi there", "  padded  ", "a\nb", "\n", "'quoted'", '"dq"', "{braces}", "{{ x }}",
             "{% if %}", "tab\there", "back\\slash", "", " ", "x,y,z", "one two  three", "CamelCase",
             "UPPER lower", "1,2,3", "<|im_end|>", "42", "-3.5", "true", "null", "del\x7f ctl\x01", "\u2028sep"]


def rand_text(r, maxlen=3):
    parts = []
    for _ in range(r.randint(0, maxlen)):
        parts.append(r.choice(TEXT_BITS + UNICODE_BITS))
    sep = r.choice(["", " ", "\n", ", "])
    return sep.join(parts)


def rand_messages(r):
    msgs = []
    roles = ["system", "user", "assistant", "tool"]
    n = r.choice([0, 1, 1, 2, 3, 3, 4, 5])
    for i in range(n):
        role = r.choice(roles) if r.random() < 0.4 else ["user", "assistant"][i % 2]
        m = {"role": role}
        c = r.random()
        if c < 0.7:
            m["content"] = rand_text(r)
        elif c < 0.85:
            m["content"] = [{"type": "text", "text": rand_text(r)} for _ in range(r.randint(0, 3))]
            if m["content"] and r.random() < 0.3:
                m["content"].append({"type": "image", "url": "http://x/y.png"})
        elif c < 0.92:
            m["content"] = None
        # else: no content at all
        if role == "assistant" and r.random() < 0.3:
            m["tool_calls"] = [
                {"type": "function", "id": f"call_{k}",
                 "function": {"name": r.choice(["get_weather", "search", "calc"]),
                              "arguments": r.choice([{"city": "Paris", "n": 3}, {}, {"q": rand_text(r, 1)},
                                                     '{"x": 1}'])}}
                for k in range(r.randint(1, 2))]
        if role == "tool" and r.random() < 0.5:
            m["tool_call_id"] = "call_0"
            m["name"] = "get_weather"
        msgs.append(m)
    return msgs


JOINERS = [', ', '', '-', '\\n']
TOJSON_ARGS = ['', '', '(indent=2)', '(indent=0)', '(indent=1)', '(sort_keys=true)', '(separators=(",", ":"))',
               '(ensure_ascii=true)']
MAP_FILTERS = ['"upper"', '"string"', '"trim"', '"lower"', '"tojson"', '"length"']
GET_DEFAULTS = ['', ', "dflt"']
INT_ARGS = ['', '', '(5)', '(default=7)', '(0, 16)']
ROUND_ARGS = ['', '(1)', '(2, "floor")', '(0, "ceil")', '(1, "common")', '(-1)']
ATTRS = ['"role"', '"content"', '"tool_calls"']
SELECT_TESTS = ['', ', "equalto", "user"', ', "eq", "assistant"', ', "defined"', ', "undefined"', ', "string"', ', "none"',
                ', "ne", "system"', ', "in", ["user", "tool"]']
MAP_ATTRS = ['"role"', '"content"', '"nope"', '"tool_calls"']
MAP_DEFAULTS = ['', ', default="D"']
SELECT_ARGS = ['', '("odd")', '("string")', '("defined")', '("none")', '("number")', '("gt", 1)']
LIST_FILTERS = ['sort', 'reverse', 'unique', 'list', 'sort(reverse=true)', 'sort(attribute="role")', 'unique(attribute="role")',
                'sort(case_sensitive=true)', 'batch(2)', 'slice(2)', 'batch(2, "x")']
UNPACKABLES = ['(1, 2)', '["a", "b"]', '"ab"', 'messages[:2]']
DICT_FILTERS = ['items', 'dictsort', 'list', 'dictsort(reverse=true)', 'dictsort(by="value")']


def plausible_messages(r):
    """Conversations real templates accept: an optional system message, then user and
    assistant turns (assistant turns sometimes with tool calls answered by tool messages)."""
    def content():
        if r.random() < 0.95:
            return rand_text(r) or "hi"
        return [{"type": "text", "text": rand_text(r) or "x"}]

    msgs = [{"role": "system", "content": content()}] if r.random() < 0.4 else []
    for turn in range(r.randint(1, 3)):
        msgs.append({"role": "user", "content": content()})
        if turn < 2 and r.random() < 0.8:
            m = {"role": "assistant", "content": content()}
            if r.random() < 0.25:
                m["tool_calls"] = [{"type": "function", "id": "call12345",
                                    "function": {"name": "get_weather", "arguments": {"city": rand_text(r, 1)}}}]
                msgs.append(m)
                msgs.append({"role": "tool", "content": rand_text(r, 2), "tool_call_id": "call12345", "name": "get_weather"})
                msgs.append({"role": "assistant", "content": content()})
            else:
                msgs.append(m)
    if msgs[-1]["role"] == "assistant" and r.random() < 0.5:
        msgs.append({"role": "user", "content": content()})
    return msgs


def str_literal(r, s=None):
    if s is None:
        s = r.choice(["", "a", "ab", " x ", "Hello World", "a,b,c", "x y  z", "\\n", "\\t", "it's", 'say "hi"',
                      "é", "日本", "-", "_", ".", "ab\\\\c", "\\u00e9", "\\x41", "<|end|>", "  ", "{", "}",
                      "a-b_c", "hello world foo", "HELLO", "mIxEd", "1", "12", "3.5", "\\'", '\\"'])
    if "'" in s.replace("\\'", "") and '"' not in s.replace('\\"', ""):
        return '"' + s + '"'
    if '"' in s.replace('\\"', "") and "'" not in s.replace("\\'", ""):
        return "'" + s + "'"
    if "'" in s or '"' in s:
        return "'" + s.replace("'", "\\'").replace("\\\\'", "\\'") + "'"
    return r.choice(["'", '"']).join(["", s, ""])


class Gen:
    """Random templates. Names in scope carry a rough kind so that most expressions are well
    typed (a template that always errors compares nothing); some are not, on purpose."""

    def __init__(self, r):
        self.r = r
        self.scopes = [{"messages": "msglist", "bos_token": "str", "eos_token": "str",
                        "add_generation_prompt": "bool", "tools": "none", "documents": "none"}]
        self.loop_depth = 0
        self.macros = {}
        self.counter = 0
        self.ns = []

    # ---- helpers
    def names(self, kind):
        out = []
        for s in self.scopes:
            out += [n for n, k in s.items() if k == kind]
        return out

    def fresh(self, prefix="v"):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def pick(self, *options):
        """options: (weight, fn) pairs."""
        total = sum(w for w, _ in options)
        x = self.r.random() * total
        for w, fn in options:
            x -= w
            if x <= 0:
                return fn()
        return options[-1][1]()

    # ---- expressions
    def expr(self, d=0):
        kind = self.r.choice(["str", "str", "int", "float", "bool", "list", "dict", "none", "msg", "undef"])
        return self.typed(kind, d)

    def typed(self, kind, d):
        return {"str": self.s, "int": self.i, "float": self.f, "bool": self.b, "list": self.l, "dict": self.dct,
                "none": self.none, "msg": self.msg, "undef": self.undef}[kind](d)

    def none(self, d):
        return self.r.choice(["none", "None", "tools", "documents", "{}.get('x')"])

    def undef(self, d):
        r = self.r
        return r.choice(["nope", "undefined_thing", "messages[0].nope" if r.random() < 0.5 else "{}.missing",
                         "{'a': 1}.b", "loop_var_outside", "(nope or 'fallback')", "nope.attr",
                         "messages[99]", "ns_missing.x", "(nope if nope is defined)", "('x' if false)"])

    def msg(self, d):
        r = self.r
        vs = self.names("msg")
        if vs and r.random() < 0.7:
            return r.choice(vs)
        return r.choice(["messages[0]", "messages[-1]", "(messages|first)", "(messages|last)",
                         "{'role': 'user', 'content': 'hi'}", "{'role': 'tool', 'content': none}"])

    def s(self, d=0):
        r = self.r
        if d > 3:
            vs = self.names("str")
            return r.choice(vs + [str_literal(r)]) if vs and r.random() < 0.5 else str_literal(r)
        d += 1
        return self.pick(
            (6, lambda: str_literal(r)),
            (3, lambda: r.choice(self.names("str") or ["bos_token"])),
            (3, lambda: f"{self.msg(d)}['content']" if r.random() < 0.5 else f"{self.msg(d)}.content"),
            (2, lambda: f"{self.msg(d)}.role"),
            (2, lambda: f"{self.msg(d)}['role']"),
            (3, lambda: f"({self.s(d)} ~ {self.expr(d)})"),
            (3, lambda: f"({self.s(d)} + {self.s(d)})"),
            (2, lambda: f"({self.s(d)} * {r.randint(-1, 3)})"),
            (4, lambda: f"({self.s(d)}|{r.choice(['upper', 'lower', 'title', 'capitalize', 'trim', 'string', 'striptags', 'center(9)', 'truncate(5)'])})"),
            (3, lambda: f"({self.s(d)}).{r.choice(['upper', 'lower', 'title', 'capitalize', 'strip', 'lstrip', 'rstrip', 'swapcase', 'casefold'])}()"),
            (3, lambda: f"({self.s(d)}).{r.choice(['strip', 'lstrip', 'rstrip'])}({str_literal(r, r.choice(['a', ' ', 'ab', '-_', '', 'xyz', '<|>']))})"),
            (3, lambda: f"({self.s(d)}).replace({str_literal(r)}, {str_literal(r)}{r.choice(['', ', 1', ', 0', ', -1'])})"),
            (2, lambda: f"({self.s(d)}|replace({str_literal(r)}, {str_literal(r)}))"),
            (3, lambda: f"({self.s(d)})[{self.slice()}]"),
            (2, lambda: f"({self.s(d)})[{r.randint(-3, 3)}]"),
            (3, lambda: f"({self.l(d)}|join({str_literal(r) if r.random() < 0.8 else ''}))"),
            (2, lambda: f"{str_literal(r, r.choice(JOINERS))}.join({self.strlist(d)})"),
            (3, lambda: f"({self.expr(d)}|tojson{r.choice(TOJSON_ARGS)})"),
            (2, lambda: f"({self.expr(d)}|string)"),
            (2, lambda: f"({self.s(d)}|indent({r.randint(0, 4)}{r.choice(['', ', true', ', first=true', ', blank=true', ', true, true'])}))"),
            (2, lambda: f"({self.expr(d)}|default({str_literal(r)}{r.choice(['', ', true', ', boolean=true', ', false'])}))"),
            (2, lambda: f"({self.expr(d)}|d({str_literal(r)}{r.choice(['', ', true'])}))"),
            (2, lambda: f"({self.s(d)} if {self.b(d)} else {self.s(d)})"),
            (1, lambda: f"({self.s(d)} if {self.b(d)})"),
            (2, lambda: f"({self.s(d)}).split({self.split_args()})[{r.randint(-2, 1)}]"),
            (2, lambda: f"({str_literal(r, r.choice(['%s-%s', '%d', '%s', '%.2f', '%r', '%5s|%-3s']))}|format({self.expr(d)}, {self.expr(d)}))"),
            (1, lambda: f"{str_literal(r, r.choice(['{}-{}', '{0}', '{a}', '{!r}', '{:>5}']))}.format({self.expr(d)}, {self.expr(d)}, a={self.expr(d)})"),
            (2, lambda: f"({self.expr(d)}|{r.choice(['first', 'last'])})"),
            (2, lambda: f"({self.l(d)}|map({r.choice(MAP_FILTERS)})|join({str_literal(r)}))"),
            (1, lambda: f"({self.dct(d)}|dictsort|join(', '))"),
            (1, lambda: f"({self.l(d)}|sum(start=''))" if r.random() < 0.3 else f"{self.i(d)}|string"),
            (1, lambda: f"({self.expr(d)}|list|string)"),
            (1, lambda: f"({self.dct(d)}).get({str_literal(r, r.choice(['role', 'content', 'a', 'b', 'x']))}{r.choice(GET_DEFAULTS)})"),
            (1, lambda: f"raise_exception({str_literal(r, 'boom')}) if {self.b(d)} else {self.s(d)}"),
            (1, lambda: f"{self.undef(d)}"),
            (1, lambda: f"({self.s(d)}|{r.choice(['reverse', 'list', 'unique|list', 'sort|join', 'count', 'wordcount', 'int', 'float', 'lower|title'])})"),
        )

    def slice(self):
        r = self.r
        a = r.choice(["", str(r.randint(-4, 4))])
        b = r.choice(["", str(r.randint(-4, 6))])
        if r.random() < 0.4:
            return f"{a}:{b}:{r.choice(['-1', '2', '-2', '', '1', '3', '-3'])}"
        return f"{a}:{b}"

    def split_args(self):
        r = self.r
        return r.choice(["", "' '", "','", "None", "'x'", "' ', 1", "',', 1", "None, 1", "maxsplit=1", "'  '",
                         "sep=','", "',', -1", "', '"])

    def strlist(self, d):
        r = self.r
        return r.choice([f"({self.s(d)}).split({self.split_args()})", "['a', 'b', 'c']", "[]", "('x', 'y')",
                         "messages|map(attribute='role')", f"[{self.s(d)}, {self.s(d)}]",
                         "messages|map(attribute='role')|list"])

    def i(self, d=0):
        r = self.r
        if d > 3:
            vs = self.names("int")
            return r.choice(vs) if vs and r.random() < 0.5 else str(r.randint(-5, 10))
        d += 1
        opts = [
            (6, lambda: str(r.randint(-5, 12))),
            (1, lambda: r.choice(["0", "1_000", "007" if False else "7", "2**62", "-0", "10**3"])),
            (3, lambda: r.choice(self.names("int") or ["1"])),
            (4, lambda: f"({self.i(d)} {r.choice(['+', '-', '*', '//', '%'])} {self.i(d)})"),
            (1, lambda: f"({self.i(d)} ** {r.randint(0, 3)})"),
            (1, lambda: f"-{self.i(d)}"),
            (4, lambda: f"({r.choice([self.l(d), self.s(d), 'messages', self.dct(d)])}|length)"),
            (2, lambda: f"({self.l(d)}|count)"),
            (2, lambda: f"({self.s(d)}).{r.choice(['find', 'count', 'rfind', 'index'])}({str_literal(r, r.choice(['a', ' ', '', 'l', 'xyz']))})"),
            (2, lambda: f"({self.expr(d)}|int{r.choice(INT_ARGS)})"),
            (1, lambda: f"({self.s(d)}|wordcount)"),
            (2, lambda: f"({self.i(d)}|abs)"),
            (2, lambda: f"({self.intlist(d)}|{r.choice(['sum', 'max', 'min', 'first', 'last', 'length'])})"),
            (1, lambda: f"({self.f(d)}|round|int)"),
            (1, lambda: f"({self.i(d)} if {self.b(d)} else {self.i(d)})"),
            (1, lambda: f"[{self.i(d)}, {self.i(d)}][{r.randint(-2, 1)}]"),
            (1, lambda: f"({self.b(d)} + {self.i(d)})"),
        ]
        if self.loop_depth:
            opts.append((5, lambda: f"loop.{r.choice(['index', 'index0', 'revindex', 'revindex0', 'length', 'depth', 'depth0'])}"))
        return self.pick(*opts)

    def intlist(self, d):
        r = self.r
        return r.choice([f"range({r.randint(-2, 6)})", f"range({r.randint(-3, 3)}, {r.randint(-3, 8)}, {r.choice([1, 2, -1, 3])})",
                         "[3, 1, 2]", "[]", "[1, 2.5, -3]", "(4, 4, 1)", f"[{self.i(d)}, {self.i(d)}]",
                         "[True, 2]"])

    def f(self, d=0):
        r = self.r
        d += 1
        if d > 4:
            return r.choice(["1.5", "0.1", "-2.0"])
        return self.pick(
            (4, lambda: r.choice(["1.5", "0.1", "-2.0", "1e3", "2.5e-3", "1e16", "1e22", "123456789.123", "0.0", "-0.0",
                                  "3.0", "1.0e100", "0.3", "100.0", "2.675", "1_0.5"])),
            (3, lambda: f"({self.i(d)} / {self.i(d)})"),
            (2, lambda: f"({self.f(d)} {r.choice(['+', '-', '*', '/', '//', '%', '**'])} {r.choice([self.f(d), self.i(d)])})"),
            (2, lambda: f"({self.expr(d)}|float{r.choice(['', '(1.5)'])})"),
            (2, lambda: f"({self.f(d)}|round{r.choice(ROUND_ARGS)})"),
            (1, lambda: f"({self.f(d)}|abs)"),
            (1, lambda: f"({self.f(d)}|int)"),
        )

    def b(self, d=0):
        r = self.r
        d += 1
        if d > 4:
            return r.choice(["true", "false", "True", "False", "add_generation_prompt"])
        tests = ["defined", "undefined", "none", "string", "number", "mapping", "iterable", "sequence", "boolean",
                 "true", "false", "integer", "float", "callable", "lower", "upper", "escaped"]
        return self.pick(
            (3, lambda: r.choice(["true", "false", "True", "False", "add_generation_prompt", "1", "0", "''", "[]",
                                  "none", "{}"])),
            (3, lambda: f"({self.expr(d)} is {r.choice(['', 'not '])}{r.choice(tests)})"),
            (2, lambda: f"({self.i(d)} is {r.choice(['', 'not '])}{r.choice(['even', 'odd', 'divisibleby 3', 'divisibleby(2)', 'lt 3', 'gt(1)', 'le 2', 'ge 0', 'eq 1', 'ne 2', 'equalto 0', 'sameas 1', 'in [1, 2]', 'greaterthan 2', 'lessthan 2', '== 2'])}{' 2' if False else ''})"),
            (2, lambda: f"({self.expr(d)} is {r.choice(['eq', 'equalto', 'ne', 'sameas', 'in'])} ({self.expr(d)}))"),
            (4, lambda: f"({self.i(d)} {r.choice(['==', '!=', '<', '>', '<=', '>='])} {self.i(d)})"),
            (2, lambda: f"({self.s(d)} {r.choice(['==', '!=', '<', '>', '<=', '>='])} {self.s(d)})"),
            (2, lambda: f"({self.expr(d)} {r.choice(['==', '!=', '<', '>'])} {self.expr(d)})"),
            (2, lambda: f"({self.i(d)} {r.choice(['<', '<='])} {self.i(d)} {r.choice(['<', '<=', '==', '!='])} {self.i(d)})"),
            (3, lambda: f"({self.b(d)} {r.choice(['and', 'or'])} {self.b(d)})"),
            (1, lambda: f"({self.expr(d)} {r.choice(['and', 'or'])} {self.expr(d)})"),
            (2, lambda: f"not {self.b(d)}"),
            (3, lambda: f"({self.s(d)} {r.choice(['in', 'not in'])} {r.choice([self.s(d), self.strlist(d), self.dct(d)])})"),
            (1, lambda: f"({self.expr(d)} in {self.l(d)})"),
            (2, lambda: f"({self.s(d)}).{r.choice(['startswith', 'endswith'])}({r.choice([str_literal(r), '(' + str_literal(r) + ', ' + str_literal(r) + ')', str_literal(r) + ', 1'])})"),
            (1, lambda: f"({self.s(d)}).{r.choice(['isdigit', 'isalpha', 'isspace', 'isupper', 'islower', 'isalnum', 'istitle'])}()"),
            (1, lambda: f"({self.msg(d)}.content is string)"),
            (1, lambda: f"({self.msg(d)}.tool_calls is defined)"),
            (1, lambda: f"({self.msg(d)}.role == 'user')"),
            (1, lambda: f"({self.expr(d)} is {r.choice(['', 'not '])}none)"),
            (1, lambda: f"({self.expr(d)}|bool)" if r.random() < 0.05 else "(1 is number)"),
        )

    def l(self, d=0):
        r = self.r
        d += 1
        if d > 4:
            return r.choice(["[1, 2]", "['a']", "messages", "[]", "range(3)"])
        return self.pick(
            (3, lambda: f"[{', '.join(self.expr(d) for _ in range(r.randint(0, 3)))}]"),
            (1, lambda: f"({', '.join(self.expr(d) for _ in range(r.randint(1, 3)))}{',' if r.random() < 0.5 else ''})"),
            (3, lambda: "messages"),
            (2, lambda: r.choice(self.names("list") or ["[1, 2, 3]"])),
            (2, lambda: self.intlist(d)),
            (2, lambda: self.strlist(d)),
            (2, lambda: f"(messages|{r.choice(['selectattr', 'rejectattr'])}({r.choice(ATTRS)}{r.choice(SELECT_TESTS)})|list)"),
            (2, lambda: f"(messages|map(attribute={r.choice(MAP_ATTRS)}{r.choice(MAP_DEFAULTS)})|list)"),
            (2, lambda: f"({self.l(d)}|{r.choice(['select', 'reject'])}{r.choice(SELECT_ARGS)}|list)"),
            (2, lambda: f"({self.l(d)}|{r.choice(LIST_FILTERS)}|list)"),
            (2, lambda: f"({self.l(d)})[{self.slice()}]"),
            (1, lambda: f"({self.l(d)} + {self.l(d)})"),
            (1, lambda: f"({self.l(d)} * {r.randint(0, 2)})"),
            (2, lambda: f"({self.dct(d)}|{r.choice(DICT_FILTERS)}|list)"),
            (2, lambda: f"({self.dct(d)}).{r.choice(['items', 'keys', 'values'])}()|list"),
            (1, lambda: f"({self.s(d)}|list)"),
            (1, lambda: f"({self.s(d)}).{r.choice(['split', 'splitlines', 'rsplit'])}({self.split_args() if r.random() < 0.7 else ''})"),
            (1, lambda: f"({self.l(d)}|map('upper')|list)" if r.random() < 0.3 else f"({self.intlist(d)}|map('string')|list)"),
            (1, lambda: f"({self.l(d)}|groupby('role')|list)" if r.random() < 0.2 else "(messages|groupby('role')|map('first')|list)"),
        )

    def dct(self, d=0):
        r = self.r
        d += 1
        if d > 4:
            return r.choice(["{}", "{'a': 1}", "messages[0]"])
        def lit():
            keys = r.sample(["'a'", "'b'", "'role'", "'content'", "'x'", "1", "'B'", "'é'", "true", "2.0"], r.randint(0, 4))
            return "{" + ", ".join(f"{k}: {self.expr(d)}" for k in keys) + "}"
        return self.pick(
            (4, lit),
            (2, lambda: self.msg(d)),
            (1, lambda: f"dict({', '.join(f'{k}={self.expr(d)}' for k in r.sample(['a', 'b', 'role', 'z'], r.randint(0, 3)))})"),
            (1, lambda: r.choice(self.names("dict") or ["{'k': 'v'}"])),
            (1, lambda: "(messages[-1].tool_calls|default([{}]))[0].function|default({})" if r.random() < 0.8 else "messages[0].tool_calls[0]"),
            (1, lambda: "((messages|selectattr('tool_calls', 'defined')|list|last|default({})).tool_calls|default([{}]))[0].function|default({})"),
        )

    # ---- statements
    def ws(self):
        r = self.r
        return r.choice(["", "", "", "-", "+"]) if r.random() < 0.5 else ""

    def tag(self, body):
        r = self.r
        left = r.choice(["", "", "", "-", "+"])
        right = r.choice(["", "", "", "-", "+"])
        return "{%" + left + " " + body + " " + right + "%}"

    def text(self):
        r = self.r
        return r.choice(["\n", "  ", " \n  ", "\t", "x", "[", "]", " | ", "\n\n", "  \n", "-", "text\n", "A", "  B  \n",
                         "\n    ", ""])

    def body(self, depth, n=None):
        r = self.r
        n = r.randint(1, 3) if n is None else n
        return "".join(self.stmt(depth) for _ in range(n))

    def output(self, d):
        r = self.r
        left = r.choice(["", "", "-"])
        right = r.choice(["", "", "-"])
        return "{{" + left + " " + self.expr(d) + " " + right + "}}"

    def stmt(self, depth):
        r = self.r
        if depth > 3:
            return r.choice([self.text(), self.output(2)])
        depth += 1
        opts = [
            (6, self.text),
            (8, lambda: self.output(0)),
            (3, lambda: self.if_stmt(depth)),
            (3, lambda: self.for_stmt(depth)),
            (3, lambda: self.set_stmt(depth)),
            (1, lambda: self.ns_stmt(depth)),
            (1, lambda: "{#" + r.choice(["", "-"]) + " comment {{ x }} " + r.choice(["", "-"]) + "#}"),
            (1, lambda: self.macro_stmt(depth)),
            (1, lambda: self.tag("filter " + r.choice(["upper", "trim", "indent(2)", "replace('a', 'b')", "lower|title"])) + self.body(depth) + self.tag("endfilter")),
            (1, lambda: self.block_set(depth)),
            (1, lambda: "{%" + r.choice(["", "-", "+"]) + " raw " + r.choice(["", "", "", "", "", "", "-", "-", "+"]) + "%}" + r.choice(["{{ raw }}", "{% if %}", " x ", "\n y\n "]) + self.tag("endraw")),
        ]
        if self.loop_depth:
            opts.append((1, lambda: self.tag(r.choice(["break", "continue"]))))
            opts.append((2, lambda: "{{ loop." + r.choice(["first", "last", "previtem", "nextitem", "index", "revindex",
                                                           "cycle('a', 'b')", "changed(1)", "length"]) + " }}"))
        if self.macros:
            opts.append((2, lambda: self.call_macro()))
        if self.ns:
            opts.append((2, lambda: self.tag(f"set {r.choice(self.ns)}.{r.choice(['a', 'b', 'c'])} = {self.expr(1)}")))
            opts.append((2, lambda: "{{ " + r.choice(self.ns) + "." + r.choice(['a', 'b', 'c']) + " }}"))
        return self.pick(*opts)

    def if_stmt(self, depth):
        r = self.r
        out = self.tag(f"if {self.b(0)}") + self.body(depth)
        for _ in range(r.choice([0, 0, 1, 2])):
            out += self.tag(f"elif {self.b(0)}") + self.body(depth)
        if r.random() < 0.5:
            out += self.tag("else") + self.body(depth)
        return out + self.tag("endif")

    def for_stmt(self, depth):
        r = self.r
        var = self.fresh("x")
        c = r.random()
        scope = {}
        if c < 0.4:
            seq, scope[var] = "messages", "msg"
            target = var
        elif c < 0.55:
            k, v = self.fresh("k"), self.fresh("v")
            seq, target = f"({self.dct(1)}).items()" if r.random() < 0.5 else f"{self.dct(1)}|dictsort", f"{k}, {v}"
            scope[k], scope[v] = "str", "any"
        elif c < 0.7:
            seq, scope[var], target = self.intlist(1), "int", var
        elif c < 0.8:
            seq, scope[var], target = self.strlist(1), "str", var
        elif c < 0.85:
            seq, scope[var], target = self.s(1), "str", var
        else:
            seq, scope[var], target = self.l(1), "any", var
        self.scopes.append(scope)
        self.loop_depth += 1
        cond = f" if {self.b(1)}" if r.random() < 0.25 else ""
        out = self.tag(f"for {target} in {seq}{cond}") + self.body(depth, r.randint(1, 4))
        self.loop_depth -= 1
        self.scopes.pop()
        if r.random() < 0.2:
            out += self.tag("else") + self.body(depth)
        return out + self.tag("endfor")

    def set_stmt(self, depth):
        r = self.r
        kind = r.choice(["str", "int", "list", "dict", "bool", "msg"])
        name = self.fresh("s")
        if r.random() < 0.15:
            name2 = self.fresh("s")
            out = self.tag(f"set {name}, {name2} = {r.choice(UNPACKABLES)}")
            self.scopes[-1][name] = "any"
            self.scopes[-1][name2] = "any"
            return out
        out = self.tag(f"set {name} = {self.typed(kind, 1)}")
        self.scopes[-1][name] = kind
        return out

    def block_set(self, depth):
        name = self.fresh("b")
        filt = self.r.choice(["", "", "|trim", "|upper", "|length"])
        out = self.tag(f"set {name}{filt}") + self.body(depth) + self.tag("endset")
        self.scopes[-1][name] = "int" if filt == "|length" else "str"
        return out

    def ns_stmt(self, depth):
        r = self.r
        name = self.fresh("ns")
        self.ns.append(name)
        return self.tag(f"set {name} = namespace({', '.join(f'{k}={self.expr(1)}' for k in r.sample(['a', 'b'], r.randint(0, 2)))})")

    def macro_stmt(self, depth):
        r = self.r
        name = self.fresh("m")
        params = r.sample(["p", "q"], r.randint(0, 2))
        defaults = []
        first_default = r.randint(0, len(params))  # defaults only after the plain parameters
        for k, p in enumerate(params):
            defaults.append(f"{p}={str_literal(r)}" if k >= first_default else p)
        self.scopes.append({p: "str" for p in params})
        saved_loop = self.loop_depth
        self.loop_depth = 0
        body = self.body(depth)
        if r.random() < 0.3:
            body += "{{ caller() if caller is defined else 'nc' }}"
        if r.random() < 0.2:
            body += "{{ varargs|length }}{{ kwargs|length }}"
        self.loop_depth = saved_loop
        self.scopes.pop()
        self.macros[name] = params
        return self.tag(f"macro {name}({', '.join(defaults)})") + body + self.tag("endmacro")

    def call_macro(self):
        r = self.r
        name = r.choice(list(self.macros))
        params = self.macros[name]
        args = [self.s(2) for _ in range(r.randint(0, len(params) + (1 if r.random() < 0.1 else 0)))]
        if params and r.random() < 0.3:
            args = [f"{params[-1]}={self.s(2)}"]
        call = f"{name}({', '.join(args)})"
        if r.random() < 0.2:
            return self.tag(f"call {call}") + self.text() + "{{ 'inner' }}" + self.tag("endcall")
        return "{{ " + call + r.choice(["", "|trim", "|upper"]) + " }}"

    def template(self):
        r = self.r
        out = "".join(self.stmt(0) for _ in range(r.randint(1, MAX_STATEMENTS)))
        return out


def chat_like(r):
    """A random template shaped like real chat templates."""
    g = Gen(r)
    head = g.body(1, r.randint(0, 2))
    loop_body = r.choice([
        "{{ '<|' + message['role'] + '|>\\n' + message['content'] + eos_token }}",
        "{{- '<|im_start|>' + message.role + '\\n' }}{% if message.content is string %}{{ message.content | trim }}{% else %}{% for part in message.content %}{% if part.type == 'text' %}{{ part.text }}{% endif %}{% endfor %}{% endif %}{{ '<|im_end|>\\n' }}",
        "{% if message['role'] == 'system' %}{{ '[SYS]' + message['content'] + '[/SYS]' }}{% elif message['role'] == 'user' %}\n{{ '[INST] ' + message['content'] | trim + ' [/INST]' }}\n{% else %}\n  {{ message['content'] ~ eos_token }}\n{% endif %}",
        "{%- if message.tool_calls is defined %}{% for tc in message.tool_calls %}{{ tc.function.name }}({{ tc.function.arguments | tojson }}){% if not loop.last %}, {% endif %}{% endfor %}{% endif %}\n",
        "{% set ns.n = ns.n + 1 %}{{ loop.index }}:{{ message.role|capitalize }}: {{ message.content if message.content is string else message.content|map(attribute='text')|join(' ') }}\n",
    ])
    g.scopes.append({"message": "msg"})
    g.loop_depth += 1
    extra = g.body(2, r.randint(0, 2))
    g.loop_depth -= 1
    g.scopes.pop()
    tail = r.choice(["{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}",
                     "{%- if add_generation_prompt -%}\n  ASSISTANT:\n{%- endif %}\n", ""])
    return (bos_prefix(r) + "{% set ns = namespace(n=0, seen=false) %}" + head +
            "{% for message in messages %}" + loop_body + extra + "{% endfor %}\n" + tail + "{{ ns.n }}")


def whitespace_heavy(r):
    """Mostly text, spaces, tabs and newlines around simple tags with random -/+ markers:
    exercises trim_blocks, lstrip_blocks and whitespace control."""
    def mark():
        return r.choice(["", "", "-", "+"])

    def ws():
        return "".join(r.choice([" ", "  ", "\t", "\n", "\n", "x", "\n  ", " \n", "\r\n", "\u00a0", "\u3000"])
                       for _ in range(r.randint(0, 3)))

    def simple(depth):
        c = r.randint(0, 9 if depth < 2 else 5)
        if c <= 1:
            return ws()
        if c == 2:
            return "{{" + r.choice(["", "-"]) + " " + r.choice(["'a'", "1", "x", "loop.index", "' '", "'\\n'"]) + " " + r.choice(["", "-"]) + "}}"
        if c == 3:
            return "{#" + r.choice(["", "-"]) + " c " + r.choice(["", "-"]) + "#}"
        if c == 4:
            return "{%" + mark() + " set x = " + r.choice(["1", "'v'", "x ~ 'y'"]) + " " + mark() + "%}"
        if c == 5:
            return "{%" + mark() + " raw " + r.choice(["", "-"]) + "%}" + ws() + "{{ y }}" + ws() + "{%" + mark() + " endraw " + mark() + "%}"
        if c in (6, 7):
            return ("{%" + mark() + " if " + r.choice(["true", "false", "x"]) + " " + mark() + "%}" + body(depth + 1) +
                    ("{%" + mark() + " else " + mark() + "%}" + body(depth + 1) if r.random() < 0.5 else "") +
                    "{%" + mark() + " endif " + mark() + "%}")
        if c == 8:
            return ("{%" + mark() + " for i in " + r.choice(["[1, 2]", "[]", "'ab'"]) + " " + mark() + "%}" + body(depth + 1) +
                    "{%" + mark() + " endfor " + mark() + "%}")
        return ("{%" + mark() + " macro w() " + mark() + "%}" + body(depth + 1) + "{%" + mark() + " endmacro " + mark() + "%}" +
                ws() + "{{ w() }}")

    def body(depth):
        return "".join(ws() + simple(depth) for _ in range(r.randint(1, 4))) + ws()

    return body(0)


def scoping_and_values(r):
    """Snippets around jinja2's scoping (set in loops, ifs, macros, namespaces), macro calls
    and value conversions (int/float/round/tojson/% formatting) that the main grammar rarely
    combines."""
    v = lambda: r.choice(["1", "'a'", "[1, 2]", "none", "x ~ 'b'", "loop.index if loop is defined else 0",
                          "x is defined", "2.5", "{'k': x}"])
    snippets = [
        lambda: "{% set x = " + v() + " %}",
        lambda: "{% for i in " + r.choice(["[1, 2]", "[]", "range(3)", "messages"]) + " %}{% set x = " + v() + " %}{{ x }}{% endfor %}{{ x }}",
        lambda: "{% if " + r.choice(["true", "false", "x"]) + " %}{% set x = " + v() + " %}{% endif %}{{ x is defined }}{{ x }}",
        lambda: "{% set ns = namespace(c=0, x=none) %}{% for i in range(" + str(r.randint(0, 3)) + ") %}{% set ns.c = ns.c + i %}{% set ns.x = x %}{% endfor %}{{ ns.c }}{{ ns.x }}",
        lambda: "{% macro m(a, b=x) %}{{ a }}|{{ b }}|{{ x }}{% set x = 'inner' %}{{ x }}{% endmacro %}{{ m(" + r.choice(["1", "", "b=2, a=3", "1, 2"]) + ") }}{{ x }}",
        lambda: "{% macro m() %}{{ varargs|length }}{{ kwargs|dictsort }}{% endmacro %}{{ m(" + r.choice(["", "1, 2", "a=1", "1, z=2"]) + ") }}",
        lambda: "{% macro m(n) %}{% if n > 0 %}{{ n }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(" + str(r.randint(0, 4)) + ") }}",
        lambda: "{% macro m(t) %}[{{ caller(t) }}]{% endmacro %}{% call(y) m(" + v() + ") %}{{ y }}{{ x }}{% endcall %}",
        lambda: "{% with x = " + v() + ", y = 2 %}{{ x }}{{ y }}{% endwith %}{{ x }}{{ y is defined }}",
        lambda: "{% for i in [1, 2, 3] %}{{ loop.previtem }}{{ loop.nextitem }}{{ loop.cycle('a', 'b') }}{{ loop.changed(i // 2) }}{% endfor %}{{ i is defined }}",
        lambda: "{{ " + r.choice(["'42'", "' 42 '", "'4_2'", "'3.7'", "'0x1A'", "'-0'", "'1e3'", "'abc'", "3.99", "-3.99", "true", "none", "'+7'", "'١٢'"]) + "|int" + r.choice(["", "(-1)", "(0, 16)", "(base=8)", "(default=5, base=2)"]) + " }}",
        lambda: "{{ " + r.choice(["'1.5'", "' 2 '", "'nan'", "'inf'", "'-inf'", "'1e400'", "'1_000.5'", "'x'", "3", "none", "'1e-7'"]) + "|float" + r.choice(["", "(9.5)"]) + " }}",
        lambda: "{{ " + r.choice(["2.675", "2.5", "3.5", "-2.5", "1234.5678", "0.125", "1e16", "1.5e-7", "123456789012345678.0", "7", "-0.5"]) + "|round" + r.choice(["", "(2)", "(1, 'floor')", "(-1)", "(-2, 'ceil')", "(3, 'common')"]) + " }}",
        lambda: "{{ " + r.choice(["1e16", "1.5e-7", "0.1 + 0.2", "1/3", "2**0.5", "1e22", "-0.0", "100.0", "1e-5", "123456789.0 * 10"]) + " }}",
        lambda: "{{ " + r.choice(["{'a': 1, 'a': 2}", "{1: 'i', 1.0: 'f', true: 'b'}", "{'b': 1, 'a': 2}|dictsort", "{(1, 2): 'k'}",
                                  "{'x': [1, (2, 3)], 'y': {'z': none}}"]) + r.choice(["", "|tojson", "|tojson(indent=2)", "|list", "|length"]) + " }}",
        lambda: "{{ " + r.choice(["[1.0, 1e16, -0.0, 'é\\n\\u0001', none, true, (1, 2)]", "'\\ud83d'", "{'k': 'tab\\there'}", "[0.1, 1e-7, 123456789.123456789]"]) + "|tojson" + r.choice(["", "(indent=1)", "(ensure_ascii=true)", "(sort_keys=true, indent='--')"]) + " }}",
        lambda: "{{ '%(a)s-%(b)05.1f' % {'a': " + v() + ", 'b': 2.25} }}",
        lambda: "{{ '%s|%r|%d|%x' % (" + v() + ", 'q', 3.9, 255) }}",
        lambda: "{{ " + r.choice(["x", "'s'", "[1]", "{'a': 1}", "none"]) + " " + r.choice(["~", "+", "*", "in", "==", "<"]) + " " + r.choice(["x", "'s'", "[1]", "{'a': 1}", "none", "2"]) + " }}",
        lambda: r.choice(["\n", "  ", "text", "\n  "]),
        lambda: "{{ strftime_now(" + r.choice(["'%Y-%m-%d'", "'%d %B %Y'", "'%A %b %j'", "''"]) + ") }}",
    ]
    return "".join(r.choice(snippets)() for _ in range(r.randint(1, 5)))


def mutate(r, src):
    """One to three character edits: mostly syntax errors, which both engines must reject, and
    some odd but valid templates."""
    for _ in range(r.randint(1, 3)):
        if not src:
            break
        i = r.randrange(len(src))
        c = r.random()
        if c < 0.4:
            src = src[:i] + src[i + 1:]
        elif c < 0.7:
            src = src[:i] + r.choice("{}%#-+|()[]'\".,:=~ \n") + src[i:]
        else:
            src = src[:i] + src[i] + src[i:]
    return src


def semantics(r):
    """Undefined values, attribute-versus-item lookup, sandboxed methods, unpacking and tests:
    one expression or statement per snippet, most of them valid."""
    undef_ops = ["+ 1", "~ 'x'", "|length", "|default('d')", "is none", "== nope2", "|list", "|join", "|upper", "[0]",
                 ".attr", "()", "|int", "|tojson", "|string", "|trim", "|first", "|sort", "|items|list", "|dictsort",
                 "< 1", "|abs", "|float", "|count", "is defined", "is undefined", "is string", "is iterable",
                 "is sequence", "is mapping", "is callable", "|select|list", "|map('upper')|list", "|batch(2)|list",
                 "|unique|list", "|reverse", "|title", "|wordcount", "|replace('a', 'b')", "|indent", "|center(3)",
                 "|round", "|sum", "|min", "|tojson(indent=2)", "|e", "|striptags", "in [1]", "in 'abc'", "* 2",
                 "|bool" if False else "|lower"]
    receivers = ["{'items': 1, 'keys': 2, 'get': 3, 'x': 4}", "{'a': {'b': [1, {'c': 'd'}]}}", "messages", "'abc'",
                 "[1, 2, 3]", "(1, 2)", "range(4)", "none", "3", "namespace(a=1)", "{'0': 'z', 0: 'i'}"]
    accessors = [".items", "['items']", ".keys", "['keys']", ".get", "['get']", ".x", "['x']", ".a.b.1.c",
                 "['a']['b'][1]['c']", ".0", "[0]", ".0.role", "[-1]", ".length", ".upper", ".nope",
                 "['nope']", ".a", ".count", ".index(2)", ".count(1)", ".copy()", ".append(4)", ".pop()",
                 ".update({})", ".clear()", ".items()|list", ".get('x', 9)", ".get('nope')", ".values()|list",
                 ".split('b')", ".startswith('a')", ".keys()|list|length", ".__class__", "._private", ".mro"]
    snippets = [
        lambda: "{{ nope " + r.choice(undef_ops) + " }}",
        lambda: "{{ (" + r.choice(receivers) + ")" + r.choice(accessors) + " }}",
        lambda: "{% for a, b in " + r.choice(["[[1, 2], [3, 4]]", "messages", "{'ab': 1, 'cd': 2}", "['xy', 'zw']",
                                              "{'a': 1}.items()", "[(1, 2, 3)]", "'ab'", "[[1]]"]) + " %}{{ a }}{{ b }};{% endfor %}",
        lambda: "{% set a, b = " + r.choice(["1, 2", "(1, 2)", "[3, 4]", "'xy'", "1, 2, 3", "messages[:2]"]) + " %}{{ a }}{{ b }}",
        lambda: "{{ " + r.choice(["1", "0", "'a'", "none", "[]", "[1]", "2.0", "true", "nope"]) + " is " + r.choice(
            ["divisibleby 2", "divisibleby(0)", "sameas none", "sameas true", "in [1, 'a']", "escaped", "callable",
             "filter", "test", "eq 1", "ne 'a'", "lt 2", "ge 0", "odd", "even", "number", "integer", "float",
             "boolean", "true", "false", "lower", "upper", "string", "none", "defined"]) + " }}",
        lambda: "{{ " + r.choice(["'upper'", "'nope'", "'odd'"]) + " is " + r.choice(["filter", "test"]) + " }}",
        lambda: "{% for m in messages if m.role != 'system' %}{{ loop.index }}/{{ loop.length }}/{{ loop.revindex }}{{ loop.first }}{{ loop.last }} {% endfor %}",
        lambda: "{{ messages" + r.choice([".0.role", "[0].content", ".0['role']", "|map(attribute='0')|list", "|map(attribute='content.0.text')|list"]) + " }}",
        lambda: r.choice(["\n", " ", "-"]),
    ]
    return "".join(r.choice(snippets)() for _ in range(r.randint(1, 4)))


def bos_prefix(r):
    return r.choice(["{{ bos_token }}", "{{- bos_token -}}\n", "", "{{ bos_token }}\n"])


WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Get the weather \"now\" — in °C",
    "parameters": {"type": "object", "properties": {
        "city": {"type": "string", "description": "The city"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}}
TOOL_SETS = [[WEATHER_TOOL], [WEATHER_TOOL, {"type": "function", "function": {"name": "noop", "parameters": {}}}], [],
             [{"name": "bare", "description": None, "parameters": {"type": "object", "properties": {}}}]]

REAL_TEMPLATES = sorted((pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "templates").glob("*.jinja"))


MODES = ["all", "real", "chat", "whitespace", "scoping", "semantics", "grammar"]
MODE = "all"


def make_case(seed, n):
    r = random.Random(f"{seed}-{n}")
    c = r.random()
    if MODE != "all":  # one kind of template only (--mode)
        c = {"real": 0.0, "chat": 0.1, "whitespace": 0.3, "scoping": 0.4, "semantics": 0.6, "grammar": 0.9}[MODE]
    if REAL_TEMPLATES and (c < 0.12 if MODE == "all" else MODE == "real"):
        # A real model's template (tests/data/templates) over random messages.
        tools = ""
        if r.random() < 0.5:
            # The CLI passes no tools; a template can still see some through a set at its top.
            tools = "{%- set tools = " + json.dumps(r.choice(TOOL_SETS), ensure_ascii=False).replace("null", "none") + " %}"
        case = {"template": tools + r.choice(REAL_TEMPLATES).read_text(encoding="utf-8"),
                "messages": plausible_messages(r) if r.random() < 0.7 else rand_messages(r),
                "bos": "<s>", "eos": "</s>", "add_generation_prompt": r.random() < 0.5}
        return case
    c = r.random() if MODE == "all" else c
    if c < 0.2:
        src = chat_like(r)
    elif c < 0.35:
        src = whitespace_heavy(r)
    elif c < 0.5:
        src = scoping_and_values(r)
    elif c < 0.65:
        src = semantics(r)
    else:
        src = Gen(r).template()
    if r.random() < 0.12:
        src = mutate(r, src)
    if not src:
        src = "{{ '' }}"  # an empty template means the default (ChatML) template to moechat
    bos, eos = r.choice([("<s>", "</s>"), ("", ""), ("<|begin|>", "<|end|>"), ("[BOS]", "é")])
    return {"template": src, "messages": rand_messages(r), "bos": bos, "eos": eos,
            "add_generation_prompt": r.random() < 0.5}


# ---------------------------------------------------------------- minimisation

TOKEN = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\})", re.S)


def still_fails(case, cli, workdir, kind):
    ref = render_reference(case["template"], case["messages"], case["bos"], case["eos"], case["add_generation_prompt"])
    ours = render_ours(cli, case["template"], case["messages"], case["bos"], case["eos"], case["add_generation_prompt"], workdir)
    return verdict(ref, ours) == kind


def minimize(case, cli, workdir, kind, budget=300):
    """Greedy: drop template chunks (tags, outputs, text), then messages, while the same kind
    of mismatch remains."""
    case = dict(case)
    tries = 0
    changed = True
    while changed and tries < budget:
        changed = False
        parts = [p for p in TOKEN.split(case["template"]) if p]
        i = 0
        while i < len(parts) and tries < budget:
            cand = dict(case, template="".join(parts[:i] + parts[i + 1:]))
            tries += 1
            if cand["template"] and cand["template"] != case["template"] and still_fails(cand, cli, workdir, kind):
                case = cand
                parts = parts[:i] + parts[i + 1:]
                changed = True
            else:
                i += 1
        for j in range(len(case["messages"]) - 1, -1, -1):
            if tries >= budget:
                break
            cand = dict(case, messages=case["messages"][:j] + case["messages"][j + 1:])
            tries += 1
            if still_fails(cand, cli, workdir, kind):
                case = cand
                changed = True
    return case


# ---------------------------------------------------------------- driver

def run_one(cli, case, workdir):
    ref = render_reference(case["template"], case["messages"], case["bos"], case["eos"], case["add_generation_prompt"])
    return ref


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", required=True, help="path to moechat-cli")
    ap.add_argument("-n", type=int, default=1000, help="number of cases")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0, help="first case index")
    ap.add_argument("--jobs", type=int, default=2, help="CLI processes in parallel")
    ap.add_argument("--out", default="/tmp/jinja-differential")
    ap.add_argument("--no-minimize", action="store_true")
    ap.add_argument("--replay", help="rerun one saved case file")
    ap.add_argument("--show", action="store_true", help="print every template (debugging the generator)")
    ap.add_argument("--mode", choices=MODES, default="all", help="generate one kind of template only")
    ap.add_argument("--statements", type=int, default=6, help="most top-level statements per grammar template")
    args = ap.parse_args()
    global MAX_STATEMENTS, MODE
    MAX_STATEMENTS = max(1, args.statements)
    MODE = args.mode
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="jdiff-")

    if args.replay:
        case = json.loads(pathlib.Path(args.replay).read_text())
        case = case.get("minimized", case.get("case", case))
        ref = render_reference(case["template"], case["messages"], case["bos"], case["eos"], case["add_generation_prompt"])
        ours = render_ours(args.cli, case["template"], case["messages"], case["bos"], case["eos"], case["add_generation_prompt"], workdir)
        print("template:", json.dumps(case["template"], ensure_ascii=False))
        print("jinja2:  ", json.dumps(ref, ensure_ascii=False))
        print("ours:    ", json.dumps(ours, ensure_ascii=False))
        print("verdict: ", verdict(ref, ours) or "agree")
        return 0

    stats = {"cases": 0, "rendered": 0, "errors": 0, "skipped": 0, "mismatches": 0}
    kinds = {}
    batch = 64
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for start in range(args.start, args.start + args.n, batch):
            idx = list(range(start, min(start + batch, args.start + args.n)))
            cases = [make_case(args.seed, k) for k in idx]
            refs = [render_reference(c["template"], c["messages"], c["bos"], c["eos"], c["add_generation_prompt"]) for c in cases]
            futures = [pool.submit(render_ours, args.cli, c["template"], c["messages"], c["bos"], c["eos"],
                                   c["add_generation_prompt"], workdir) if "skip" not in ref else None
                       for c, ref in zip(cases, refs)]
            for k, c, ref, fut in zip(idx, cases, refs, futures):
                stats["cases"] += 1
                if args.show:
                    print(f"--- case {k}\n{c['template']}\n=> {json.dumps(ref, ensure_ascii=False)[:300]}")
                if "skip" in ref:
                    stats["skipped"] += 1
                    continue
                stats["errors" if "error" in ref else "rendered"] += 1
                ours = fut.result()
                v = verdict(ref, ours)
                if v is None:
                    continue
                limit = known_limit(ref, ours)
                if limit:
                    stats["known_limits"] = stats.get("known_limits", 0) + 1
                    kinds["known limit: " + limit] = kinds.get("known limit: " + limit, 0) + 1
                    continue
                stats["mismatches"] += 1
                kinds[v] = kinds.get(v, 0) + 1
                record = {"verdict": v, "case": c, "jinja2": ref, "ours": ours}
                if not args.no_minimize:
                    m = minimize(c, args.cli, workdir, v)
                    record["minimized"] = m
                    record["minimized_jinja2"] = render_reference(m["template"], m["messages"], m["bos"], m["eos"], m["add_generation_prompt"])
                    record["minimized_ours"] = render_ours(args.cli, m["template"], m["messages"], m["bos"], m["eos"], m["add_generation_prompt"], workdir)
                path = out_dir / f"case-{args.seed}-{k}.json"
                path.write_text(json.dumps(record, ensure_ascii=False, indent=1))
                shown = record.get("minimized", c)["template"]
                print(f"MISMATCH {k}: {v}: {json.dumps(shown, ensure_ascii=False)[:400]}  -> {path}", flush=True)
            print(f"... {stats}", file=sys.stderr, flush=True)
    print(json.dumps({"stats": stats, "mismatch_kinds": kinds}))
    os.rmdir(workdir)
    return 1 if stats["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
