import ArgumentParser
import Glibc
import KernelLog
import MediaController
import SystemPackage

/// `mediactl klog [FILE|-]`: the kernel log classifier of `stress`, on any log a developer has.
struct KlogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "klog",
        abstract: "Find kernel reports (KASAN, oops, BUG, WARNING, lockdep, hung task ...) in a kernel log.",
        discussion: """
            Reads dmesg output (with or without timestamps, or dmesg -T), a serial console \
            capture, journalctl -k or syslog output, a syzbot report, or /dev/kmsg records \
            (saved, or the device itself), and prints each kind of report found once, the way \
            `stress` does: kind, faulting function and module, the first frames of the call \
            trace, the signature that groups identical reports. Lines of other programs in the \
            log are ignored.

            The log is read in chunks, so a log of any size takes bounded memory; a line longer \
            than 16384 bytes is cut (the verdict says how many were).

            Exit codes: 0 the log holds no kernel report; 1 it holds at least one; 2 bad input \
            (a file that cannot be opened or read, binary data, an unknown --format); 4 a read \
            that failed after part of the log was read.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, ktap }

    @Argument(help: "The log file, or - for standard input (the default).")
    var file: String = "-"

    @Option(help: "Output format: text, json or ktap.")
    var format: Format = .text

    func run() throws {
        let report = try Self.readReport(file)
        switch format {
        case .text: writeStandardOutput(KernelLogReportRenderer().text(report))
        case .ktap: writeStandardOutput(KernelLogReportRenderer().ktap(report))
        case .json: writeStandardOutput(try JSONRenderer().renderValue(report))
        }
        if !report.isClean { throw CommandFailure(message: "", exitCode: ExitStatus.finding) }
    }

    /// The report on the log at `path` (`-`: standard input), read in chunks by
    /// `KernelLogStream`. A character device is read as /dev/kmsg, from its oldest record
    /// to the last one logged. Bad input is one line naming the path: a file that cannot be
    /// opened or read, or binary data, exit 2; a read that fails midway, exit 4.
    static func readReport(_ path: String) throws -> KernelLogReport {
        var status = stat()
        if path != "-", stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFCHR {
            return KernelLogReport(lines: try readKmsg(path))
        }
        var stream = KernelLogStream()
        var bytesRead = 0
        var refusal: String?
        do throws(MediaError) {
            try TextFile.readChunks(path) { chunk in
                do throws(KernelLogStream.InputError) {
                    try stream.feed(chunk)
                } catch {
                    if case .binary(let reason) = error { refusal = reason }
                    return false
                }
                bytesRead += chunk.count
                return true
            }
        } catch {
            throw readFailure(path, error.errno ?? .ioError, afterBytes: bytesRead)
        }
        if let refusal {
            throw CommandFailure(message: "cannot read \(path): binary data, not a kernel log (\(refusal))", exitCode: ExitStatus.usage)
        }
        return stream.finish()
    }

    /// A failed read: before any byte of the log, bad input (exit 2); after part of it, a
    /// system error (exit 4), saying how far the read got.
    static func readFailure(_ path: String, _ errno: Errno, afterBytes bytes: Int) -> CommandFailure {
        guard bytes > 0 else { return unreadable(path, errno) }
        return CommandFailure(message: "cannot read \(path): \(errnoText(errno)) after \(bytes) bytes", exitCode: ExitStatus.system)
    }

    /// The records of a /dev/kmsg device, oldest first, without blocking at the end.
    static func readKmsg(_ path: String) throws -> [KernelLogLine] {
        do {
            let reader = try KmsgReader(path: path, startAt: .oldest)
            let batch = try reader.readAvailable()
            if batch.records.isEmpty, batch.unparsableRecords > 0 {
                throw CommandFailure(message: "cannot read \(path): a character device that is not /dev/kmsg", exitCode: ExitStatus.usage)
            }
            return batch.lines
        } catch let error as KmsgError {
            throw CommandFailure(message: "cannot read \(path): \(errnoText(error.errno))", exitCode: ExitStatus.usage)
        }
    }

    static func unreadable(_ path: String, _ errno: Errno) -> CommandFailure {
        CommandFailure(message: "cannot read \(path): \(errnoText(errno))", exitCode: ExitStatus.usage)
    }
}
