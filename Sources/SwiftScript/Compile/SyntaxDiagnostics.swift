import SwiftDiagnostics
import SwiftParserDiagnostics
import SwiftSyntax

/// swift-syntax's parse diagnostics, made safe for any text a client sends.
///
/// `ParseDiagnosticsGenerator` traps (a precondition in `FixIt.init`: "A Fix-It must have at least
/// one change") on one kind of input: an `=` that the lexer finds bound on one side because a
/// vertical tab, form feed or byte-order mark touches it, while the Fix-It that would insert the
/// missing space finds a space or tab on both sides and so has nothing to change (swift-syntax
/// 600–603 alike; `let x =\u{0B} 1` is enough). Before the generator runs, every such `=` is
/// replaced by the same token without the lexer's complaint (same text, same positions), and the
/// complaint is added back here, without a Fix-It.
enum SyntaxDiagnostics {
    static func errors(in tree: SourceFileSyntax) -> [Diagnostic] {
        diagnostics(for: tree).filter { $0.diagMessage.severity == .error }
    }

    static func diagnostics(for tree: SourceFileSyntax) -> [Diagnostic] {
        let scrubber = EqualSpacingScrubber()
        let cleaned = scrubber.rewrite(tree)
        guard !scrubber.scrubbed.isEmpty, let cleanedFile = cleaned.as(SourceFileSyntax.self) else {
            return ParseDiagnosticsGenerator.diagnostics(for: tree)
        }
        var all = ParseDiagnosticsGenerator.diagnostics(for: cleanedFile)
        for (token, position) in scrubber.scrubbed {
            all.append(Diagnostic(node: token, position: position,
                                  message: StaticTokenError.equalMustHaveConsistentWhitespaceOnBothSides))
        }
        all.sort { $0.position < $1.position }
        return all
    }

    /// The `=` whose whitespace Fix-It would have no change to make.
    static func isFixItHazard(_ token: TokenSyntax) -> Bool {
        guard token.tokenDiagnostic?.kind == .equalMustHaveConsistentWhitespaceOnBothSides else { return false }
        let spaceBefore = token.previousToken(viewMode: .all)?.trailingTrivia.contains { $0.isSpaceOrTab } ?? false
        return spaceBefore && token.trailingTrivia.contains { $0.isSpaceOrTab }
    }
}

private final class EqualSpacingScrubber: SyntaxRewriter {
    var scrubbed: [(TokenSyntax, AbsolutePosition)] = []

    init() { super.init(viewMode: .all) }

    override func visit(_ token: TokenSyntax) -> TokenSyntax {
        guard SyntaxDiagnostics.isFixItHazard(token), let diagnostic = token.tokenDiagnostic else { return token }
        scrubbed.append((token, diagnostic.position(in: token)))
        return TokenSyntax(token.tokenKind, leadingTrivia: token.leadingTrivia, trailingTrivia: token.trailingTrivia,
                           presence: token.presence)
    }
}
