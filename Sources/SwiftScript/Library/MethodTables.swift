import Foundation

// The builtin methods of arrays, dictionaries, strings and numbers.

private func truthy(_ v: Value, _ a: Arguments, _ what: String) throws -> Bool {
    if case .bool(let b) = v { return b }
    throw a.fail("\(what) must return Bool, not '\(v.typeName)'")
}

/// Sorts homogeneous Int, Double or String arrays natively, without the generic comparator.
private func sortedNatively(_ items: [Value]) -> [Value]? {
    guard let first = items.first else { return [] }
    switch first {
    case .double:
        var xs: [Double] = []
        xs.reserveCapacity(items.count)
        for v in items { guard case .double(let d) = v else { return nil }; xs.append(d) }
        xs.sort()
        return xs.map { .double($0) }
    case .int:
        var xs: [Int] = []
        xs.reserveCapacity(items.count)
        for v in items { guard case .int(let i) = v else { return nil }; xs.append(i) }
        xs.sort()
        return xs.map { .int($0) }
    case .string:
        var xs: [String] = []
        xs.reserveCapacity(items.count)
        for v in items { guard case .string(let t) = v else { return nil }; xs.append(t) }
        xs.sort()
        return xs.map { .string($0) }
    default:
        return nil
    }
}

private func sortedValues(_ items: [Value], _ a: Arguments, by fn: Value?) throws -> [Value] {
    if fn == nil, let fast = sortedNatively(items) { return fast }
    var failure: Error?
    let sorted = items.sorted { x, y in
        if failure != nil { return false }
        do {
            if let fn { return try truthy(try a.runtime.callValue(fn, [x, y], at: a.callSite), a, "the sort predicate") }
            guard let c = try Ops.compare(x, y, a.callSite) else {
                throw a.fail("cannot sort values of types '\(x.typeName)' and '\(y.typeName)': they are not Comparable")
            }
            return c < 0
        } catch {
            failure = error
            return false
        }
    }
    if let failure { throw failure }
    return sorted
}

private func extreme(_ items: [Value], _ a: Arguments, max: Bool, by fn: Value? = nil) throws -> Value {
    guard var best = items.first else { return .null }
    for x in items.dropFirst() {
        let better: Bool
        if let fn {
            // `by` answers "is the first ordered before the second".
            better = try truthy(try a.runtime.callValue(fn, max ? [best, x] : [x, best], at: a.callSite), a, "the predicate")
        } else {
            guard let c = try Ops.compare(x, best, a.callSite) else {
                throw a.fail("cannot compare values of types '\(x.typeName)' and '\(best.typeName)'")
            }
            better = max ? c > 0 : c < 0
        }
        if better { best = x }
    }
    return best
}

private func elements(_ v: Value, _ a: Arguments) throws -> [Value] { try a.runtime.sequence(v, at: a.callSite) }

/// `reduce(into: start) { acc, x in … }`: the accumulator is `inout` in the closure.
private func reduceInto(_ items: [Value], _ a: Arguments) throws -> Value {
    var acc = a[0]
    for x in items {
        try a.runtime.tick(a.callSite)
        try a.runtime.callValue(a[1], inoutFirst: &acc, [x], at: a.callSite)
    }
    return acc
}

private func arrayOf(_ recv: Value, _ a: Arguments) throws -> [Value] {
    if case .array(let items) = recv { return items }
    return try elements(recv, a)
}

