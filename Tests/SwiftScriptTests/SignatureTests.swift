import XCTest
@testable import SwiftScript

final class SignatureTests: XCTestCase {
    /// Each left-out parameter gets its own default, whichever of the others were given.
    func testDefaultsFollowTheirParameters() throws {
        let sig = Signature("_", "first:=", "second:=")
        let defaults: [Value] = [.int(10), .int(20)]
        func call(_ labels: [String?], _ values: [Value]) throws -> [Value] {
            guard case .success(let sources) = sig.bind(labels: labels, trailing: labels.map { _ in false }) else {
                throw XCTSkip("labels did not bind")
            }
            return sig.assemble(sources, values: values, defaults: defaults)
        }
        XCTAssertEqual(try call([nil], [.int(1)]), [.int(1), .int(10), .int(20)])
        XCTAssertEqual(try call([nil, "first"], [.int(1), .int(2)]), [.int(1), .int(2), .int(20)])
        XCTAssertEqual(try call([nil, "second"], [.int(1), .int(3)]), [.int(1), .int(10), .int(3)])
    }
}
