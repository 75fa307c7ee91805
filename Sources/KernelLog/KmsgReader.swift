import Glibc
import SystemPackage

/// A live reader of /dev/kmsg that starts at "now": it opens the device non-blocking and
/// seeks to its end, so `readAvailable()` returns the records logged since then.
/// Not thread-safe: use it from one thread or task at a time.
package final class KmsgReader {
    package let path: String
    private var descriptor: FileDescriptor?
    private var buffer: [UInt8]
    /// CLOCK_MONOTONIC, in microseconds, when the reader was positioned at the end
    /// (`init` or `markNow()`); kmsg timestamps use a clock that is close to it.
    package private(set) var markedAtMicroseconds: UInt64
    /// The sequence number of the last record read since the mark.
    package private(set) var lastSequence: UInt64?
    /// The totals over every read since the reader was created.
    package private(set) var totalOverwriteEvents = 0
    package private(set) var totalLostRecords: UInt64 = 0
    /// The last error `drainLines()` swallowed.
    package private(set) var lastError: KmsgError?

    /// Where a new reader starts.
    package enum StartPosition: Sendable {
        /// At the end: only records logged from now on (lseek SEEK_END).
        case now
        /// At the oldest record still in the ring buffer (lseek SEEK_SET 0).
        case oldest
    }

    /// Opens `path` (O_RDONLY | O_NONBLOCK | O_CLOEXEC) and seeks to its end, or to the
    /// oldest record.
    package init(path: String = "/dev/kmsg", startAt start: StartPosition = .now) throws(KmsgError) {
        self.path = path
        buffer = [UInt8](repeating: 0, count: 16 * 1024)
        markedAtMicroseconds = 0
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.nonBlocking, .closeOnExec])
        } catch {
            throw KmsgError(operation: .open, path: path, errno: (error as? Errno) ?? .ioError)
        }
        switch start {
        case .now:
            try markNow()
        case .oldest:
            try seek(offset: 0, from: .start)
        }
    }

    deinit {
        close()
    }

    /// Moves to the end of the log: later reads return only records logged after this.
    package func markNow() throws(KmsgError) {
        try seek(offset: 0, from: .end)
    }

    private func seek(offset: Int64, from whence: FileDescriptor.SeekOrigin) throws(KmsgError) {
        guard let descriptor else { throw KmsgError(operation: .seek, path: path, errno: .badFileDescriptor) }
        do {
            _ = try descriptor.seek(offset: offset, from: whence)
        } catch {
            throw KmsgError(operation: .seek, path: path, errno: (error as? Errno) ?? .ioError)
        }
        markedAtMicroseconds = Self.monotonicMicroseconds()
        lastSequence = nil
    }

    /// Reads every record available now (until EAGAIN), at most `maximumRecords`.
    /// EPIPE (records overwritten before they were read) is counted and reading goes on.
    package func readAvailable(maximumRecords: Int = 100_000) throws(KmsgError) -> KmsgBatch {
        var batch = KmsgBatch()
        try read(into: &batch, maximumRecords: maximumRecords)
        return batch
    }

    /// The lines of every record available now; never throws: a read error ends the
    /// batch (keeping what was read before it) and is kept in `lastError`.
    package func drainLines() -> [KernelLogLine] {
        var batch = KmsgBatch()
        do {
            lastError = nil
            try read(into: &batch, maximumRecords: 100_000)
        } catch {
            lastError = error
        }
        return batch.lines
    }

    private func read(into batch: inout KmsgBatch, maximumRecords: Int) throws(KmsgError) {
        guard let descriptor else { throw KmsgError(operation: .read, path: path, errno: .badFileDescriptor) }
        var attempts = 0
        while batch.records.count < maximumRecords, attempts < maximumRecords * 2 {
            attempts += 1
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { bytes in
                    try descriptor.read(into: bytes, retryOnInterrupt: true)
                }
            } catch {
                let errno = (error as? Errno) ?? .ioError
                if errno == .resourceTemporarilyUnavailable || errno == .wouldBlock { break }
                if errno == .brokenPipe {
                    batch.overwriteEvents += 1
                    totalOverwriteEvents += 1
                    continue
                }
                throw KmsgError(operation: .read, path: path, errno: errno)
            }
            if count == 0 { break }
            guard let record = KmsgRecord.parse(String(decoding: buffer[0..<count], as: UTF8.self)) else {
                batch.unparsableRecords += 1
                continue
            }
            if let last = lastSequence, record.sequence > last + 1 {
                batch.lostRecords += record.sequence - last - 1
                totalLostRecords += record.sequence - last - 1
            }
            lastSequence = record.sequence
            batch.records.append(record)
        }
    }

    /// Closes the descriptor; later reads fail with EBADF.
    package func close() {
        if let descriptor { try? descriptor.close() }
        descriptor = nil
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
