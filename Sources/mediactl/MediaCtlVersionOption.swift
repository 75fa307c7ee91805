import ArgumentParser
import Glibc
import MediaController

/// `--media-ctl-version`: which media-ctl release `--format media-ctl` (and `format --get`)
/// prints as. Without it, the installed media-ctl's (`InstalledMediaCtl`).
struct MediaCtlVersionOption: ParsableArguments {
    @Option(
        name: .customLong("media-ctl-version"),
        help: ArgumentHelp(
            "Print as this media-ctl release does: 1.22, 1.26, 1.28, 1.30 or 1.32 (a patch level such as 1.30.1 is taken too). Default: the installed media-ctl's version, or 1.32 without one.",
            valueName: "version"))
    var version: MediaCtlVersion?

    /// The dialect asked for, else the installed media-ctl's (which runs it once).
    var dialect: MediaCtlDialect { version?.dialect ?? InstalledMediaCtl.dialect() }
}

/// A `--media-ctl-version` value.
struct MediaCtlVersion: ExpressibleByArgument, Equatable {
    let dialect: MediaCtlDialect

    init?(argument: String) {
        guard let dialect = MediaCtlDialect(version: argument) else { return nil }
        self.dialect = dialect
    }

    static var allValueStrings: [String] { MediaCtlDialect.Release.allCases.map(\.rawValue) }
}

/// The media-ctl on PATH, asked for its version (`media-ctl --version`, which prints it
/// and exits without opening a device).
enum InstalledMediaCtl {
    /// Its dialect: the newest release not newer than it; 1.22 for a media-ctl whose
    /// answer names no version (older than 1.22, which prints `media-ctl 1.22.1`); the
    /// newest release when none is installed or it cannot be run.
    static func dialect() -> MediaCtlDialect {
        guard let output = versionOutput() else { return .newest }
        return MediaCtlDialect(versionOutput: output) ?? MediaCtlDialect(.v1_22)
    }

    /// What `media-ctl --version` printed on standard output (its first 4 KiB), or nil when
    /// it could not be started. Searched on PATH as execvp does (/bin:/usr/bin without
    /// one); standard input and error are /dev/null.
    static func versionOutput() -> String? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        defer { close(ends[0]) }
        // Neither end stays open in media-ctl beyond its standard output (dup2 clears the flag).
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [strdup("media-ctl"), strdup("--version"), nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let started = posix_spawnp(&pid, "media-ctl", &actions, nil, arguments, environ)
        close(ends[1])
        guard started == 0 else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while bytes.count < 4096 {
            let count = buffer.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: bytes, as: UTF8.self)
    }
}
