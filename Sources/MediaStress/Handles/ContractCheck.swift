/// One check of the post-unbind contract.
package struct ContractCheck: Sendable, Codable, Equatable {
    package var name: String
    package var node: String?
    package var expected: String
    package var actual: String
    package var passed: Bool { expected == actual }

    package init(name: String, node: String?, expected: String, actual: String) {
        self.name = name
        self.node = node
        self.expected = expected
        self.actual = actual
    }
}
