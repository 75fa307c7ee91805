/// A finding with the number of findings that had its signature.
package struct DeduplicatedFinding: Sendable, Codable, Equatable {
    /// The first finding with this signature.
    package var finding: KernelFinding
    package var count: Int

    package init(finding: KernelFinding, count: Int) {
        self.finding = finding
        self.count = count
    }

    package var signature: String { finding.signature }
}
