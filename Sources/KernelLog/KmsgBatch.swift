/// What one `readAvailable()` returned.
package struct KmsgBatch: Sendable, Equatable {
    /// The records, in order.
    package var records: [KmsgRecord] = []
    /// How many times read(2) failed with EPIPE: the kernel overwrote records before they
    /// were read (the ring buffer wrapped). Reading goes on with the oldest record left.
    package var overwriteEvents = 0
    /// Records missing by sequence number (gaps between consecutive records read).
    package var lostRecords: UInt64 = 0
    /// Records whose header could not be parsed.
    package var unparsableRecords = 0

    package init() {}

    /// The records as log lines.
    package var lines: [KernelLogLine] { records.flatMap(\.lines) }
}
