#!/usr/bin/env python3
"""Seeded generator of well-typed, deterministic Swift programs over Crossbar's cell language.

    python3 generate.py --count 3 --seed 1          # prints three programs
    python3 generate.py --count 300 --seed 1 --out DIR   # writes DIR/gen-1-0000.swift …

`generate(n, seed)` returns [(name, source)]; program i depends only on (seed, i), so a shorter
run is a prefix of a longer one. Programs keep every Int small (each mutable Int has a bound that
every mutation keeps, by `%=` with a positive literal), never divide by zero, never print a
Dictionary, a Double of extreme size or an optional directly, and never print a struct nested in
another value (Swift qualifies those with the module name). Standard library only.
"""

import argparse
import os
import random
import sys

WORDS = ["ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "owl", "yak", "crab", "lynx", "mole",
         "newt", "puma", "seal", "wren", "zebra"]
DOUBLES = ["0.5", "1.25", "2.0", "3.5", "0.25", "1.5", "4.0", "10.0", "0.75", "2.5"]
RARE_DOUBLES = ["0.1", "0.2", "0.3", "1.1"]

LIMIT = 10 ** 6          # every Int expression stays below this in magnitude
PARAM = 1000             # Int parameters and struct Int fields stay below this
COUNTER = 100_000        # counters only ever grow by small steps
ARRAY_LEN = 5000         # no array grows past this
STRING_LEN = 10_000


class Var:
    def __init__(self, name, type, mutable=False, bound=0, minlen=0, struct=None):
        self.name = name
        self.type = type          # Int Double Bool String [Int] [String] [Double] S [S] [String: Int] [Int: Int]
        self.mutable = mutable
        self.bound = bound        # Int: |value| ≤ bound; [Int]: |element| ≤ bound; Double: |value| ≤ bound
        self.minlen = minlen      # arrays: at least this many elements at all times
        self.struct = struct      # StructDef for S and [S]
        self.counter = False      # an Int only ever incremented by small steps


class StructDef:
    def __init__(self, name):
        self.name = name
        self.fields = []          # (name, type, default-or-None, mutable)
        self.methods = []         # (kind, name, label) kinds: int, string, mutating-int, mutating-append
        self.computed = []        # (name, type, bound)
        self.custom_description = False