extension Members {
    nonisolated(unsafe) static let arrayMethods: [String: [Method]] = [
        "append": [
            Method(Signature("_"), mutating: true) { recv, a in
                guard case .array(var items) = recv else { return .void }
                recv = .void
                var v = a[0]
                if case .int(let i) = v, case .double = items.first { v = .double(Double(i)) }
                try MemoryChecks.beforeAppend(toCount: items.count, at: a.callSite)
                items.append(v)
                recv = .array(items)
                return .void
            },
            Method(Signature("contentsOf:"), mutating: true) { recv, a in
                guard case .array(var items) = recv else { return .void }
                let more = try a.array(0, "contentsOf")
                try MemoryChecks.reserveValues(items.count + more.count, at: a.callSite)
                recv = .void
                items.append(contentsOf: more)
                recv = .array(items)
                return .void
            },
        ],
        "insert": [Method(Signature("_", "at:"), mutating: true) { recv, a in
            guard case .array(var items) = recv else { return .void }
            let i = try a.int(1, "at")
            guard i >= 0 && i <= items.count else { throw a.fail("index \(i) is out of range for array of count \(items.count)") }
            recv = .void
            items.insert(a[0], at: i)
            recv = .array(items)
            return .void
        }],
        "remove": [Method(Signature("at:"), mutating: true) { recv, a in
            guard case .array(var items) = recv else { return .void }
            let i = try a.int(0, "at")
            guard i >= 0 && i < items.count else { throw a.fail("index \(i) is out of range for array of count \(items.count)") }
            recv = .void
            let removed = items.remove(at: i)
            recv = .array(items)
            return removed
        }],
        "removeFirst": [Method(Signature(), mutating: true) { recv, a in
            guard case .array(var items) = recv, !items.isEmpty else { throw a.fail("can't remove first element from an empty collection") }
            recv = .void
            let removed = items.removeFirst()
            recv = .array(items)
            return removed
        }],
        "removeLast": [Method(Signature(), mutating: true) { recv, a in
            guard case .array(var items) = recv, !items.isEmpty else { throw a.fail("can't remove last element from an empty collection") }
            recv = .void
            let removed = items.removeLast()
            recv = .array(items)
            return removed
        }],
        "popLast": [Method(Signature(), mutating: true) { recv, _ in
            guard case .array(var items) = recv else { return .null }
            recv = .void
            let removed = items.popLast()
            recv = .array(items)
            return removed ?? .null
        }],
        "removeAll": [
            Method(Signature(), mutating: true) { recv, _ in recv = .array([]); return .void },
            Method(Signature("where:->"), mutating: true) { recv, a in
                guard case .array(let items) = recv else { return .void }
                recv = .array(try items.filter { !(try truthy(try a.call(0, [$0]), a, "removeAll(where:)")) })
                return .void
            },
        ],
        "swapAt": [Method(Signature("_", "_"), mutating: true) { recv, a in
            guard case .array(var items) = recv else { return .void }
            let i = try a.int(0, "index"), j = try a.int(1, "index")
            for k in [i, j] where k < 0 || k >= items.count {
                throw a.fail("index \(k) is out of range for array of count \(items.count)")
            }
            recv = .void
            items.swapAt(i, j)
            recv = .array(items)
            return .void
        }],
        "sort": [
            Method(Signature(), mutating: true) { recv, a in recv = .array(try sortedValues(try arrayOf(recv, a), a, by: nil)); return .void },
            Method(Signature("by:->"), mutating: true) { recv, a in recv = .array(try sortedValues(try arrayOf(recv, a), a, by: a[0])); return .void },
        ],
        "reverse": [Method(Signature(), mutating: true) { recv, a in recv = .array(try arrayOf(recv, a).reversed()); return .void }],
        "shuffle": [Method(Signature(), mutating: true) { recv, a in
            var items = try arrayOf(recv, a)
            items.shuffle(using: &a.runtime.random)
            recv = .array(items)
            return .void
        }],
        "sorted": [
            Method(Signature()) { recv, a in .array(try sortedValues(try arrayOf(recv, a), a, by: nil)) },
            Method(Signature("by:->")) { recv, a in .array(try sortedValues(try arrayOf(recv, a), a, by: a[0])) },
        ],
        "reversed": [Method(Signature()) { recv, a in .array(try arrayOf(recv, a).reversed()) }],
        "shuffled": [Method(Signature()) { recv, a in
            var items = try arrayOf(recv, a)
            items.shuffle(using: &a.runtime.random)
            return .array(items)
        }],
        "randomElement": [Method(Signature()) { recv, a in
            let items = try arrayOf(recv, a)
            return items.randomElement(using: &a.runtime.random) ?? .null
        }],
        "map": [Method(Signature("_->")) { recv, a in
            let items = try arrayOf(recv, a)
            var out: [Value] = []
            try MemoryChecks.reserveValues(items.count, at: a.callSite)
            out.reserveCapacity(items.count)
            for x in items { out.append(try a.call(0, [x])) }
            return .array(out)
        }],
        "compactMap": [Method(Signature("_->")) { recv, a in
            .array(try arrayOf(recv, a).compactMap { let v = try a.call(0, [$0]); return v.isNil ? nil : v })
        }],
        "flatMap": [Method(Signature("_->")) { recv, a in
            var out: [Value] = []
            for x in try arrayOf(recv, a) { out += try elements(try a.call(0, [x]), a) }
            return .array(out)
        }],
        "filter": [Method(Signature("_->")) { recv, a in
            .array(try arrayOf(recv, a).filter { try truthy(try a.call(0, [$0]), a, "filter") })
        }],
        "forEach": [Method(Signature("_->")) { recv, a in
            for x in try arrayOf(recv, a) {
                try a.runtime.tick(a.callSite)
                _ = try a.call(0, [x])
            }
            return .void
        }],
        "reduce": [
            Method(Signature("_", "_->")) { recv, a in
                let items = try arrayOf(recv, a)
                var acc = a[0]
                // `doubles.reduce(0, +)`: Swift types the 0 as Double from the elements.
                if case .int(let i) = acc, case .double? = items.first { acc = .double(Double(i)) }
                for x in items { acc = try a.call(1, [acc, x]) }
                return acc
            },
            Method(Signature("into:", "_->")) { recv, a in try reduceInto(try arrayOf(recv, a), a) },
        ],
        "contains": [
            Method(Signature("where:->")) { recv, a in
                .bool(try arrayOf(recv, a).contains { try truthy(try a.call(0, [$0]), a, "contains(where:)") })
            },
            Method(Signature("_")) { recv, a in .bool(try arrayOf(recv, a).contains(a[0])) },
        ],
        "allSatisfy": [Method(Signature("_->")) { recv, a in
            .bool(try arrayOf(recv, a).allSatisfy { try truthy(try a.call(0, [$0]), a, "allSatisfy") })
        }],
        "count": [Method(Signature("where:->")) { recv, a in
            .int(try arrayOf(recv, a).filter { try truthy(try a.call(0, [$0]), a, "count(where:)") }.count)
        }],
        "first": [Method(Signature("where:->")) { recv, a in
            try arrayOf(recv, a).first { try truthy(try a.call(0, [$0]), a, "first(where:)") } ?? .null
        }],
        "last": [Method(Signature("where:->")) { recv, a in
            try arrayOf(recv, a).last { try truthy(try a.call(0, [$0]), a, "last(where:)") } ?? .null
        }],
        "firstIndex": [
            Method(Signature("of:")) { recv, a in try arrayOf(recv, a).firstIndex(of: a[0]).map { .int($0) } ?? .null },
            Method(Signature("where:->")) { recv, a in
                try arrayOf(recv, a).firstIndex { try truthy(try a.call(0, [$0]), a, "firstIndex(where:)") }.map { .int($0) } ?? .null
            },
        ],
        "lastIndex": [Method(Signature("of:")) { recv, a in try arrayOf(recv, a).lastIndex(of: a[0]).map { .int($0) } ?? .null }],
        "enumerated": [Method(Signature()) { recv, a in
            .array(try arrayOf(recv, a).enumerated().map { .tuple(TupleValue([.int($0.offset), $0.element], labels: ["offset", "element"])) })
        }],
        "min": [
            Method(Signature()) { recv, a in try extreme(try arrayOf(recv, a), a, max: false) },
            Method(Signature("by:->")) { recv, a in try extreme(try arrayOf(recv, a), a, max: false, by: a[0]) },
        ],
        "max": [
            Method(Signature()) { recv, a in try extreme(try arrayOf(recv, a), a, max: true) },
            Method(Signature("by:->")) { recv, a in try extreme(try arrayOf(recv, a), a, max: true, by: a[0]) },
        ],
        "joined": [Method(Signature("separator:="), defaults: [.string("")]) { recv, a in
            let sep = try a.string(0, "separator")
            return .string(try arrayOf(recv, a).map { v -> String in
                guard case .string(let s) = v else { throw a.fail("joined(separator:) needs an array of String, not of '\(v.typeName)'") }
                return s
            }.joined(separator: sep))
        }],
        "prefix": [Method(Signature("_")) { recv, a in .array(Array(try arrayOf(recv, a).prefix(max(0, try a.int(0, "count"))))) }],
        "suffix": [Method(Signature("_")) { recv, a in .array(Array(try arrayOf(recv, a).suffix(max(0, try a.int(0, "count"))))) }],
        "dropFirst": [Method(Signature("_="), defaults: [.int(1)]) { recv, a in
            .array(Array(try arrayOf(recv, a).dropFirst(max(0, try a.int(0, "count")))))
        }],
        "dropLast": [Method(Signature("_="), defaults: [.int(1)]) { recv, a in
            .array(Array(try arrayOf(recv, a).dropLast(max(0, try a.int(0, "count")))))
        }],
    ]

