/// Dictionaries: insertion order, flat optional lookups, mutation, members, iteration.
extension CellCorpus {
    static let dictionaries: [CellCase] = [
        .value("dictionaries: literal keeps insertion order", #"["b": 2, "a": 1]"#, #"["b": 2, "a": 1]"#),
        .value("dictionaries: empty typed initialiser", "[String: Int]()", "[:]"),
        .value("dictionaries: int keys", #"[1: "one", 2: "two"]"#, #"[1: "one", 2: "two"]"#),
        .value("dictionaries: lookup is flat", #"let d = ["a": 1]"# + "\n" + #"d["a"]"#, "1"),
        .value("dictionaries: missing key is nil", #"let d = ["a": 1]"# + "\n" + #"d["missing"]"#, "nil"),
        .output("dictionaries: print of a lookup is flat", #"""
            let d = ["a": 1]
            print(d["a"])
            print(d["b"])
            """#, "1\nnil\n"),
        .value("dictionaries: new keys append in insertion order", #"""
            var d = ["z": 1]
            d["a"] = 2
            d["m"] = 3
            d
            """#, #"["z": 1, "a": 2, "m": 3]"#),
        .value("dictionaries: updating a key keeps its position", #"""
            var d = ["a": 1, "b": 2]
            d["a"] = 10
            d
            """#, #"["a": 10, "b": 2]"#),
        .value("dictionaries: a removed key added again goes last", #"""
            var d = ["a": 1, "b": 2, "c": 3]
            d["a"] = nil
            d["a"] = 4
            d
            """#, #"["b": 2, "c": 3, "a": 4]"#),
        .value("dictionaries: assigning nil removes", #"""
            var d = ["a": 1, "b": 2]
            d["a"] = nil
            d
            """#, #"["b": 2]"#),
        .value("dictionaries: default subscript counts words", #"""
            var counts: [String: Int] = [:]
            for w in ["a", "b", "a"] {
                counts[w, default: 0] += 1
            }
            counts
            """#, #"["a": 2, "b": 1]"#),
        .value("dictionaries: default subscript read", #"""
            let d = ["a": 1]
            d["z", default: 7]
            """#, "7"),
        .value("dictionaries: default subscript appends to an array value", #"""
            var groups: [String: [Int]] = [:]
            groups["x", default: []].append(1)
            groups["x", default: []].append(2)
            groups
            """#, #"["x": [1, 2]]"#),
        .value("dictionaries: force-unwrapped compound assignment", #"""
            var d = ["a": 1]
            d["a"]! += 4
            d["a"]
            """#, "5"),
        .value("dictionaries: nil coalescing on lookup", #"""
            let d = ["a": 1]
            d["q"] ?? 0
            """#, "0"),
        .value("dictionaries: count", #"["a": 1, "b": 2].count"#, "2"),
        .value("dictionaries: isEmpty", "[String: Int]().isEmpty", "true"),
        .value("dictionaries: keys in insertion order", #"["b": 2, "a": 1].keys"#, #"["b", "a"]"#),
        .value("dictionaries: values in insertion order", #"["b": 2, "a": 1].values"#, "[2, 1]"),
        .output("dictionaries: removeValue returns the old value", #"""
            var d = ["a": 1, "b": 2]
            let old = d.removeValue(forKey: "a")
            let none = d.removeValue(forKey: "zz")
            print(old, none, d)
            """#, "1 nil [\"b\": 2]\n"),
        .output("dictionaries: updateValue returns the old value", #"""
            var d = ["a": 1]
            let old = d.updateValue(5, forKey: "a")
            let fresh = d.updateValue(9, forKey: "b")
            print(old, fresh, d)
            """#, "1 nil [\"a\": 5, \"b\": 9]\n"),
        .value("dictionaries: mapValues", #"["a": 1, "b": 2].mapValues { $0 * 2 }"#, #"["a": 2, "b": 4]"#),
        .value("dictionaries: filter keeps a dictionary", #"["a": 1, "b": 2, "c": 3].filter { $0.value > 1 }"#,
               #"["b": 2, "c": 3]"#),
        .value("dictionaries: sorted by key gives key-value tuples", #"["b": 2, "a": 1].sorted(by: { $0.key < $1.key })"#,
               #"[(key: "a", value: 1), (key: "b", value: 2)]"#),
        .value("dictionaries: sorted by value then mapped to keys", #"""
            let scores = ["ann": 3, "bob": 9, "cy": 5]
            scores.sorted { $0.value > $1.value }.map { $0.key }
            """#, #"["bob", "cy", "ann"]"#),
        .value("dictionaries: map over elements", #"["a": 1, "b": 2].map { $0.key + String($0.value) }"#, #"["a1", "b2"]"#),
        .value("dictionaries: contains where", #"["a": 1, "b": 2].contains(where: { $0.value == 2 })"#, "true"),
        .value("dictionaries: merge with a combining closure", #"""
            var d = ["a": 1, "b": 2]
            d.merge(["b": 10, "c": 3], uniquingKeysWith: { old, new in old + new })
            d
            """#, #"["a": 1, "b": 12, "c": 3]"#),
        .output("dictionaries: for over key-value pairs in insertion order", #"""
            let d = ["x": 1, "y": 2, "a": 3]
            for (k, v) in d {
                print(k, v)
            }
            """#, "x 1\ny 2\na 3\n"),
        .output("dictionaries: elements are key-value tuples", #"""
            for e in ["k": 7] {
                print(e.key, e.value)
            }
            """#, "k 7\n"),
        .output("dictionaries: print keeps string quotes", #"print(["k": "v"])"#, "[\"k\": \"v\"]\n"),
    ]
}
