// mediactl: the command-line tool: one file per command, each parsing arguments with
// swift-argument-parser, calling the library and rendering; it holds no engine logic.
//
// May use: MediaController, MediaStress, KernelLog.
// Imports: ArgumentParser, FoundationEssentials, KernelLog, MediaController, MediaStress, SystemPackage.

import ArgumentParser
import Glibc
import MediaController

/// The `mediactl` command: only configuration here; each subcommand has its own file.
@main
struct Mediactl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediactl",
        abstract: "Inspect, configure and stress-test Linux media controller devices.",
        discussion: """
            DEV (for -d) is a path, a number N (/dev/mediaN), a bus info (platform:vimc), a driver, \
            model or serial, a bound device name (vimc.0), a sysfs path, or entity:NAME (the media \
            device that has an entity of that name). Without -d, the first media device.

            Exit codes: 0 success; 1 a stress or klog finding, a failed check or validate; 2 usage error or no such device; \
            3 the device did not come back (stress); 4 a system or device error.
            """,
        version: mediactlVersion,
        subcommands: [ListCommand.self, InfoCommand.self, TopologyCommand.self, EntityCommand.self, RecordCommand.self]
            + pipelineCommands + monitorCommands + [StressCommand.self, KlogCommand.self]
    )

    /// Parses (the common invocations through `FastPath`), runs, and exits with the
    /// documented codes; errors are one line on stderr.
    static func main() {
        let code: Int32
        do {
            if let fast = FastPath.parse(Array(CommandLine.arguments.dropFirst())) {
                try fast.run()
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
            code = 0
        } catch {
            code = report(error)
        }
        Glibc.exit(code)
    }

    /// Prints an error the way users see it and returns the exit code.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as MediaError:
            printError("mediactl: \(error)")
            return ExitStatus.code(for: error)
        case let error as CommandFailure:
            if !error.message.isEmpty { printError("mediactl: \(error.message)") }
            return error.exitCode
        default:
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if status == .success {
                print(message)  // --help, --version
                return 0
            }
            if status == .validationFailure {
                // Bad input is one line: what was wrong (the usage is one --help away).
                let line = message.split(separator: "\n").first { !$0.hasPrefix("Usage:") }.map(String.init) ?? "invalid arguments"
                let text = line.hasPrefix("Error: ") ? String(line.dropFirst("Error: ".count)) : line
                printError("mediactl: \(text) (see --help)")
                return ExitStatus.usage
            }
            if !message.isEmpty { printError(message) }
            return status.rawValue
        }
    }
}

/// The tool's version, printed by `--version`.
let mediactlVersion = "0.1.0 (\(gitCommit))"
