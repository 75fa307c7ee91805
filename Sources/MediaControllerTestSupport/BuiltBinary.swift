import Glibc
import MediaController
import Subprocess
import SystemPackage

/// Runs the `mediactl` binary built beside the test bundle (or any program) with
/// swift-subprocess and captures what it printed. Every run is `async`: Subprocess waits
/// for its child on tasks of the cooperative pool, so a caller that blocked a pool thread
/// on it could starve the pool (2 threads on a 2-core machine) when tests run in parallel.
public enum BuiltBinary {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The path of `mediactl` in the build directory of the running test bundle.
    public static var mediactlPath: String {
        let executable = CommandLine.arguments.first ?? ""
        var directory = executable
        while let slash = directory.lastIndex(of: "/") {
            directory = String(directory[..<slash])
            if access(directory + "/mediactl", X_OK) == 0 { return directory + "/mediactl" }
        }
        return "mediactl"
    }

    /// Runs `mediactl ARGS` with standard input from /dev/null; waits for it.
    public static func run(_ arguments: [String]) async -> Result {
        await runProgram(mediactlPath, arguments)
    }

    /// Runs any program (a path, or a name looked up in PATH) with standard input from
    /// /dev/null; waits for it. Its status is its exit code, or 128 + the signal that ended
    /// it; a program that cannot be started gives 127 and the reason on `stderr`, as a
    /// shell would.
    public static func runProgram(_ program: String, _ arguments: [String]) async -> Result {
        do {
            let result = try await Subprocess.run(
                executable(program), arguments: Arguments(arguments),
                input: .none, output: .string(limit: .max), error: .string(limit: .max))
            return Result(
                status: status(result.terminationStatus),
                stdout: result.standardOutput, stderr: result.standardError)
        } catch {
            return Result(status: 127, stdout: "", stderr: "\(program): \(error)\n")
        }
    }

    /// Starts `mediactl ARGS` in the background, its output going to `outputPath` (and
    /// `outputPath.stderr`). Nil when it could not start.
    public static func start(_ arguments: [String], outputPath: String) async -> BackgroundProcess? {
        await startProgram(mediactlPath, arguments, outputPath: outputPath)
    }

    /// Starts any program in the background, its output going to `outputPath` (and
    /// `outputPath.stderr`). Nil when it could not start.
    public static func startProgram(_ program: String, _ arguments: [String], outputPath: String) async -> BackgroundProcess? {
        await BackgroundProcess.start(executable(program), Arguments(arguments), outputPath: outputPath)
    }

    /// Waits for a started process: its exit status, or 128 + signal.
    public static func wait(_ process: BackgroundProcess) async -> Int32 {
        await process.wait()
    }

    /// The contents of a file, empty when unreadable.
    public static func contents(of path: String) -> String { readFile(path) }

    /// `text` as one shell word: in single quotes, each quote written as `'\''`. Replaced
    /// on Unicode scalars, not Characters: a quote followed by a combining mark is one
    /// Character to Swift but still a quote to the shell.
    public static func shellQuoted(_ text: String) -> String {
        "'" + String(text.unicodeScalars.replacing("'".unicodeScalars, with: #"'\''"#.unicodeScalars)) + "'"
    }

    /// A program given by path runs that file; a bare name is looked up in PATH.
    static func executable(_ program: String) -> Executable {
        program.contains("/") ? .path(FilePath(program)) : .name(program)
    }

    /// An exit code, or 128 + the signal that ended the process.
    static func status(_ termination: TerminationStatus) -> Int32 {
        switch termination {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    static func readFile(_ path: String) -> String {
        (try? TextFile.read(path)) ?? ""
    }
}