    nonisolated(unsafe) static let dictMethods: [String: [Method]] = [
        "removeValue": [Method(Signature("forKey:"), mutating: true) { recv, a in
            guard case .dict(var d) = recv else { return .null }
            recv = .void
            let old = d.remove(a[0])
            recv = .dict(d)
            return old ?? .null
        }],
        "updateValue": [Method(Signature("_", "forKey:"), mutating: true) { recv, a in
            guard case .dict(var d) = recv else { return .null }
            recv = .void
            let old = d[a[1]]
            d.set(a[0], for: a[1])
            recv = .dict(d)
            return old ?? .null
        }],
        "removeAll": [Method(Signature(), mutating: true) { recv, _ in recv = .dict(OrderedDict()); return .void }],
        "merge": [Method(Signature("_", "uniquingKeysWith:->"), mutating: true) { recv, a in
            guard case .dict(var d) = recv else { return .void }
            let other: OrderedDict
            switch a[0] {
            case .dict(let o): other = o
            default: throw a.fail("merge needs a dictionary")
            }
            for (k, v) in zip(other.keys, other.values) {
                if let old = d[k] { d.set(try a.call(1, [old, v]), for: k) } else { d.set(v, for: k) }
            }
            recv = .dict(d)
            return .void
        }],
        "mapValues": [Method(Signature("_->")) { recv, a in
            guard case .dict(let d) = recv else { return .null }
            var out = OrderedDict()
            for (k, v) in zip(d.keys, d.values) { out.set(try a.call(0, [v]), for: k) }
            return .dict(out)
        }],
        "filter": [Method(Signature("_->")) { recv, a in
            guard case .dict(let d) = recv else { return .null }
            var out = OrderedDict()
            for (k, v) in zip(d.keys, d.values) {
                let pair = Value.tuple(TupleValue([k, v], labels: ["key", "value"]))
                if try truthy(try a.call(0, [pair]), a, "filter") { out.set(v, for: k) }
            }
            return .dict(out)
        }],
        "map": [Method(Signature("_->")) { recv, a in .array(try elements(recv, a).map { try a.call(0, [$0]) }) }],
        "compactMap": [Method(Signature("_->")) { recv, a in
            .array(try elements(recv, a).compactMap { let v = try a.call(0, [$0]); return v.isNil ? nil : v })
        }],
        "forEach": [Method(Signature("_->")) { recv, a in for x in try elements(recv, a) { _ = try a.call(0, [x]) }; return .void }],
        "sorted": [Method(Signature("by:->")) { recv, a in .array(try sortedValues(try elements(recv, a), a, by: a[0])) }],
        "contains": [Method(Signature("where:->")) { recv, a in
            .bool(try elements(recv, a).contains { try truthy(try a.call(0, [$0]), a, "contains(where:)") })
        }],
        "reduce": [
            Method(Signature("_", "_->")) { recv, a in
                var acc = a[0]
                for x in try elements(recv, a) { acc = try a.call(1, [acc, x]) }
                return acc
            },
            Method(Signature("into:", "_->")) { recv, a in try reduceInto(try elements(recv, a), a) },
        ],
        "min": [Method(Signature("by:->")) { recv, a in try extreme(try elements(recv, a), a, max: false, by: a[0]) }],
        "max": [Method(Signature("by:->")) { recv, a in try extreme(try elements(recv, a), a, max: true, by: a[0]) }],
    ]

