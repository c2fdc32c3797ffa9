extension ScriptRegistry {
    /// Every name the toolkit gives cells, as Markdown: types (initializers, properties, methods,
    /// statics), functions, constants and implicit members, each with its documentation, sorted by
    /// name. The same text `help(name)` shows, gathered into one reference page.
    public func referenceMarkdown(title: String) -> String {
        var out = ["# \(title)", "",
                   "Every name Crossbar's toolkit gives cells, generated from the documentation `help(name)` shows in a cell.", ""]
        out += ["## Types", ""]
        for name in types.keys.sorted() {
            guard let t = types[name] else { continue }
            out += ["### \(name)", "", t.doc, ""]
            if !t.initializers.isEmpty {
                out += ["Initializers:", ""] + t.initializers.map { "- `\($0.signature.selector(name))`" } + [""]
            }
            if !t.properties.isEmpty {
                out += ["Properties:", ""] + t.properties.keys.sorted().map { "- `\($0)`: \(t.properties[$0]?.doc ?? "")" } + [""]
            }
            if !t.methods.isEmpty {
                out += ["Methods:", ""] + t.methods.keys.sorted().flatMap { n in
                    (t.methods[n] ?? []).map { "- `\($0.signature.selector(n))`: \($0.doc.replacingOccurrences(of: "\n", with: " "))" }
                } + [""]
            }
            if !t.staticFunctions.isEmpty {
                out += ["Static functions:", ""] + t.staticFunctions.keys.sorted().flatMap { n in
                    (t.staticFunctions[n].map { f in f.selectors.map { "- `\(name).\($0)`: \(f.doc.replacingOccurrences(of: "\n", with: " "))" } }) ?? []
                } + [""]
            }
            let constants = t.statics.keys.sorted()
            if !constants.isEmpty {
                out += ["Static values: " + constants.map { "`\(name).\($0)`" }.joined(separator: ", "), ""]
            }
        }
        out += ["## Functions", ""]
        for name in functions.keys.sorted() {
            guard let f = functions[name] else { continue }
            out += f.selectors.map { "- `\($0)`" } + ["", f.doc, ""]
        }
        if !values.isEmpty {
            out += ["## Constants", ""] + values.keys.sorted().map { "- `\($0)`: \(values[$0]?.doc ?? "")" } + [""]
        }
        out += ["## Implicit members", "", "Values written with a leading dot, such as `config: .standardHWA` or `xscale: .log`.", ""]
        for name in implicitMembers.keys.sorted() {
            let call = implicitFunctions[name].map { $0.selectors.first ?? name } ?? name
            out.append("- `.\(call)`: \((implicitMembers[name] ?? "").replacingOccurrences(of: "\n", with: " "))")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
