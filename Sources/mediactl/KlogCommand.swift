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

            Exit codes: 0 the log holds no kernel report; 1 it holds at least one; 2 bad input \
            (a file that cannot be read, an unknown --format).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, ktap }

    @Argument(help: "The log file, or - for standard input (the default).")
    var file: String = "-"

    @Option(help: "Output format: text, json or ktap.")
    var format: Format = .text

    func run() throws {
        let report = KernelLogReport(lines: try Self.readLog(file))
        switch format {
        case .text: writeStandardOutput(KernelLogReportRenderer().text(report))
        case .ktap: writeStandardOutput(KernelLogReportRenderer().ktap(report))
        case .json: writeStandardOutput(try JSONRenderer().renderValue(report))
        }
        if !report.isClean { throw CommandFailure(message: "", exitCode: ExitStatus.finding) }
    }

    /// The lines of the log at `path` (`-`: standard input). A character device is read as
    /// /dev/kmsg, from its oldest record to the last one logged. An unreadable path is bad
    /// input: one line naming it and the errno, exit 2.
    static func readLog(_ path: String) throws -> [KernelLogLine] {
        var status = stat()
        if path != "-", stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFCHR {
            return try readKmsg(path)
        }
        do throws(MediaError) {
            return KernelLogLine.parseLines(try TextFile.read(path))
        } catch {
            throw unreadable(path, error.errno ?? .ioError)
        }
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
