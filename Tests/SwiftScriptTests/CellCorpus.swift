/// The cell-language corpus: every case the interpreter must pass, grouped by topic.
/// Each topic lives in Corpus<Topic>.swift as `extension CellCorpus { static let <topic>: [CellCase] }`.
enum CellCorpus {
    /// Every case that follows CellCase's contract (every cell before the last succeeds).
    static var all: [CellCase] {
        literals + strings + arrays + dictionaries + tuples + ranges + optionals + state
            + controlFlow + functions + closures + structs + math + builtins + results + errors
    }

    /// Cases whose MIDDLE cells fail on purpose (a runtime or compile error in cell 2, then cell 3
    /// checks which bindings survived). They break CellCase's rule that every cell before the last
    /// succeeds, so they are not in `all`: a runner that lets earlier cells fail can run them.
    static var acrossFailedCells: [CellCase] { afterFailedCell }
}