    nonisolated(unsafe) static let stringMethods: [String: [Method]] = [
        "append": [Method(Signature("_"), mutating: true) { recv, a in
            guard case .string(var s) = recv else { return .void }
            let more = try a.string(0, "the appended text")
            recv = .void
            s += more
            recv = .string(s)
            return .void
        }],
        "uppercased": [Method(Signature()) { recv, _ in if case .string(let s) = recv { return .string(s.uppercased()) }; return recv }],
        "lowercased": [Method(Signature()) { recv, _ in if case .string(let s) = recv { return .string(s.lowercased()) }; return recv }],
        "hasPrefix": [Method(Signature("_")) { recv, a in
            guard case .string(let s) = recv else { return .bool(false) }
            return .bool(s.hasPrefix(try a.string(0, "prefix")))
        }],
        "hasSuffix": [Method(Signature("_")) { recv, a in
            guard case .string(let s) = recv else { return .bool(false) }
            return .bool(s.hasSuffix(try a.string(0, "suffix")))
        }],
        "contains": [
            Method(Signature("where:->")) { recv, a in
                .bool(try elements(recv, a).contains { try truthy(try a.call(0, [$0]), a, "contains(where:)") })
            },
            Method(Signature("_")) { recv, a in
                guard case .string(let s) = recv else { return .bool(false) }
                return .bool(s.contains(try a.string(0, "the text to find")))
            },
        ],
        "split": [Method(Signature("separator:")) { recv, a in
            guard case .string(let s) = recv else { return .array([]) }
            let sep = try a.string(0, "separator")
            guard let c = sep.first, sep.count == 1 else { throw a.fail("split(separator:) takes a single character") }
            return .array(s.split(separator: c).map { .string(String($0)) })
        }],
        "components": [Method(Signature("separatedBy:")) { recv, a in
            guard case .string(let s) = recv else { return .array([]) }
            let sep = try a.string(0, "separator")
            guard !sep.isEmpty else { return .array([.string(s)]) }
            return .array(s.components(separatedBy: sep).map { .string($0) })
        }],
        "replacingOccurrences": [Method(Signature("of:", "with:")) { recv, a in
            guard case .string(let s) = recv else { return recv }
            let target = try a.string(0, "of"), replacement = try a.string(1, "with")
            guard !target.isEmpty else { return recv }
            return .string(s.replacingOccurrences(of: target, with: replacement))
        }],
        "trimmingCharacters": [Method(Signature("in:")) { recv, a in
            guard case .string(let s) = recv else { return recv }
            let set: CharacterSet
            if case .implicitMember(let m) = a[0] {
                switch m {
                case "whitespaces": set = .whitespaces
                case "whitespacesAndNewlines": set = .whitespacesAndNewlines
                case "newlines": set = .newlines
                case "punctuationCharacters": set = .punctuationCharacters
                default: throw a.fail("unknown character set '.\(m)'")
                }
            } else {
                throw a.fail("trimmingCharacters(in:) takes .whitespaces, .whitespacesAndNewlines or .newlines")
            }
            return .string(s.trimmingCharacters(in: set))
        }],
        "reversed": [Method(Signature()) { recv, _ in if case .string(let s) = recv { return .string(String(s.reversed())) }; return recv }],
        "dropFirst": [Method(Signature("_="), defaults: [.int(1)]) { recv, a in
            if case .string(let s) = recv { return .string(String(s.dropFirst(max(0, try a.int(0, "count"))))) }
            return recv
        }],
        "dropLast": [Method(Signature("_="), defaults: [.int(1)]) { recv, a in
            if case .string(let s) = recv { return .string(String(s.dropLast(max(0, try a.int(0, "count"))))) }
            return recv
        }],
        "prefix": [Method(Signature("_")) { recv, a in
            if case .string(let s) = recv { return .string(String(s.prefix(max(0, try a.int(0, "count"))))) }
            return recv
        }],
        "suffix": [Method(Signature("_")) { recv, a in
            if case .string(let s) = recv { return .string(String(s.suffix(max(0, try a.int(0, "count"))))) }
            return recv
        }],
        "map": [Method(Signature("_->")) { recv, a in .array(try elements(recv, a).map { try a.call(0, [$0]) }) }],
        "filter": [Method(Signature("_->")) { recv, a in
            .string(try elements(recv, a).filter { try truthy(try a.call(0, [$0]), a, "filter") }.map(\.plainDescription).joined())
        }],
        "sorted": [Method(Signature()) { recv, a in .array(try sortedValues(try elements(recv, a), a, by: nil)) }],
        "enumerated": [Method(Signature()) { recv, a in
            .array(try elements(recv, a).enumerated().map { .tuple(TupleValue([.int($0.offset), $0.element], labels: ["offset", "element"])) })
        }],
        "padding": [Method(Signature("toLength:", "withPad:", "startingAt:=") , defaults: [.int(0)]) { recv, a in
            guard case .string(let s) = recv else { return recv }
            return .string(s.padding(toLength: max(0, try a.int(0, "toLength")), withPad: try a.string(1, "withPad"), startingAt: 0))
        }],
    ]

