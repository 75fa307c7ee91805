public import Glibc
import MediaController

/// Runs the `mediactl` binary built beside the test bundle and captures what it printed.
public struct BuiltBinary {
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

    /// Runs `mediactl ARGS` with no standard input; waits for it.
    public static func run(_ arguments: [String]) -> Result {
        runProgram(mediactlPath, arguments)
    }

    /// Runs any program with no standard input; waits for it.
    public static func runProgram(_ program: String, _ arguments: [String]) -> Result {
        let stdoutPath = temporaryPath("stdout")
        let stderrPath = temporaryPath("stderr")
        defer {
            unlink(stdoutPath)
            unlink(stderrPath)
        }
        let command = ([program] + arguments).map(shellQuoted).joined(separator: " ")
        let status = system("\(command) </dev/null >\(stdoutPath) 2>\(stderrPath)")
        let exitStatus = (status >> 8) & 0xff
        return Result(status: exitStatus, stdout: readFile(stdoutPath), stderr: readFile(stderrPath))
    }

    /// Starts `mediactl ARGS` in the background, its output going to `outputPath`.
    /// Returns its pid, or nil when it could not start.
    public static func start(_ arguments: [String], outputPath: String) -> pid_t? {
        startProgram(mediactlPath, arguments, outputPath: outputPath)
    }

    /// Starts any program in the background, its output going to `outputPath` (and
    /// `outputPath.stderr`). Returns its pid, or nil when it could not start.
    public static func startProgram(_ program: String, _ arguments: [String], outputPath: String) -> pid_t? {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, outputPath + ".stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawnp(&pid, program, &actions, nil, argv, environ) == 0 else { return nil }
        return pid
    }

    /// Waits for a started process; its exit status, or 128 + signal.
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// The contents of a file, empty when unreadable.
    public static func contents(of path: String) -> String { readFile(path) }

    static func temporaryPath(_ name: String) -> String {
        "/tmp/mediactl-test-\(getpid())-\(name)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// `text` as one shell word: in single quotes, each quote written as `'\''`. Replaced
    /// on Unicode scalars, not Characters: a quote followed by a combining mark is one
    /// Character to Swift but still a quote to the shell.
    public static func shellQuoted(_ text: String) -> String {
        "'" + String(text.unicodeScalars.replacing("'".unicodeScalars, with: #"'\''"#.unicodeScalars)) + "'"
    }

    static func readFile(_ path: String) -> String {
        (try? TextFile.read(path)) ?? ""
    }
}