class FuncDef:
    def __init__(self, name, params, returns, bound=0, arg_mod=None):
        self.name = name
        self.params = params      # [(label or None, name, type, default-or-None)]
        self.returns = returns    # Int String Bool [Int] tuple (Int) -> Int
        self.bound = bound
        self.arg_mod = arg_mod    # Int arguments are reduced modulo this (recursion depth)


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.lines = []
        self.depth = 0            # indentation level
        self.scopes = [{}]
        self.serial = 0
        self.funcs = []
        self.structs = []
        self.loop_depth = 0
        self.in_func = False
        self.prints = 0

    # ----------------------------------------------------------------------------- basics

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def fresh(self, stem):
        self.serial += 1
        return f"{stem}{self.serial}"

    def emit(self, text):
        for line in text.split("\n"):
            self.lines.append(("    " * self.depth + line) if line else "")

    def push(self):
        self.scopes.append({})
        self.depth += 1

    def pop(self):
        self.scopes.pop()
        self.depth -= 1

    def declare(self, var):
        self.scopes[-1][var.name] = var
        return var

    def vars(self, type=None, mutable=None, pred=None):
        out = []
        for scope in self.scopes:
            for v in scope.values():
                if type is not None and v.type != type:
                    continue
                if mutable is not None and v.mutable != mutable:
                    continue
                if pred is not None and not pred(v):
                    continue
                out.append(v)
        return out

    def block(self, header, body, footer="}"):
        """`header {` … `}` with body() run in a new scope."""
        self.emit(header + " {")
        self.push()
        body()
        self.pop()
        self.emit(footer)

    # ----------------------------------------------------------------------------- Int

    def small(self, lo=0, hi=12):
        n = self.r.randint(lo, hi)
        return (f"({n})" if n < 0 else str(n)), abs(n)

    def int_leaf(self):
        options = [lambda: self.small()]
        ints = self.vars("Int")
        if ints:
            options += [lambda: self.int_var(self.pick(ints))] * 3
        arrays = self.vars("[Int]")
        if arrays:
            options.append(lambda: (f"{self.pick(arrays).name}.count", ARRAY_LEN))
        strings = self.vars("String")
        if strings:
            options.append(lambda: (f"{self.pick(strings).name}.count", STRING_LEN))
        structs = self.vars("S")
        if structs:
            def field():
                v = self.pick(structs)
                ints_ = [f for f in v.struct.fields if f[1] == "Int"]
                if not ints_:
                    return self.small()
                return f"{v.name}.{self.pick(ints_)[0]}", PARAM
            options.append(field)
        return self.pick(options)()

    def int_var(self, v):
        if v.bound > PARAM and self.chance(0.5):
            m = self.pick([7, 10, 100])
            return f"({v.name} % {m})", m - 1
        return v.name, v.bound

    def int_expr(self, depth=2, limit=LIMIT):
        code, bound = self._int_expr(depth, limit)
        if bound > limit:
            m = self.pick([10, 97, 100, 1000]) if limit >= 1000 else max(2, limit)
            code, bound = f"({code}) % {m}", m - 1
        return code, bound

    def _int_expr(self, depth, limit):
        if depth <= 0 or self.chance(0.3):
            return self.int_leaf()
        k = self.r.randint(0, 17)
        if k <= 3:
            (a, ba), (b, bb) = self.int_expr(depth - 1, limit), self.int_expr(depth - 1, limit)
            op = self.pick(["+", "-"])
            return f"{a} {op} {b}", ba + bb
        if k <= 5:
            (a, ba), (b, bb) = self.int_expr(depth - 1, 3000), self.int_expr(depth - 1, 300)
            if ba * bb <= limit:
                return f"{paren(a)} * {paren(b)}", ba * bb
            return f"{paren(a)} + {paren(b)}", ba + bb
        if k == 6:
            a, ba = self.int_expr(depth - 1, limit)
            return f"{paren(a)} / {self.r.randint(1, 9)}", ba
        if k == 7:
            a, ba = self.int_expr(depth - 1, limit)
            m = self.r.randint(2, 9)
            return f"{paren(a)} % {m}", min(ba, m - 1)
        if k == 8:
            (a, ba), (b, bb) = self.int_expr(depth - 1, limit), self.int_expr(depth - 1, limit)
            return f"{self.pick(['min', 'max'])}({a}, {b})", max(ba, bb)
        if k == 9:
            a, ba = self.int_expr(depth - 1, limit)
            return f"abs({a})", ba
        if k == 10:
            c = self.bool_expr(depth - 1)
            (a, ba), (b, bb) = self.int_expr(depth - 1, limit), self.int_expr(depth - 1, limit)
            return f"({c} ? {a} : {b})", max(ba, bb)
        if k == 11:
            call = self.call_int_func(depth - 1)
            if call:
                return call
        if k == 12:
            arrays = self.vars("[Int]")
            if arrays:
                v = self.pick(arrays)
                choice = self.r.randint(0, 5)
                if choice == 0 and ARRAY_LEN * v.bound <= limit:
                    return f"{v.name}.reduce(0, +)", ARRAY_LEN * v.bound
                if choice == 1:
                    return f"({v.name}.first ?? {self.small()[0]})", max(v.bound, 12)
                if choice == 2:
                    return f"({v.name}.{self.pick(['max', 'min'])}() ?? 0)", v.bound
                if choice == 3:
                    e, _ = self.int_expr(depth - 1, PARAM)
                    return f"({v.name}.firstIndex(of: {e}) ?? -1)", ARRAY_LEN
                if choice == 4 and v.minlen >= 1:
                    e, _ = self.int_expr(depth - 1, LIMIT)
                    return f"{v.name}[abs({e}) % {v.name}.count]", v.bound
                if choice == 5:
                    t, _ = self.small(0, 9)
                    return f"{v.name}.filter {{ $0 > {t} }}.count", ARRAY_LEN
        if k == 13:
            d, bd = self.double_expr(depth - 1)
            if bd <= LIMIT:
                return f"Int({d})", int(bd) + 1
        if k == 14:
            words = self.vars("[String]")
            if words:
                return f"{self.pick(words).name}.count", ARRAY_LEN
            w = self.pick(WORDS)
            return f'"{w}".count', len(w)
        if k == 15:
            dicts = self.vars("[String: Int]")
            if dicts:
                v = self.pick(dicts)
                return f'({v.name}["{self.pick(WORDS)}"] ?? 0)', v.bound
        if k == 16:
            n = self.r.randint(2, 6)
            c, _ = self.small(1, 5)
            return f"(1...{n}).reduce(0) {{ $0 + $1 * {c} }}", n * n * 5
        if k == 17:
            structs = self.vars("[S]")
            if structs:
                v = self.pick(structs)
                f = [f for f in v.struct.fields if f[1] == "Int"][0][0]
                return f"{v.name}.reduce(0) {{ $0 + $1.{f} }}", ARRAY_LEN * PARAM
        return self.int_leaf()

    def call_int_func(self, depth):
        funcs = [f for f in self.funcs if f.returns == "Int"]
        if not funcs:
            return None
        f = self.pick(funcs)
        return self.call(f, depth), f.bound

    def call(self, f, depth=1):
        args = []
        for label, name, type, default in f.params:
            if default is not None and self.chance(0.4):
                continue
            if type == "Int":
                if f.arg_mod:
                    e, _ = self.int_expr(depth, LIMIT)
                    value = f"abs({e}) % {f.arg_mod}"
                else:
                    value, _ = self.int_expr(depth, PARAM)
            elif type == "String":
                value = self.string_expr(depth)
            elif type == "[Int]":
                value, _, _ = self.int_array_expr(depth)
            elif type == "Bool":
                value = self.bool_expr(depth)
            elif type == "(Int) -> Int":
                value = self.int_closure()
            else:
                raise AssertionError(type)
            args.append(f"{label}: {value}" if label else value)
        return f"{f.name}({', '.join(args)})"

    def int_closure(self):
        """A closure (Int) -> Int whose result stays below PARAM."""
        k, _ = self.small(1, 9)
        c, _ = self.small(0, 20)
        m = self.pick([10, 100, 997, 1000])
        choice = self.r.randint(0, 3)
        if choice == 0:
            return f"{{ ($0 * {k} + {c}) % {m} }}"
        if choice == 1:
            x = self.fresh("x")
            return f"{{ {x} in ({x} + {c}) % {m} }}"
        if choice == 2:
            return f"{{ (x: Int) -> Int in abs(x - {c}) % {m} }}"
        return f"{{ $0 % 2 == 0 ? $0 / 2 : ($0 * 3 + 1) % {m} }}"

    # ----------------------------------------------------------------------------- Bool

    def bool_expr(self, depth=1):
        k = self.r.randint(0, 11)
        if k <= 3 or depth <= 0:
            (a, _), (b, _) = self.int_expr(max(0, depth - 1)), self.int_expr(max(0, depth - 1))
            return f"{a} {self.pick(['<', '<=', '==', '!=', '>', '>='])} {b}"
        if k == 4:
            bools = self.vars("Bool")
            if bools:
                v = self.pick(bools).name
                return v if self.chance(0.6) else f"!{v}"
        if k == 5:
            a, b = self.bool_expr(depth - 1), self.bool_expr(depth - 1)
            return f"({a} {self.pick(['&&', '||'])} {b})"
        if k == 6:
            arrays = self.vars("[Int]")
            if arrays:
                v = self.pick(arrays).name
                e, _ = self.int_expr(0)
                return self.pick([f"{v}.contains({e})", f"{v}.isEmpty", f"!{v}.isEmpty",
                                  f"{v}.allSatisfy {{ $0 >= {e} }}", f"{v}.contains(where: {{ $0 % 3 == 0 }})"])
        if k == 7:
            strings = self.vars("String")
            if strings:
                v = self.pick(strings).name
                w = self.pick(WORDS)
                return self.pick([f'{v}.hasPrefix("{w[:2]}")', f'{v}.contains("{w[1]}")', f'{v} == "{w}"',
                                  f'{v}.isEmpty', f'{v} < "{w}"', f'{v}.hasSuffix("{w[-1]}")'])
        if k == 8:
            d, _ = self.double_expr(0)
            if d[0].isdigit():  # two literals: `3.5 < 1.5` is ambiguous with Foundation imported
                d = f"Double({self.int_expr(0)[0]})"
            return f"{d} {self.pick(['<', '>', '>='])} {self.pick(DOUBLES)}"
        if k == 9:
            e, _ = self.int_expr(depth - 1)
            return f"{paren(e)} % 2 == 0"
        if k == 10:
            preds = [f for f in self.funcs if f.returns == "Bool"]
            if preds:
                return self.call(self.pick(preds), 0)
        if k == 11:
            lo, hi = self.r.randint(0, 5), self.r.randint(6, 12)
            e, _ = self.int_expr(0)
            return f"({lo}..<{hi}).contains({e})"
        return self.pick(["true", "false"])

    # ----------------------------------------------------------------------------- String

    def string_expr(self, depth=1):
        k = self.r.randint(0, 12)
        if k <= 1 or depth <= 0:
            strings = self.vars("String")
            if strings and self.chance(0.6):
                return self.pick(strings).name
            return f'"{self.pick(WORDS)}"'
        if k <= 3:
            parts = []
            for _ in range(self.r.randint(1, 3)):
                kind = self.r.randint(0, 3)
                if kind == 0:
                    parts.append(f"\\({self.int_expr(1)[0]})")
                elif kind == 1:
                    parts.append(f"\\({self.string_expr(0)})")
                elif kind == 2:
                    parts.append(f"\\({self.double_expr(0)[0]})")
                else:
                    parts.append(f"\\({self.bool_expr(0)})")
                parts.append(self.pick(["", " ", "-", ":", ", ", "/"]))
            return '"' + self.pick(["", "v=", "at ", "#"]) + "".join(parts).rstrip() + '"'
        if k == 4:
            return f"{self.string_expr(depth - 1)} + {self.string_expr(0)}"
        if k == 5:
            return f"{paren(self.string_expr(depth - 1))}.{self.pick(['uppercased()', 'lowercased()'])}"
        if k == 6:
            return f"String({self.int_expr(1)[0]})"
        if k == 7:
            return f"String({paren(self.string_expr(depth - 1))}.reversed())"
        if k == 8:
            arrays = self.vars("[Int]")
            if arrays:
                sep = self.pick(['","', '" "', '"-"', '""'])
                return f"{self.pick(arrays).name}.map {{ String($0) }}.joined(separator: {sep})"
        if k == 9:
            words = self.vars("[String]")
            if words:
                return f'{self.pick(words).name}.joined(separator: "{self.pick(["+", ", ", ""])}")'
        if k == 10:
            return f"({self.bool_expr(depth - 1)} ? {self.string_expr(0)} : {self.string_expr(0)})"
        if k == 11:
            return f'String(repeating: "{self.pick(WORDS)[:2]}", count: {self.r.randint(0, 3)})'
        if k == 12:
            s = self.string_expr(0)
            return self.pick([f"String({paren(s)}.prefix({self.r.randint(0, 3)}))",
                              f"String({paren(s)}.dropFirst())",
                              f'{paren(s)}.replacingOccurrences(of: "a", with: "4")'])
        return f'"{self.pick(WORDS)}"'

    # ----------------------------------------------------------------------------- Double

    def double_expr(self, depth=1):
        k = self.r.randint(0, 8)
        if k <= 1 or depth <= 0:
            doubles = self.vars("Double")
            if doubles and self.chance(0.6):
                v = self.pick(doubles)
                return v.name, v.bound
            lit = self.pick(RARE_DOUBLES) if self.chance(0.1) else self.pick(DOUBLES)
            return lit, float(lit)
        if k == 2:
            e, b = self.int_expr(0, PARAM)
            return f"Double({e})", b
        if k == 3:
            (a, ba), (b, bb) = self.double_expr(depth - 1), self.double_expr(depth - 1)
            return f"{a} {self.pick(['+', '-'])} {b}", ba + bb
        if k == 4:
            (a, ba), (b, bb) = self.double_expr(depth - 1), self.double_expr(0)
            if ba * bb < 1e6:
                return f"{paren(a)} * {paren(b)}", ba * bb
            return f"{paren(a)} + {paren(b)}", ba + bb
        if k == 5:
            a, ba = self.double_expr(depth - 1)
            return f"{paren(a)} / {self.pick(['2', '4', '2.0', '8', '0.5', '10'])}", ba * 2
        if k == 6:
            a, ba = self.double_expr(depth - 1)
            return f"{paren(a)}.rounded()", ba + 1
        if k == 7:
            (a, ba), (b, bb) = self.double_expr(depth - 1), self.double_expr(depth - 1)
            return f"{self.pick(['max', 'min'])}({a}, {b})", max(ba, bb)
        a, ba = self.double_expr(depth - 1)
        return f"abs({a})", ba

    # ----------------------------------------------------------------------------- arrays

    def int_array_expr(self, depth=1):
        """(code, element bound, minimum length)"""
        arrays = self.vars("[Int]")
        k = self.r.randint(0, 10)
        if k <= 2 or depth <= 0 or not arrays:
            if self.chance(0.3):
                n = self.r.randint(1, 7)
                if self.chance(0.5):
                    return f"Array(0..<{n})", n, n
                c, _ = self.small(1, 5)
                return f"(1...{n}).map {{ $0 * {c} }}", n * 5, n
            n = self.r.randint(1, 6)
            items = [self.small(-5, 20)[0] for _ in range(n)]
            return "[" + ", ".join(items) + "]", 20, n
        v = self.pick(arrays)
        if k == 3:
            c, _ = self.small(1, 4)
            d, _ = self.small(0, 9)
            return f"{v.name}.map {{ $0 * {c} + {d} }}", v.bound * 4 + 9, v.minlen
        if k == 4:
            m = self.r.randint(2, 4)
            return f"{v.name}.filter {{ $0 % {m} {self.pick(['==', '!='])} 0 }}", v.bound, 0
        if k == 5:
            return self.pick([f"{v.name}.sorted()", f"{v.name}.sorted(by: >)", f"Array({v.name}.reversed())",
                              f"{v.name}.sorted {{ $0 % 5 < $1 % 5 }}"]), v.bound, v.minlen
        if k == 6:
            w = self.pick(arrays)
            return f"{v.name} + {w.name}", max(v.bound, w.bound), v.minlen + w.minlen
        if k == 7:
            n = self.r.randint(0, 3)
            return self.pick([f"Array({v.name}.prefix({n}))", f"Array({v.name}.suffix({n}))"]), v.bound, 0
        if k == 8:
            t, _ = self.small(0, 9)
            return f"{v.name}.compactMap {{ $0 > {t} ? $0 - {t} : nil }}", v.bound + 9, 0
        if k == 9:
            words = self.vars("[String]")
            if words:
                w = self.pick(words)
                return f"{w.name}.map {{ $0.count }}", STRING_LEN, w.minlen
        if k == 10:
            return f"{v.name}.enumerated().map {{ $0.offset * 10 + $0.element % 10 }}", ARRAY_LEN * 10 + 10, v.minlen
        return f"{v.name}.map {{ abs($0) % 10 }}", 9, v.minlen

    def string_array_expr(self):
        words = self.vars("[String]")
        k = self.r.randint(0, 5)
        if k <= 1 or not words:
            n = self.r.randint(1, 5)
            return "[" + ", ".join(f'"{w}"' for w in self.r.sample(WORDS, n)) + "]", n
        v = self.pick(words)
        if k == 2:
            return f"{v.name}.map {{ $0.uppercased() }}", v.minlen
        if k == 3:
            return f"{v.name}.filter {{ $0.count > {self.r.randint(2, 4)} }}", 0
        if k == 4:
            return self.pick([f"{v.name}.sorted()", f"{v.name}.sorted {{ $0.count < $1.count }}",
                              f"{v.name}.sorted(by: >)"]), v.minlen
        return f'"{" ".join(self.r.sample(WORDS, 3))}".split(separator: " ").map {{ String($0) }}', 3

    # ----------------------------------------------------------------------------- output

    def print_stmt(self):
        self.prints += 1
        options = []
        ints = self.vars("Int")
        if ints:
            vs = self.r.sample(ints, min(len(ints), self.r.randint(1, 3)))
            label = self.fresh("p")
            options.append(lambda: f'print("{label}", {", ".join(v.name for v in vs)})')
        arrays = self.vars("[Int]") + self.vars("[String]") + self.vars("[Double]")
        if arrays:
            options.append(lambda: f"print({self.pick(arrays).name})")
        strings = self.vars("String")
        if strings:
            options.append(lambda: f"print({self.pick(strings).name})")
        structs = self.vars("S")
        if structs:
            options.append(lambda: f"print({self.pick(structs).name})")
        options.append(lambda: f'print("\\({self.int_expr(1)[0]}) \\({self.string_expr(1)})")')
        options.append(lambda: f"print({self.int_expr(2)[0]}, {self.bool_expr(1)})")
        options.append(lambda: f"print({self.double_expr(1)[0]})")
        self.emit(self.pick(options)())

    # ----------------------------------------------------------------------------- mutations

    def mutate_int(self, v):
        """A statement (or two) that changes v and keeps |v| ≤ v.bound."""
        if v.counter:
            self.emit(f"{v.name} += {self.r.randint(1, 3)}")
            return
        m = v.bound
        k = self.r.randint(0, 6)
        e, _ = self.int_expr(1, PARAM)
        if k <= 1:
            self.emit(f"{v.name} += {e}\n{v.name} %= {m}")
        elif k == 2:
            self.emit(f"{v.name} -= {e}\n{v.name} %= {m}")
        elif k == 3:
            self.emit(f"{v.name} *= {self.r.randint(2, 5)}\n{v.name} %= {m}")
        elif k == 4:
            self.emit(f"{v.name} = ({v.name} + {paren(e)}) % {m}")
        elif k == 5:
            self.emit(f"{v.name} = max({v.name}, {e} % {m})")
        else:
            self.emit(f"{v.name} = {v.name} / 2 + {paren(e)} % {max(2, m // 2)}")

    def mutate_something(self):
        targets = []
        for v in self.vars(mutable=True):
            if v.type == "Int":
                targets.append(lambda v=v: self.mutate_int(v))
            elif v.type == "[Int]":
                targets.append(lambda v=v: self.mutate_int_array(v))
            elif v.type == "String":
                targets.append(lambda v=v: self.emit(
                    f"if {v.name}.count < 30 {{\n    {v.name} += {self.string_expr(0)}\n}}"))
            elif v.type == "Double":
                targets.append(lambda v=v: self.emit(f"{v.name} += {self.pick(DOUBLES)}"))
                v.bound += 10 * COUNTER
            elif v.type == "[String: Int]":
                targets.append(lambda v=v: self.emit(f'{v.name}["{self.pick(WORDS)}", default: 0] += 1'))
            elif v.type == "S":
                targets.append(lambda v=v: self.mutate_struct(v.name, v.struct))
            elif v.type == "[S]" and v.minlen >= 1:
                targets.append(lambda v=v: self.mutate_struct(
                    f"{v.name}[{self.r.randint(0, v.minlen - 1)}]", v.struct))
        if not targets:
            return False
        self.pick(targets)()
        return True

    def mutate_int_array(self, v):
        k = self.r.randint(0, 5)
        e, _ = self.int_expr(1, v.bound)
        if k <= 1 or v.minlen == 0:
            self.emit(f"if {v.name}.count < 50 {{\n    {v.name}.append({e})\n}}")
        elif k == 2:
            i = self.r.randint(0, v.minlen - 1)
            self.emit(f"{v.name}[{i}] += {e}\n{v.name}[{i}] %= {max(2, v.bound)}")
        elif k == 3:
            self.emit(f"{v.name}.{self.pick(['sort()', 'reverse()', 'sort(by: >)'])}")
        elif k == 4:
            self.emit(f"{v.name}.swapAt(0, {v.name}.count - 1)")
        else:
            self.emit(f"{v.name}.insert({e}, at: 0)\n{v.name}.removeLast()")

    def mutate_struct(self, place, sd):
        muts = [m for m in sd.methods if m[0].startswith("mutating")]
        ints = [f for f in sd.fields if f[1] == "Int" and f[3]]
        if muts and self.chance(0.6):
            kind, name, label = self.pick(muts)
            if kind == "mutating-noarg":
                self.emit(f"{place}.{name}()")
                return
            e, _ = self.int_expr(1, PARAM)
            arg = f"{label}: {e}" if label else e
            self.emit(f"{place}.{name}({arg})")
        elif ints:
            f = self.pick(ints)[0]
            e, _ = self.int_expr(1, PARAM)
            self.emit(f"{place}.{f} += {e}\n{place}.{f} %= {PARAM}")
        else:
            self.emit(f"_ = {place}")

    # ----------------------------------------------------------------------------- statements

    def declare_var(self):
        k = self.r.randint(0, 7)
        mutable = self.chance(0.6)
        kw = "var" if mutable else "let"
        if k <= 2:
            name = self.fresh(self.pick(["n", "total", "count", "acc", "k"]))
            e, b = self.int_expr(2, PARAM if mutable else LIMIT)
            v = Var(name, "Int", mutable, bound=self.pick([97, 100, 1000, 1009]) if mutable else b)
            if mutable:
                v.bound = max(v.bound, b)
            self.emit(f"{kw} {name} = {e}")
            return self.declare(v)
        if k == 3:
            name = self.fresh(self.pick(["xs", "values", "nums"]))
            e, b, n = self.int_array_expr(1)
            if mutable:
                self.emit(f"{kw} {name}: [Int] = {e}")
                return self.declare(Var(name, "[Int]", True, bound=max(b, 1000), minlen=n))
            self.emit(f"{kw} {name} = {e}")
            return self.declare(Var(name, "[Int]", False, bound=b, minlen=n))
        if k == 4:
            name = self.fresh(self.pick(["name", "label", "word", "s"]))
            self.emit(f"{kw} {name} = {self.string_expr(1)}")
            return self.declare(Var(name, "String", mutable))
        if k == 5:
            name = self.fresh(self.pick(["words", "names"]))
            e, n = self.string_array_expr()
            self.emit(f"{kw} {name}: [String] = {e}")
            return self.declare(Var(name, "[String]", mutable, minlen=n))
        if k == 6:
            name = self.fresh(self.pick(["x", "scale", "d"]))
            e, b = self.double_expr(1)
            self.emit(f"{kw} {name}: Double = {e}")
            return self.declare(Var(name, "Double", mutable, bound=b))
        name = self.fresh(self.pick(["flag", "ok", "done"]))
        self.emit(f"{kw} {name} = {self.bool_expr(1)}")
        return self.declare(Var(name, "Bool", mutable))

    def simple_stmt(self):
        """One statement that fits in any body."""
        k = self.r.randint(0, 9)
        if k <= 3 and self.mutate_something():
            return
        if k <= 5:
            self.print_stmt()
            return
        if k == 6 and self.depth < 4:
            self.if_stmt()
            return
        if k == 7:
            bools = self.vars("Bool", mutable=True)
            if bools:
                v = self.pick(bools)
                e = self.pick([f'!{v.name}', self.bool_expr(1)])
                self.emit(f"{v.name} = {e if e != v.name else '!' + e}")
                return
        self.declare_var()

    def body(self, n=None):
        for _ in range(n if n is not None else self.r.randint(1, 3)):
            self.simple_stmt()

    def if_stmt(self):
        cond = self.bool_expr(1)
        if self.chance(0.3):
            v = self.pick(self.vars("Int") or [None])
            if v is not None:
                cond = f"{v.name} {self.pick(['>', '<', '=='])} {self.small()[0]}"
        self.emit(f"if {cond} {{")
        self.push(); self.body(self.r.randint(1, 2)); self.pop()
        if self.chance(0.3):
            self.emit(f"}} else if {self.bool_expr(1)} {{")
            self.push(); self.body(1); self.pop()
        if self.chance(0.5):
            self.emit("} else {")
            self.push(); self.body(1); self.pop()
        self.emit("}")

    def loop_control(self, loop_var):
        """Maybe a continue/break inside a loop body."""
        if self.chance(0.3):
            m = self.r.randint(2, 4)
            self.emit(f"if {loop_var} % {m} == {self.r.randint(0, m - 1)} {{\n    {self.pick(['continue', 'break'])}\n}}")

    def for_loop(self):
        i = self.fresh("i")
        k = self.r.randint(0, 6)
        bound = 20
        if k <= 1:
            hi = self.r.randint(1, 8)
            header = f"for {i} in {self.pick(['0', '1'])}{self.pick(['..<', '...'])}{hi}"
        elif k == 2:
            hi = self.r.randint(3, 10)
            header = f"for {i} in stride(from: {hi}, {self.pick(['to', 'through'])}: 0, by: -{self.r.randint(1, 3)})"
        elif k == 3:
            header = f"for {i} in (0..<{self.r.randint(2, 9)}).reversed()"
        elif k == 4:
            header = f"for {i} in 0..<{self.r.randint(3, 9)} where {i} % {self.r.randint(2, 3)} != 0"
        else:
            arrays = self.vars("[Int]")
            if arrays:
                v = self.pick(arrays)
                bound = v.bound
                # A mutable array: iterate over (a copy of) its first elements; the body may change it.
                header = f"for {i} in {v.name}.prefix(8)" if v.mutable else f"for {i} in {v.name}"
            else:
                header = f"for {i} in [{', '.join(self.small()[0] for _ in range(3))}]"
        self.emit(header + " {")
        self.push()
        self.declare(Var(i, "Int", False, bound=bound))
        self.loop_depth += 1
        self.loop_control(i)
        self.body(self.r.randint(1, 3))
        self.loop_depth -= 1
        self.pop()
        self.emit("}")

    def while_loop(self):
        c = self.fresh("step")
        n = self.r.randint(1, 8)
        repeat = self.chance(0.5)
        if repeat:
            self.emit(f"var {c} = {n}")
            self.emit("repeat {")
        else:
            self.emit(f"var {c} = 0")
            self.emit(f"while {c} < {n} {{")
        self.push()
        self.declare(Var(c, "Int", False, bound=n))  # read-only to the body
        self.loop_depth += 1
        self.body(self.r.randint(1, 2))
        self.loop_depth -= 1
        if repeat:
            self.emit(f"{c} -= {self.r.randint(1, 2)}")
            self.pop()
            self.emit(f"}} while {c} > 0")
        else:
            self.emit(f"{c} += 1")
            self.pop()
            self.emit("}")
        self.declare(Var(c, "Int", False, bound=n))

    def switch_stmt(self):
        e, _ = self.int_expr(1)
        k = self.r.randint(0, 2)
        if k == 0:
            m = self.r.randint(3, 7)
            self.emit(f"switch {paren(e)} % {m} {{")
            vals = list(range(-m + 1, m))
            self.r.shuffle(vals)
            used = vals[: self.r.randint(1, 3)]
            for val in used:
                self.emit(f"case {val}:")
                self.push(); self.depth -= 0; self.body(1); self.pop()
            if self.chance(0.5):
                x = self.fresh("x")
                self.emit(f"case let {x} where {x} > {self.r.randint(0, 3)}:")
                self.push(); self.declare(Var(x, "Int", False, bound=m)); self.emit(f'print("big", {x})'); self.pop()
            self.emit("default:")
            self.push(); self.body(1); self.pop()
            self.emit("}")
        elif k == 1:
            a, b = self.r.randint(0, 4), self.r.randint(5, 20)
            self.emit(f"switch {e} {{")
            neg = self.fresh("v")
            self.emit(f"case let {neg} where {neg} < 0:")
            self.push(); self.emit(f'print("negative", {neg})'); self.pop()
            self.emit(f"case {a}...{b}:")
            self.push(); self.body(1); self.pop()
            self.emit(f"case {b + 1}, {b + 2}, {b + 3}:")
            self.push(); self.emit(f'print("just above")'); self.pop()
            self.emit("default:")
            self.push(); self.emit(f'print("other", {self.string_expr(0)})'); self.pop()
            self.emit("}")
        else:
            (f, _), (g, _) = self.int_expr(1), self.int_expr(1)
            y = self.fresh("y")
            self.emit(f"switch ({paren(f)} % 2, {paren(g)} % 3) {{")
            self.emit("case (0, 0):")
            self.push(); self.emit('print("both")'); self.pop()
            self.emit(f"case (0, let {y}):")
            self.push(); self.declare(Var(y, "Int", False, bound=2)); self.emit(f'print("even", {y})'); self.pop()
            self.emit(f"case (_, 1), (_, -1):")
            self.push(); self.body(1); self.pop()
            self.emit("default:")
            self.push(); self.emit('print("neither")'); self.pop()
            self.emit("}")

    # ----------------------------------------------------------------------------- feature blocks

    def block_accumulate(self):
        acc = self.declare(Var(self.fresh("sum"), "Int", True, bound=self.pick([100, 1000, 10007])))
        self.emit(f"var {acc.name} = 0")
        self.for_loop_with(lambda i: (self.emit(f"{acc.name} += {self.int_with(i)}\n{acc.name} %= {acc.bound}")
                                      if self.chance(0.7) else self.if_on(i, acc)))
        self.emit(f'print("{acc.name} =", {acc.name})')

    def int_with(self, i):
        e, _ = self.int_expr(1, PARAM)
        return self.pick([f"{i} * {self.r.randint(1, 9)}", f"{i} + {paren(e)}", f"{i} % 3", e])

    def if_on(self, i, acc):
        self.emit(f"if {i} % 2 == 0 {{\n    {acc.name} += {i}\n}} else {{\n    {acc.name} -= 1\n}}")

    def for_loop_with(self, inner):
        i = self.fresh("i")
        n = self.r.randint(2, 9)
        self.emit(f"for {i} in 0..<{n} {{")
        self.push()
        self.declare(Var(i, "Int", False, bound=n))
        self.loop_control(i)
        inner(i)
        if self.chance(0.4):
            self.simple_stmt()
        self.pop()
        self.emit("}")

    def block_closures_in_loop(self):
        fs = self.fresh("fs")
        k = self.fresh("k")
        n = self.r.randint(2, 6)
        kind = self.r.randint(0, 4)
        if kind == 0:
            self.emit(f"var {fs}: [(Int) -> Int] = []")
            self.emit(f"for {k} in 0..<{n} {{")
            self.emit(f"    {fs}.append({{ x in x * {k} + {self.r.randint(0, 5)} }})")
            self.emit("}")
            self.emit(f"print({fs}.map {{ $0({self.r.randint(1, 10)}) }})")
        elif kind == 1:
            self.emit(f"var {fs}: [() -> Int] = []")
            self.emit(f"for {k} in 1...{n} {{")
            m = self.fresh("m")
            self.emit(f"    let {m} = {k} * {k}")
            self.emit(f"    {fs}.append {{ {m} + {k} }}")
            self.emit("}")
            self.emit(f"print({fs}.map {{ $0() }})")
        elif kind == 2:
            words = self.vars("[String]")
            src = words[0].name if words else "[" + ", ".join(f'"{w}"' for w in self.r.sample(WORDS, 3)) + "]"
            self.emit(f"var {fs}: [() -> String] = []")
            self.emit(f"for {k} in {src} {{")
            self.emit(f'    {fs}.append({{ {k}.uppercased() + "!" }})')
            self.emit("}")
            self.emit(f'print({fs}.map {{ $0() }}.joined(separator: " "))')
        elif kind == 3:
            # A while loop's counter is one variable: every closure sees its final value in Swift too.
            self.emit(f"var {fs}: [() -> Int] = []")
            self.emit(f"var {k} = 0")
            self.emit(f"while {k} < {n} {{")
            self.emit(f"    {fs}.append {{ {k} * 10 }}")
            self.emit(f"    {k} += 1")
            self.emit("}")
            self.emit(f"print({fs}.map {{ $0() }})")
            self.declare(Var(k, "Int", False, bound=n))
        else:
            self.emit(f"var {fs}: [(Int) -> Int] = []")
            self.emit(f"for ({k}, w) in {['[3, 1, 4]', '[2, 7]', '[5, 0, 5, 1]'][self.r.randint(0, 2)]}.enumerated() {{")
            self.emit(f"    {fs}.append {{ $0 + {k} * w }}")
            self.emit("}")
            self.emit(f"print({fs}.map {{ $0(100) }}, {fs}.count)")

    def block_counter(self):
        c = self.fresh("clicks")
        f = self.fresh("tap")
        self.emit(f"var {c} = 0")
        if self.chance(0.5):
            self.emit(f"let {f} = {{ {c} += 1 }}")
            calls = self.r.randint(1, 4)
            for _ in range(calls):
                self.emit(f"{f}()")
        else:
            self.emit(f"let {f}: (Int) -> Void = {{ {c} += $0 }}")
            for _ in range(self.r.randint(1, 3)):
                self.emit(f"{f}({self.r.randint(1, 9)})")
        self.emit(f'print("{c}", {c})')
        v = self.declare(Var(c, "Int", True, bound=COUNTER))
        v.counter = True

    def block_reduce_into(self):
        """reduce(into:) with a dictionary and an array accumulator (the accumulator is inout)."""
        words = self.vars("[String]")
        src = self.pick(words).name if words else "[" + ", ".join(f'"{self.pick(WORDS[:6])}"' for _ in range(6)) + "]"
        d = self.fresh("tally")
        self.emit(f"let {d} = {src}.reduce(into: [String: Int]()) {{ $0[$1, default: 0] += 1 }}")
        self.emit(f'print({d}.keys.sorted().map {{ "\\($0)=\\({d}[$0] ?? 0)" }})')
        acc, x = self.fresh("acc"), self.fresh("x")
        n, k, m = self.r.randint(3, 12), self.r.randint(2, 4), self.r.randint(1, 9)
        a = self.fresh("picked")
        if self.chance(0.5):
            self.emit(f"let {a} = (0..<{n}).reduce(into: [Int]()) {{ {acc}, {x} in")
            self.emit(f"    if {x} % {k} == 0 {{ {acc}.append({x} * {m}) }}")
            self.emit("}")
        else:
            self.emit(f"let {a} = (1...{n}).reduce(into: [Int]()) {{ $0.append($1 % {k} + {m}) }}")
        self.emit(f"print({a}, {a}.count)")

    def block_dictionary(self):
        d = self.fresh("counts")
        words = self.vars("[String]")
        src = self.pick(words).name if words else "[" + ", ".join(f'"{self.pick(WORDS[:6])}"' for _ in range(6)) + "]"
        w = self.fresh("w")
        self.emit(f"var {d}: [String: Int] = [:]")
        self.emit(f"for {w} in {src} {{")
        self.emit(f"    {d}[{w}, default: 0] += {self.pick(['1', f'{w}.count'])}")
        self.emit("}")
        v = self.declare(Var(d, "[String: Int]", True, bound=COUNTER))
        for _ in range(self.r.randint(1, 3)):
            k = self.r.randint(0, 6)
            if k == 0:
                self.emit(f"print({d}.keys.sorted())")
            elif k == 1:
                self.emit(f'print({d}.sorted {{ $0.key < $1.key }}.map {{ "\\($0.key)=\\($0.value)" }})')
            elif k == 2:
                self.emit(f'print({d}["{self.pick(WORDS[:6])}"] ?? 0, {d}.count, {d}.values.reduce(0, +))')
            elif k == 3:
                key, val = self.fresh("key"), self.fresh("val")
                self.emit(f"for ({key}, {val}) in {d}.sorted(by: {{ $0.key < $1.key }}) {{")
                self.emit(f"    print({key}, {val})")
                self.emit("}")
            elif k == 4:
                self.emit(f'{d}["{self.pick(WORDS)}"] = {self.r.randint(0, 9)}')
                self.emit(f'{d}.removeValue(forKey: "{self.pick(WORDS[:6])}")')
                self.emit(f"print({d}.keys.sorted(), {d}.isEmpty)")
            elif k == 5:
                self.emit(f"print({d}.mapValues {{ $0 * 10 }}.sorted {{ $0.key < $1.key }}.map {{ $0.value }})")
            else:
                self.emit(f"print({d}.filter {{ $0.value > 1 }}.keys.sorted())")
        if self.chance(0.5):
            m = self.fresh("byMod")
            arrays = self.vars("[Int]")
            src2 = self.pick(arrays).name if arrays else "[4, 8, 15, 16, 23, 42]"
            x = self.fresh("x")
            self.emit(f"var {m}: [Int: [Int]] = [:]")
            self.emit(f"for {x} in {src2} {{")
            self.emit(f"    {m}[abs({x}) % 3, default: []].append({x})")
            self.emit("}")
            self.emit(f'print({m}.keys.sorted().map {{ "\\($0): \\({m}[$0]!)" }})')
        return v

    def block_tuples(self):
        k = self.r.randint(0, 2)
        if k == 0:
            q, r_ = self.fresh("q"), self.fresh("r")
            e, b = self.int_expr(1, PARAM)
            d = self.r.randint(2, 9)
            self.emit(f"let ({q}, {r_}) = ({paren(e)} / {d}, {paren(e)} % {d})")
            self.declare(Var(q, "Int", False, bound=b))
            self.declare(Var(r_, "Int", False, bound=d))
            self.emit(f"print({q}, {r_})")
        elif k == 1:
            t = self.fresh("pair")
            self.emit(f"let {t} = (name: {self.string_expr(0)}, score: {self.int_expr(1)[0]})")
            self.emit(self.pick([f"print({t})", f"print({t}.name, {t}.score)", f"print({t}.0, {t}.1)"]))
        else:
            ps = self.fresh("pairs")
            n = self.r.randint(2, 4)
            items = ", ".join(f'("{w}", {self.r.randint(0, 9)})' for w in self.r.sample(WORDS, n))
            self.emit(f"let {ps} = [{items}]")
            self.emit(self.pick([f"print({ps}.sorted {{ $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }}.map {{ $0.0 }})",
                                 f"print({ps}.map {{ $0.1 }}.reduce(0, +))",
                                 f"for (w, n) in {ps} where n > 2 {{\n    print(w, n)\n}}"]))
            if self.chance(0.5):
                a = self.fresh("ys")
                self.emit(f"let {a} = zip({ps}.map {{ $0.1 }}, 1...{n}).map {{ $0 * $1 }}")
                self.emit(f"print({a})")

    def block_optionals(self):
        raw = self.fresh("raw")
        vals = [self.pick(["12", "x", "7", "-3", "", "4.5", "40", "zz", "0"]) for _ in range(self.r.randint(2, 5))]
        self.emit(f"let {raw} = [{', '.join(repr_swift(v) for v in vals)}]")
        k = self.r.randint(0, 3)
        good, bad = self.fresh("good"), self.fresh("bad")
        if k <= 1:
            s = self.fresh("s")
            n = self.fresh("n")
            self.emit(f"var {good} = 0")
            self.emit(f"var {bad} = 0")
            self.emit(f"for {s} in {raw} {{")
            if k == 0:
                self.emit(f"    if let {n} = Int({s}) {{\n        {good} += {n}\n    }} else {{\n        {bad} += 1\n    }}")
            else:
                self.emit(f"    guard let {n} = Int({s}) else {{\n        {bad} += 1\n        continue\n    }}")
                self.emit(f"    {good} += {n}")
            self.emit("}")
            self.emit(f'print("parsed", {good}, "rejected", {bad})')
        elif k == 2:
            self.emit(f"print({raw}.compactMap {{ Int($0) }}, {raw}.map {{ Int($0) ?? -1 }})")
        else:
            self.emit(f'print({raw}.first(where: {{ Int($0) != nil }}) ?? "none", {raw}.last?.count ?? 0)')
        arrays = self.vars("[Int]")
        if arrays and self.chance(0.6):
            v = self.pick(arrays).name
            t = self.r.randint(0, 12)
            found = self.fresh("found")
            self.emit(f"let {found} = {v}.first(where: {{ $0 > {t} }})")
            self.emit(self.pick([f'if let {found} {{\n    print("found", {found})\n}} else {{\n    print("none above {t}")\n}}',
                                 f"print({found} ?? -1, {found} == nil)",
                                 f"print(({found} ?? 0) * 2)"]))
        words = self.vars("[String]")
        if words and self.chance(0.5):
            v = self.pick(words).name
            self.emit(f'print({v}.first?.uppercased() ?? "empty", {v}.last?.count ?? 0)')

    def block_strings(self):
        line = self.fresh("line")
        n = self.r.randint(2, 6)
        i = self.fresh("i")
        self.emit(f'var {line} = ""')
        self.emit(f"for {i} in 0..<{n} {{")
        self.emit(f'    {line} += "\\({i}{self.pick(["", " * 2", " % 3"])})"')
        self.emit(f'    if {i} < {n - 1} {{\n        {line} += "{self.pick([",", "-", " "])}"\n    }}')
        self.emit("}")
        self.emit(f"print({line}, {line}.count)")
        v = self.declare(Var(line, "String", True))
        if self.chance(0.5):
            parts = self.fresh("parts")
            self.emit(f'let {parts} = "{" ".join(self.r.sample(WORDS, 4))}".split(separator: " ")')
            self.emit(self.pick([f'print({parts}.map {{ $0.uppercased() }}.joined(separator: "_"))',
                                 f"print({parts}.count, {parts}.map {{ $0.count }})",
                                 f'print({parts}.filter {{ $0.contains("e") }}.joined(separator: ","))',
                                 f'print({parts}.sorted().map {{ String($0.prefix(2)) }})']))
        if self.chance(0.5):
            c = self.fresh("c")
            self.emit(f'for {c} in "{self.pick(WORDS)}" {{\n    print({c}, terminator: ".")\n}}\nprint()')
        if self.chance(0.4):
            self.emit(f'print("{self.pick(WORDS)}".count + {line}.count, {line}.isEmpty, {line}.hasPrefix("0"))')
        return v

    def block_higher_order(self):
        arrays = self.vars("[Int]")
        if not arrays:
            self.declare_var()
            arrays = self.vars("[Int]")
            if not arrays:
                name = self.fresh("xs")
                self.emit(f"let {name} = [{', '.join(self.small()[0] for _ in range(5))}]")
                arrays = [self.declare(Var(name, "[Int]", False, bound=12, minlen=5))]
        v = self.pick(arrays)
        r = self.fresh("result")
        m = self.r.randint(2, 4)
        k = self.r.randint(0, 4)
        if k == 0:
            self.emit(f"let {r} = {v.name}.filter {{ $0 % {m} == {self.r.randint(0, m - 1)} }}.map {{ $0 % 100 * 2 }}.reduce(0, +)")
            self.declare(Var(r, "Int", False, bound=ARRAY_LEN * 200))
        elif k == 1:
            self.emit(f"let {r} = {v.name}.map {{ x in x % 10 }}.sorted(by: >)")
            self.declare(Var(r, "[Int]", False, bound=9, minlen=v.minlen))
        elif k == 2:
            self.emit(f"let {r} = {v.name}.reduce(0) {{ ($0 + $1) % 1000 }}")
            self.declare(Var(r, "Int", False, bound=1000))
        elif k == 3:
            c = self.r.randint(1, 5)
            self.emit(f"let {r} = {v.name}.map {{ String($0 % 10 + {c}) }}.joined()")
            self.declare(Var(r, "String", False))
        else:
            self.emit(f"let {r} = {v.name}.enumerated().filter {{ $0.offset % 2 == 0 }}.map {{ $0.element }}")
            self.declare(Var(r, "[Int]", False, bound=v.bound))
        self.emit(f"print({r})")
        funcs = [f for f in self.funcs if f.returns == "Bool" and len(f.params) == 1]
        if funcs and self.chance(0.5):
            self.emit(f"print({v.name}.filter({funcs[0].name}).count, {v.name}.filter {{ !{funcs[0].name}($0) }})")
        mappers = [f for f in self.funcs if f.returns == "Int" and len(f.params) == 1 and f.params[0][2] == "Int"
                   and f.params[0][0] is None and not f.arg_mod]
        if mappers and self.chance(0.5):
            f = mappers[0]
            self.emit(f"print({v.name}.map {{ {f.name}($0 % {PARAM}) }})")

    def block_labelled(self):
        o = self.fresh("outer")
        i, j = self.fresh("i"), self.fresh("j")
        hits = self.fresh("hits")
        n = self.r.randint(2, 5)
        self.emit(f"var {hits}: [String] = []")
        self.emit(f"{o}: for {i} in 0..<{n} {{")
        self.emit(f"    for {j} in 0..<{n} {{")
        self.emit(f"        if {j} > {i} {{ continue {o} }}")
        self.emit(f"        if {i} + {j} > {self.r.randint(3, 6)} {{ break {o} }}")
        self.emit(f'        {hits}.append("\\({i})\\({j})")')
        self.emit("    }")
        self.emit("}")
        self.emit(f'print({hits}.joined(separator: " "))')
        self.declare(Var(hits, "[String]", True, minlen=0))

    def block_ranges(self):
        a, b = self.r.randint(0, 4), self.r.randint(5, 12)
        r = self.fresh("span")
        op = self.pick(["..<", "..."])
        self.emit(f"let {r} = {a}{op}{b}")
        e, _ = self.int_expr(1)
        self.emit(self.pick([f"print({r}, {r}.count, {r}.contains({e}))",
                             f"print({r}.lowerBound, {r}.upperBound, {r}.reduce(0, +))",
                             f"print({r}.map {{ $0 * $0 }}.filter {{ $0 % 2 == 1 }})",
                             f"print(Array({r}.reversed()).prefix(3))"]))
        if self.chance(0.4):
            x = self.fresh("t")
            self.emit(f"for {x} in stride(from: 0.0, {self.pick(['to', 'through'])}: {self.pick(['1.0', '2.0', '1.5'])}, by: {self.pick(['0.25', '0.5'])}) {{")
            self.emit(f'    print({x}, terminator: " ")')
            self.emit("}")
            self.emit("print()")

    def block_compound(self):
        z = self.fresh("z")
        self.emit(f"var {z} = {self.r.randint(1, 50)}")
        for _ in range(self.r.randint(2, 5)):
            op = self.pick(["+=", "-=", "*=", "/=", "%="])
            val = self.r.randint(1, 9) if op in ("/=", "%=") else self.int_expr(1, 100)[0]
            if op == "*=":
                val = self.r.randint(2, 4)
            self.emit(f"{z} {op} {val}")
            if op in ("+=", "-=", "*="):
                self.emit(f"{z} %= 1000")
        self.emit(f"print({z})")
        self.declare(Var(z, "Int", True, bound=1000))
        if self.chance(0.4):
            d = self.fresh("dd")
            self.emit(f"var {d} = {self.pick(DOUBLES)}")
            self.emit(f"{d} += {self.pick(DOUBLES)}")
            self.emit(f"{d} *= {self.pick(['2', '0.5', '3'])}")
            self.emit(f"{d} -= {self.pick(['1', '0.25'])}")
            self.emit(f"print({d}, Int({d}), {d} > 2)")

    def block_array_ops(self):
        a = self.fresh("ys")
        e, b, n = self.int_array_expr(1)
        self.emit(f"var {a}: [Int] = {e}")
        v = self.declare(Var(a, "[Int]", True, bound=max(b, 1000), minlen=n))
        ops = self.r.randint(2, 4)
        for _ in range(ops):
            k = self.r.randint(0, 6)
            x, _ = self.int_expr(1, 100)
            if k == 0:
                self.emit(f"{a}.append({x})"); v.minlen += 1
            elif k == 1:
                self.emit(f"{a}.append(contentsOf: [{x}, {self.r.randint(0, 9)}])"); v.minlen += 2
            elif k == 2:
                self.emit(f"{a}.insert({x}, at: 0)"); v.minlen += 1
            elif k == 3 and v.minlen >= 1:
                self.emit(f"{a}.remove(at: {self.r.randint(0, v.minlen - 1)})"); v.minlen -= 1
            elif k == 4:
                self.emit(f"if !{a}.isEmpty {{\n    {a}.removeLast()\n}}")
                v.minlen = max(0, v.minlen - 1)
            elif k == 5:
                self.emit(f"{a}.sort{self.pick(['()', '(by: >)'])}")
            else:
                self.emit(f"{a} += [{self.r.randint(0, 9)}]"); v.minlen += 1
        self.emit(self.pick([f"print({a})", f"print({a}, {a}.count)",
                             f"print({a}.first ?? -1, {a}.last ?? -1, {a}.min() ?? 0, {a}.max() ?? 0)"]))
        if v.minlen >= 1 and self.chance(0.5):
            i = self.fresh("i")
            self.emit(f"for {i} in {a}.indices {{\n    {a}[{i}] = ({a}[{i}] * 3 + {i}) % 100\n}}")
            self.emit(f"print({a})")
            v.bound = max(v.bound, 100)

    # ----------------------------------------------------------------------------- structs

    def define_struct(self):
        sd = StructDef(self.fresh(self.pick(["Item", "Cell", "Node", "Tile", "Probe"])))
        sd.fields.append(("name", "String", None, self.chance(0.3)))
        sd.fields.append(("count", "Int", None, True))
        if self.chance(0.5):
            sd.fields.append(("level", "Int", str(self.r.randint(0, 5)), True))
        if self.chance(0.4):
            sd.fields.append(("weight", "Double", self.pick(DOUBLES), True))
        if self.chance(0.4):
            sd.fields.append(("tags", "[Int]", "[]", True))
        sd.custom_description = self.chance(0.2)
        conf = ": CustomStringConvertible" if sd.custom_description else ""
        self.emit(f"struct {sd.name}{conf} {{")
        self.depth += 1
        for name, type, default, mutable in sd.fields:
            kw = "var" if mutable else "let"
            self.emit(f"{kw} {name}: {type}" + (f" = {default}" if default is not None else ""))
        names = [f[0] for f in sd.fields]
        ints = [f[0] for f in sd.fields if f[1] == "Int"]
        self.emit("")
        # A computed property and a plain method.
        prop = self.pick(["score", "total", "size"])
        if "tags" in names:
            self.emit(f"var {prop}: Int {{ count * {self.r.randint(1, 5)} + tags.count }}")
        else:
            self.emit(self.pick([f"var {prop}: Int {{\n    return {' + '.join(ints)} * {self.r.randint(1, 5)}\n}}",
                                 f"var {prop}: Int {{ {' + '.join(ints)} * {self.r.randint(1, 5)} }}"]))
        sd.computed.append((prop, "Int", PARAM * 10 + ARRAY_LEN))
        self.emit(f'func label() -> String {{ "\\(name)#\\(count)" }}')
        sd.methods.append(("string", "label", None))
        if self.chance(0.6):
            lab = self.pick(["by", None, "times"])
            param = f"{lab} k" if lab else "_ k"
            self.emit(f"func scaled({param}: Int) -> Int {{\n    count * (k % 10)\n}}")
            sd.methods.append(("int", "scaled", lab))
        # Mutating methods: keep count below PARAM.
        mlab = self.pick(["by", None, "amount"])
        mparam = f"{mlab} d" if mlab else "_ d"
        me = self.pick(["", "self."])
        self.emit(f"mutating func bump({mparam}: Int) {{\n    {me}count += d\n    {me}count %= {PARAM}\n}}")
        sd.methods.append(("mutating-int", "bump", mlab))
        if "tags" in names:
            self.emit(f"mutating func tag(_ t: Int) {{\n    if tags.count < 6 {{\n        tags.append(t % 10)\n    }}\n}}")
            sd.methods.append(("mutating-append", "tag", None))
        if "level" in names and self.chance(0.6):
            self.emit(f"mutating func promote() {{\n    level += 1\n    if level > 9 {{\n        level = 0\n    }}\n    bump(by: level)\n}}"
                      if mlab == "by" else
                      f"mutating func promote() {{\n    level = (level + 1) % 10\n}}")
            sd.methods.append(("mutating-noarg", "promote", None))
        if self.chance(0.4):
            self.emit(f'static func make(_ n: Int) -> {sd.name} {{\n    {sd.name}(name: "m\\(n)", count: n % {PARAM})\n}}')
            sd.methods.append(("static", "make", None))
        if sd.custom_description:
            self.emit(f'var description: String {{ "<\\(name) \\(count)>" }}')
        self.depth -= 1
        self.emit("}")
        self.structs.append(sd)
        return sd

    def struct_init(self, sd, depth=1):
        if ("static", "make", None) in sd.methods and self.chance(0.3):
            return f"{sd.name}.make({self.int_expr(depth, LIMIT)[0]})"
        args = []
        for name, type, default, mutable in sd.fields:
            if default is not None and self.chance(0.5):
                continue
            if type == "String":
                args.append(f"name: {self.string_expr(0)}")
            elif type == "Int":
                args.append(f"{name}: {self.int_expr(depth, PARAM)[0]}")
            elif type == "Double":
                args.append(f"{name}: {self.pick(DOUBLES)}")
            else:
                args.append(f"{name}: [{self.r.randint(0, 9)}]")
        return f"{sd.name}({', '.join(args)})"

    def block_struct_values(self, sd):
        p = self.fresh(sd.name[0].lower() + sd.name[1:].rstrip("0123456789"))
        self.emit(f"var {p} = {self.struct_init(sd)}")
        v = self.declare(Var(p, "S", True, struct=sd))
        for _ in range(self.r.randint(1, 3)):
            self.mutate_struct(p, sd)
        prop = sd.computed[0][0]
        shows = [f"print({p})", f"print({p}.label(), {p}.{prop})"]
        if any(m[1] == "scaled" for m in sd.methods):
            shows.append(f"print({p}.count, {self.scaled_call(p, sd)})")
        self.emit(self.pick(shows))
        if self.chance(0.5):
            q = self.fresh("copy")
            self.emit(f"var {q} = {p}")
            self.mutate_struct(q, sd)
            self.emit(f"print({p}.count, {q}.count, {p}.name == {q}.name)")
        return v

    def scaled_call(self, place, sd):
        label = [m[2] for m in sd.methods if m[1] == "scaled"][0]
        k = self.r.randint(1, 9)
        return f"{place}.scaled({label}: {k})" if label else f"{place}.scaled({k})"

    def block_struct_array(self, sd):
        items = self.fresh("items")
        n = self.r.randint(1, 5)
        i = self.fresh("i")
        self.emit(f"var {items}: [{sd.name}] = []")
        self.emit(f"for {i} in 0..<{n} {{")
        self.push()
        self.declare(Var(i, "Int", False, bound=n))
        init = self.struct_init(sd, 1).replace("name: ", f'name: "{self.pick(WORDS)}\\({i})" + ', 1) if self.chance(0.5) else self.struct_init(sd, 1)
        self.emit(f"{items}.append({init})")
        self.pop()
        self.emit("}")
        v = self.declare(Var(items, "[S]", True, minlen=n, struct=sd))
        # Mutate in a loop through the index: a mutating method or a property update.
        j = self.fresh("j")
        muts = [m for m in sd.methods if m[0].startswith("mutating")]
        kind, name, label = self.pick(muts)
        arg = "" if kind == "mutating-noarg" else f"{label}: {j} + 1" if label else f"{j} * 2"
        self.emit(f"for {j} in {items}.indices {{")
        self.emit(f"    {items}[{j}].{name}({arg})")
        if self.chance(0.5):
            self.emit(f"    if {j} % 2 == 0 {{\n        {items}[{j}].count += {self.r.randint(1, 9)}\n    }}")
        self.emit("}")
        k = self.r.randint(0, 5)
        prop = sd.computed[0][0]
        if k == 0:
            self.emit(f"print({items}.map {{ $0.count }})")
        elif k == 1:
            self.emit(f"print({items}.map {{ $0.label() }}.joined(separator: \" \"))")
        elif k == 2:
            self.emit(f"print({items}.filter {{ $0.count % 2 == 0 }}.count, {items}.reduce(0) {{ $0 + $1.{prop} }})")
        elif k == 3:
            self.emit(f"print({items}.sorted {{ $0.count > $1.count || ($0.count == $1.count && $0.name < $1.name) }}.map {{ $0.name }})")
        elif k == 4:
            it = self.fresh("it")
            self.emit(f"for {it} in {items} {{\n    print({it})\n}}")
        else:
            self.emit(f"print({items}.map {{ $0.{prop} }}.max() ?? 0)")
        if self.chance(0.4):
            c = self.fresh("first")
            self.emit(f"var {c} = {items}[0]")
            self.emit(f"{c}.count = {self.r.randint(100, 200)}")
            self.emit(f"print({items}[0].count == {c}.count, {c}.count)")
        if sd.custom_description and self.chance(0.7):
            self.emit(f"print({items})")
        return v

    # ----------------------------------------------------------------------------- functions

    def define_function(self):
        k = self.r.randint(0, 9)
        saved_scopes, saved_loop = self.scopes, self.loop_depth
        self.scopes = [{}]  # functions see only their parameters and locals
        self.loop_depth = 0
        try:
            return [self.fn_loop, self.fn_labels, self.fn_recursive, self.fn_predicate, self.fn_describe,
                    self.fn_nested, self.fn_adder, self.fn_tuple, self.fn_apply, self.fn_variadic][k]()
        finally:
            self.scopes, self.loop_depth = saved_scopes, saved_loop

    def params_env(self, params):
        for label, name, type, default in params:
            if type == "Int":
                self.declare(Var(name, "Int", False, bound=PARAM))
            elif type == "[Int]":
                self.declare(Var(name, "[Int]", False, bound=LIMIT // ARRAY_LEN // 100, minlen=0))
            else:
                self.declare(Var(name, type, False))

    def signature(self, params):
        out = []
        for label, name, type, default in params:
            head = name if label == name else f"{label or '_'} {name}"
            out.append(f"{head}: {type}" + (f" = {default}" if default is not None else ""))
        return ", ".join(out)

    def fn_loop(self):
        name = self.fresh(self.pick(["mix", "fold", "churn"]))
        params = [(None, "a", "Int", None), ("times", "n", "Int", str(self.r.randint(1, 4)))]
        self.emit(f"func {name}({self.signature(params)}) -> Int {{")
        self.push()
        self.params_env(params)
        acc = self.declare(Var("r", "Int", True, bound=1000))
        self.emit(f"var r = a % 1000")
        self.emit(f"for i in 0..<(abs(n) % 6) {{")
        self.push()
        self.declare(Var("i", "Int", False, bound=6))
        self.mutate_int(acc)
        if self.chance(0.5):
            self.emit(f"if r {self.pick(['>', '<'])} {self.r.randint(0, 500)} {{\n    r -= i\n}}")
        self.pop()
        self.emit("}")
        self.emit("return r")
        self.pop()
        self.emit("}")
        f = FuncDef(name, params, "Int", bound=1000 + 6)
        self.funcs.append(f)
        return f

    def fn_labels(self):
        name = self.fresh(self.pick(["blend", "combine", "weigh"]))
        lab = self.pick(["with", "by", "and"])
        params = [(None, "x", "Int", None), (lab, "y", "Int", None), ("offset", "offset", "Int", str(self.r.randint(0, 9)))]
        self.emit(f"func {name}({self.signature(params)}) -> Int {{")
        self.push()
        self.params_env(params)
        if self.chance(0.5):
            self.emit("guard x >= 0 else {\n    return -offset\n}")
        e, b = self.int_expr(2, LIMIT)
        self.emit(f"return {e}")
        self.pop()
        self.emit("}")
        f = FuncDef(name, params, "Int", bound=max(b, PARAM))
        self.funcs.append(f)
        return f

    def fn_recursive(self):
        name = self.fresh(self.pick(["fib", "tri", "steps"]))
        k = self.r.randint(0, 2)
        if k == 0:
            self.emit(f"func {name}(_ n: Int) -> Int {{\n    n < 2 ? n : {name}(n - 1) + {name}(n - 2)\n}}")
            f = FuncDef(name, [(None, "n", "Int", None)], "Int", bound=1000, arg_mod=15)
        elif k == 1:
            self.emit(f"func {name}(_ n: Int) -> Int {{\n    if n <= 0 {{\n        return 0\n    }}\n    return n + {name}(n - 1)\n}}")
            f = FuncDef(name, [(None, "n", "Int", None)], "Int", bound=5000, arg_mod=100)
        else:
            self.emit(f"func {name}(_ a: Int, _ b: Int) -> Int {{\n    b == 0 ? a : {name}(b, a % b)\n}}")
            f = FuncDef(name, [(None, "a", "Int", None), (None, "b", "Int", None)], "Int", bound=PARAM)
        self.funcs.append(f)
        return f

    def fn_predicate(self):
        name = self.fresh(self.pick(["isOdd", "keep", "accept"]))
        params = [(None, "v", "Int", None)]
        self.emit(f"func {name}({self.signature(params)}) -> Bool {{")
        self.push()
        self.params_env(params)
        self.emit(f"return {self.pick(['v % 2 != 0', f'v > {self.r.randint(0, 9)}', 'v % 3 == 0 || v < 0', self.bool_expr(1)])}")
        self.pop()
        self.emit("}")
        f = FuncDef(name, params, "Bool")
        self.funcs.append(f)
        return f

    def fn_describe(self):
        name = self.fresh(self.pick(["describe", "classify", "bucket"]))
        params = [(None, "n", "Int", None)]
        a, b = self.r.randint(1, 4), self.r.randint(5, 12)
        self.emit(f"func {name}(_ n: Int) -> String {{")
        self.emit("    switch n {")
        self.emit('    case 0:\n        return "zero"')
        self.emit(f'    case 1...{a}:\n        return "small"')
        self.emit(f'    case {a + 1}..<{b}:\n        return "medium \\(n)"')
        self.emit('    case let m where m < 0:\n        return "negative \\(-m)"')
        self.emit('    default:\n        return "large"')
        self.emit("    }")
        self.emit("}")
        f = FuncDef(name, params, "String")
        self.funcs.append(f)
        return f

    def fn_nested(self):
        name = self.fresh(self.pick(["tally", "gather"]))
        self.emit(f"func {name}(_ n: Int) -> Int {{")
        self.emit("    var total = 0")
        self.emit("    func add(_ k: Int) {")
        self.emit(f"        total = (total + k) % {self.pick([100, 1000])}")
        self.emit("    }")
        self.emit(f"    for i in 0..<(abs(n) % 8) {{")
        self.emit(f"        add(i * {self.r.randint(1, 9)})")
        self.emit("    }")
        if self.chance(0.5):
            self.emit("    func twice(_ f: (Int) -> Void, _ v: Int) {\n        f(v)\n        f(v)\n    }")
            self.emit(f"    twice(add, {self.r.randint(1, 9)})")
        self.emit("    return total")
        self.emit("}")
        f = FuncDef(name, [(None, "n", "Int", None)], "Int", bound=1000)
        self.funcs.append(f)
        return f

    def fn_adder(self):
        name = self.fresh(self.pick(["makeAdder", "makeScaler", "makeCounter"]))
        if "Counter" in name:
            self.emit(f"func {name}(start: Int) -> () -> Int {{\n    var n = start % 100\n    return {{\n        n += 1\n        return n\n    }}\n}}")
            f = FuncDef(name, [("start", "start", "Int", None)], "() -> Int")
        else:
            op = "+" if "Adder" in name else "*"
            self.emit(f"func {name}(_ k: Int) -> (Int) -> Int {{\n    return {{ x in (x {op} k) % 1000 }}\n}}")
            f = FuncDef(name, [(None, "k", "Int", None)], "(Int) -> Int")
        self.funcs.append(f)
        return f

    def fn_tuple(self):
        name = self.fresh(self.pick(["bounds", "extremes"]))
        self.emit(f"func {name}(_ xs: [Int]) -> (lo: Int, hi: Int) {{")
        self.emit("    guard let first = xs.first else {\n        return (0, 0)\n    }")
        self.emit("    var lo = first")
        self.emit("    var hi = first")
        self.emit("    for x in xs.dropFirst() {\n        lo = min(lo, x)\n        hi = max(hi, x)\n    }")
        self.emit("    return (lo, hi)")
        self.emit("}")
        f = FuncDef(name, [(None, "xs", "[Int]", None)], "tuple")
        self.funcs.append(f)
        return f

    def fn_apply(self):
        name = self.fresh(self.pick(["applyTwice", "iterate"]))
        self.emit(f"func {name}(_ f: (Int) -> Int, to x: Int) -> Int {{\n    f(f(x))\n}}")
        f = FuncDef(name, [(None, "f", "(Int) -> Int", None), ("to", "x", "Int", None)], "Int", bound=PARAM)
        self.funcs.append(f)
        return f

    def fn_variadic(self):
        name = self.fresh(self.pick(["sum", "total"]))
        self.emit(f"func {name}(_ xs: Int...) -> Int {{\n    xs.reduce(0, +)\n}}")
        f = FuncDef(name, [], "variadic")
        self.funcs.append(f)
        return f

    def use_function(self, f):
        """Statements that call f and print what it returns."""
        if f.returns in ("Int", "Bool", "String"):
            calls = [self.call(f, 1) for _ in range(self.r.randint(1, 3))]
            self.emit(f"print({', '.join(calls)})")
        elif f.returns == "() -> Int":
            c = self.fresh("next")
            self.emit(f"let {c} = {f.name}(start: {self.r.randint(0, 9)})")
            self.emit(f"{c}()")
            self.emit(f"print({c}(), {c}())")
        elif f.returns == "(Int) -> Int":
            g = self.fresh("g")
            self.emit(f"let {g} = {f.name}({self.r.randint(1, 9)})")
            arrays = self.vars("[Int]")
            src = arrays[0].name if arrays else "[1, 2, 3]"
            self.emit(self.pick([f"print({g}({self.r.randint(0, 50)}))", f"print({src}.map({g}))",
                                 f"print({src}.map {{ {g}($0 % 100) }})"]))
        elif f.returns == "tuple":
            t = self.fresh("b")
            e, _, _ = self.int_array_expr(1)
            self.emit(f"let {t} = {f.name}({e})")
            self.emit(self.pick([f"print({t}.lo, {t}.hi)", f"print({t})", f"print({t}.hi - {t}.lo)"]))
            if self.chance(0.5):
                lo, hi = self.fresh("lo"), self.fresh("hi")
                self.emit(f"let ({lo}, {hi}) = {f.name}([])\nprint({lo}, {hi})")
        elif f.returns == "variadic":
            args = ", ".join(self.int_expr(1, PARAM)[0] for _ in range(self.r.randint(0, 4)))
            self.emit(f"print({f.name}({args}), {f.name}())")

    # ----------------------------------------------------------------------------- program

    def program(self):
        # Declarations first: structs and functions see nothing of the program's variables.
        for _ in range(self.r.choice([0, 0, 1, 1, 1, 2])):
            self.define_struct()
            self.emit("")
        for _ in range(self.r.choice([0, 1, 1, 2, 2, 3])):
            self.define_function()
            self.emit("")
        for _ in range(self.r.randint(1, 3)):
            self.declare_var()
        blocks = [self.block_accumulate, self.block_closures_in_loop, self.block_counter, self.block_dictionary,
                  self.block_tuples, self.block_optionals, self.block_strings, self.block_higher_order,
                  self.block_labelled, self.block_ranges, self.block_compound, self.block_array_ops,
                  self.for_loop, self.while_loop, self.switch_stmt, self.if_stmt, self.block_reduce_into]
        weights = [3, 3, 1, 2, 2, 2, 2, 2, 1, 1, 2, 2, 3, 2, 2, 2, 1]
        for sd in self.structs:
            blocks += [lambda sd=sd: self.block_struct_values(sd), lambda sd=sd: self.block_struct_array(sd)]
            weights += [3, 4]
        for f in self.funcs:
            blocks.append(lambda f=f: self.use_function(f))
            weights.append(3)
        target = self.r.randint(15, 55)
        for sd in self.structs:  # every struct is used at least once
            self.pick([self.block_struct_values, self.block_struct_array])(sd)
        for f in self.funcs:
            self.use_function(f)
        done = 0
        while (len(self.lines) < target or done < 2) and done < 40:
            done += 1
            self.r.choices(blocks, weights)[0]()
        if self.prints == 0 or self.chance(0.5):
            self.print_stmt()
        return "\n".join(self.lines) + "\n"


def paren(code):
    """code, parenthesised unless it is a name, a literal or a call."""
    stripped = code.strip()
    if stripped.replace("_", "").isalnum() or (stripped.startswith("(") and matching(stripped)):
        return stripped
    return f"({stripped})"


def matching(code):
    """Whether code's first parenthesis closes at its end."""
    depth = 0
    for i, ch in enumerate(code):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i == len(code) - 1
    return False


def repr_swift(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate_one(seed, index):
    rng = random.Random(f"crossbar-differential-{seed}-{index}")
    return Gen(rng).program()


def generate(n, seed):
    """[(name, source)] for programs 0..<n of `seed`."""
    return [(f"generated seed={seed} #{i}", generate_one(seed, i)) for i in range(n)]


def main(argv=None):
    p = argparse.ArgumentParser(description="Generate Swift programs for the differential test.")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--start", type=int, default=0, help="index of the first program")
    p.add_argument("--out", help="write gen-SEED-INDEX.swift files here instead of printing")
    args = p.parse_args(argv)
    for i in range(args.start, args.start + args.count):
        source = generate_one(args.seed, i)
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, f"gen-{args.seed}-{i:04d}.swift"), "w") as f:
                f.write(source)
        else:
            print(f"// generated seed={args.seed} #{i}")
            print(source)


if __name__ == "__main__":
    sys.exit(main())
