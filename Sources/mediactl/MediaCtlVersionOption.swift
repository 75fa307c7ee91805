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
        guard let binary = locate() else { return .newest }
        let output = cachedOutput(of: binary) ?? versionOutput().map { output in
            remember(output, of: binary)
            return output
        }
        guard let output else { return .newest }
        return MediaCtlDialect(versionOutput: output) ?? MediaCtlDialect(.v1_22)
    }

    /// The media-ctl execvp would run: the first executable regular file `media-ctl` in PATH's
    /// directories (/bin:/usr/bin without PATH), with what identifies that file's contents.
    struct Binary: Equatable {
        var path: String
        var identity: String
    }

    static func locate() -> Binary? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/bin:/usr/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/media-ctl"
            var info = stat()
            guard stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 else { continue }
            let identity = "\(info.st_dev) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            return Binary(path: candidate, identity: identity)
        }
        return nil
    }

    /// Where the answer of the last media-ctl asked is kept: starting a process costs more
    /// than the whole of `topology` (under emulation most of all), so it is asked again only
    /// when the binary changed (another path, inode, size or modification time).
    static var cacheFile: String? {
        if let xdg = getenv("XDG_CACHE_HOME"), xdg.pointee != 0 { return String(cString: xdg) + "/mediactl/media-ctl-version" }
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        return String(cString: home) + "/.cache/mediactl/media-ctl-version"
    }

    /// The kept answer when it is of this very binary: `PATH<TAB>IDENTITY` then the output.
    static func cachedOutput(of binary: Binary) -> String? {
        guard let file = cacheFile, let text = TextFile.readSmall(file, limit: 8192),
            let newline = text.firstIndex(of: "\n"), text[..<newline] == "\(binary.path)\t\(binary.identity)"
        else { return nil }
        return String(text[text.index(after: newline)...])
    }

    /// Keeps `output` for `binary`; a cache that cannot be written is no error (asked again).
    static func remember(_ output: String, of binary: Binary) {
        guard let file = cacheFile, let slash = file.lastIndex(of: "/") else { return }
        let directory = String(file[..<slash])
        if access(directory, F_OK) != 0 {
            if let parent = directory.lastIndex(of: "/") { _ = mkdir(String(directory[..<parent]), 0o755) }
            _ = mkdir(directory, 0o755)
        }
        // Whole or not at all: another mediactl may read it meanwhile.
        let scratch = "\(file).\(getpid())"
        guard (try? TextFile.write("\(binary.path)\t\(binary.identity)\n\(output)", to: scratch)) != nil else { return }
        if rename(scratch, file) != 0 { unlink(scratch) }
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
