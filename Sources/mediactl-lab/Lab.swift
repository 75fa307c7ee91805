// mediactl-lab: the host side of the kernel lab (not installed): Scripts/matrix and
// Scripts/sweep boot the guests and loop; this judges what came back against the
// expectations and writes MATRIX.md and the sweep's tables.
//
// May use: MediaController, MediaStress.
// Imports: ArgumentParser, FoundationEssentials, MediaController, MediaStress.

import ArgumentParser
import Glibc
import MediaController

/// `mediactl-lab`: the host side of the kernel lab. Scripts/matrix and Scripts/sweep boot
/// the guests and loop; this judges what came back and writes the tables. Not installed.
@main
struct Lab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediactl-lab",
        abstract: "The kernel lab's bookkeeping: the matrix's cells and MATRIX.md, the sweep states.",
        discussion: "Exit codes: 0 done, everything agrees; 1 a cell or row disagrees with its expectation; 2 usage or unreadable input.",
        subcommands: [MatrixCommand.self, SweepLabCommand.self])
}

/// An error that already knows its message and exit code.
struct LabFailure: Error {
    var message: String
    var exitCode: Int32 = 2
}

extension ParsableCommand {
    /// Reads an input file, or stops with exit 2 naming it.
    func read(_ path: String) throws -> String {
        do { return try LabFileError.read(path) } catch { throw LabFailure(message: "\(error)") }
    }

    /// Parses an input file, or stops with exit 2 naming the file and the bad line.
    func parse<T>(_ path: String, _ parser: (String) throws(LabInputError) -> T) throws -> T {
        let text = try read(path)
        do { return try parser(text) } catch { throw LabFailure(message: "\(path): \(error)") }
    }

    func write(_ text: String, to path: String) throws {
        do { try TextFile.write(text, to: path) } catch { throw LabFailure(message: "\(path): \(error)", exitCode: 1) }
    }

    func printError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Runs `body`, turning a LabFailure into its message on stderr and its exit code.
    func reporting(_ body: () throws -> Void) throws {
        do { try body() } catch let failure as LabFailure {
            if !failure.message.isEmpty { printError("mediactl-lab: \(failure.message)") }
            throw ExitCode(failure.exitCode)
        }
    }
}