    nonisolated(unsafe) static let intMethods: [String: [Method]] = [
        "isMultiple": [Method(Signature("of:")) { recv, a in
            guard case .int(let i) = recv else { return .bool(false) }
            return .bool(i.isMultiple(of: try a.int(0, "of")))
        }],
        "signum": [Method(Signature()) { recv, _ in if case .int(let i) = recv { return .int(i.signum()) }; return recv }],
        "quotientAndRemainder": [Method(Signature("dividingBy:")) { recv, a in
            guard case .int(let i) = recv else { return recv }
            let d = try a.int(0, "dividingBy")
            guard d != 0 else { throw a.fail("division by zero") }
            let (q, r) = i.quotientAndRemainder(dividingBy: d)
            return .tuple(TupleValue([.int(q), .int(r)], labels: ["quotient", "remainder"]))
        }],
    ]

    nonisolated(unsafe) static let doubleMethods: [String: [Method]] = [
        "squareRoot": [Method(Signature()) { recv, _ in if case .double(let d) = recv { return .double(d.squareRoot()) }; return recv }],
        "rounded": [
            Method(Signature()) { recv, _ in if case .double(let d) = recv { return .double(d.rounded()) }; return recv },
            Method(Signature("_")) { recv, a in
                guard case .double(let d) = recv, case .implicitMember(let m) = a[0] else { return recv }
                let rule: FloatingPointRoundingRule
                switch m {
                case "down": rule = .down
                case "up": rule = .up
                case "towardZero": rule = .towardZero
                case "toNearestOrEven": rule = .toNearestOrEven
                case "toNearestOrAwayFromZero": rule = .toNearestOrAwayFromZero
                case "awayFromZero": rule = .awayFromZero
                default: throw a.fail("unknown rounding rule '.\(m)'")
                }
                return .double(d.rounded(rule))
            },
        ],
        "truncatingRemainder": [Method(Signature("dividingBy:")) { recv, a in
            guard case .double(let d) = recv else { return recv }
            return .double(d.truncatingRemainder(dividingBy: try a.double(0, "dividingBy")))
        }],
    ]

