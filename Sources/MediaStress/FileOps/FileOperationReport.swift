/// What the `--file-op` of a cycle did, and what each step returned.
package struct FileOperationReport: Sendable, Codable, Equatable {
    package var operation: FileOperation
    /// The node it used, when it used one.
    package var node: String?
    /// What was done and what it returned, in order: one line each.
    package var steps: [String] = []
    /// What the open/close threads of `open` saw.
    package var opens: OutcomeCounts?

    package init(operation: FileOperation) { self.operation = operation }
}
