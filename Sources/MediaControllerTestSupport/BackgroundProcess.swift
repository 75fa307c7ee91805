public import Glibc
import Subprocess
import SystemPackage

/// A program running in the background (`BuiltBinary.start`): its pid, for `kill` and for
/// comparing with what the system reports, and its exit status once it ends.
///
/// A task runs `Subprocess.run` for the whole life of the child; the run's body only hands
/// the pid out, then Subprocess waits for the child (it reaps it: nothing else may). The pid
/// stays the child's until then, so signalling it by pid is safe until `wait()` returns.
public struct BackgroundProcess: Sendable {
    public let pid: Glibc.pid_t
    private let termination: Task<Int32, Never>

    /// Its exit status, or 128 + the signal that ended it; waits for it to end.
    public func wait() async -> Int32 {
        await termination.value
    }

    /// Starts `executable` with standard input from /dev/null, standard output to
    /// `outputPath` and standard error to `outputPath.stderr` (both created or truncated,
    /// mode 0644). Nil when a file cannot be opened or the program cannot be started.
    static func start(_ executable: Executable, _ arguments: Arguments, outputPath: String) async -> BackgroundProcess? {
        let permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]
        guard let outputFile = try? FileDescriptor.open(
            outputPath, .writeOnly, options: [.create, .truncate], permissions: permissions)
        else { return nil }
        guard let errorFile = try? FileDescriptor.open(
            outputPath + ".stderr", .writeOnly, options: [.create, .truncate], permissions: permissions)
        else {
            try? outputFile.close()
            return nil
        }
        let (pids, published) = AsyncStream.makeStream(of: Glibc.pid_t.self)
        let termination = Task {
            defer { published.finish() }
            do {
                let result = try await Subprocess.run(
                    executable, arguments: arguments, input: .none,
                    output: .fileDescriptor(outputFile, closeAfterSpawningProcess: true),
                    error: .fileDescriptor(errorFile, closeAfterSpawningProcess: true)
                ) { execution in
                    published.yield(execution.processIdentifier.value)
                    published.finish()
                }
                return BuiltBinary.status(result.terminationStatus)
            } catch {
                return 127
            }
        }
        for await pid in pids {
            return BackgroundProcess(pid: pid, termination: termination)
        }
        return nil
    }
}
