/// The bad memory access a report describes.
package struct MemoryAccess: Sendable, Codable, Hashable, CustomStringConvertible {
    package enum Operation: String, Sendable, Codable {
        case read
        case write
        case instructionFetch = "instruction-fetch"
        case unknown
    }

    package var operation: Operation
    /// Access size in bytes (KASAN); nil when the report does not say.
    package var size: Int?
    /// The faulting address as the kernel printed it (hex).
    package var address: String?
    /// The line the access was read from, e.g. `Write of size 8 at addr ffff88800016cd28 by task race/48`
    /// or `#PF: supervisor read access in kernel mode`.
    package var line: String

    package init(operation: Operation, size: Int? = nil, address: String? = nil, line: String) {
        self.operation = operation
        self.size = size
        self.address = address
        self.line = line
    }

    package var description: String { line }
}