    /// `Type.name(...)` for builtin types, keyed "Type.name".
    nonisolated(unsafe) static let staticMethods: [String: [Method]] = [
        "Int.random": [Method(Signature("in:")) { _, a in
            switch a[0] {
            case .range(let r):
                guard r.count > 0 else { throw a.fail("Int.random(in:) needs a non-empty range") }
                return .int(Int.random(in: r.lower...(r.closed ? r.upper : r.upper - 1), using: &a.runtime.random))
            default: throw a.fail("Int.random(in:) takes a range of Int, not '\(a[0].typeName)'")
            }
        }],
        "Double.random": [Method(Signature("in:")) { _, a in
            switch a[0] {
            case .doubleRange(let r):
                if r.closed { return .double(Double.random(in: r.lower...r.upper, using: &a.runtime.random)) }
                guard r.lower < r.upper else { throw a.fail("Double.random(in:) needs a non-empty range") }
                return .double(Double.random(in: r.lower..<r.upper, using: &a.runtime.random))
            case .range(let r):
                guard r.closed || r.lower < r.upper else { throw a.fail("Double.random(in:) needs a non-empty range") }
                let lo = Double(r.lower), hi = Double(r.upper)
                return .double(r.closed ? Double.random(in: lo...hi, using: &a.runtime.random)
                                        : Double.random(in: lo..<hi, using: &a.runtime.random))
            default: throw a.fail("Double.random(in:) takes a range of Double, not '\(a[0].typeName)'")
            }
        }],
        "Bool.random": [Method(Signature()) { _, a in .bool(Bool.random(using: &a.runtime.random)) }],
    ]
}

/// Subscript reads: arrays by Int and range, dictionaries by key (with `default:`).
enum Subscripts {
    static func get(_ base: Value, _ keys: [Value], _ labels: [String?], _ loc: CellLocation) throws -> Value {
        switch base {
        case .array(let a):
            guard keys.count == 1, labels[0] == nil else { throw ScriptFailure.runtime("arrays take one index", at: loc) }
            switch keys[0] {
            case .int(let i):
                guard i >= 0 && i < a.count else {
                    throw ScriptFailure.runtime("index \(i) is out of range for array of count \(a.count)", at: loc)
                }
                return a[i]
            case .range(let r):
                let (end, overflow) = r.closed ? r.upper.addingReportingOverflow(1) : (r.upper, false)
                guard !overflow, r.lower >= 0, end <= a.count, r.lower <= end else {
                    throw ScriptFailure.runtime("range \(keys[0].debugText) is out of bounds for array of count \(a.count)", at: loc)
                }
                return .array(Array(a[r.lower..<end]))
            default:
                throw ScriptFailure.runtime("cannot subscript an array with a value of type '\(keys[0].typeName)'", at: loc)
            }
        case .dict(let d):
            if keys.count == 2, labels.count == 2, labels[0] == nil, labels[1] == "default" {
                return d[keys[0]] ?? keys[1]
            }
            guard keys.count == 1, labels[0] == nil else { throw ScriptFailure.runtime("dictionaries take one key", at: loc) }
            return d[keys[0]] ?? .null
        case .string:
            throw ScriptFailure.runtime("'subscript(_:)' is unavailable: cannot subscript String with an Int, use a String.Index instead (or Array(s)[i])", at: loc)
        case .tuple:
            throw ScriptFailure.runtime("value of type '\(base.typeName)' has no subscripts; use .0, .1, …", at: loc)
        case .null:
            throw ScriptFailure.runtime("value of optional type must be unwrapped before subscripting (use '?' or '!')", at: loc)
        default:
            throw ScriptFailure.runtime("value of type '\(base.typeName)' has no subscripts", at: loc)
        }
    }
}
