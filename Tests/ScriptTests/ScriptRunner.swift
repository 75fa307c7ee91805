import Glibc
import MediaControllerTestSupport

/// Runs bash snippets against the repository's Scripts/ (found from this file's path) and
/// gives their output as `NAME=VALUE` lines.
enum ScriptRunner {
    static let repository = TestMachine.repository

    static func fixture(_ name: String) -> String {
        repository + "/Tests/ScriptTests/Fixtures/" + name
    }

    /// Runs `script` with bash (strict mode) in the repository root, with `environment`
    /// exported first.
    static func bash(_ script: String, environment: [String: String] = [:]) async -> BuiltBinary.Result {
        let exports = environment.sorted { $0.key < $1.key }
            .map { "export \($0.key)=\(BuiltBinary.shellQuoted($0.value))" }
            .joined(separator: "\n")
        let full = "set -euo pipefail\ncd \(BuiltBinary.shellQuoted(repository))\n\(exports)\n\(script)"
        return await BuiltBinary.runProgram("/bin/bash", ["-c", full])
    }

    /// The `NAME=VALUE` lines of an output, as a dictionary (the last value wins).
    static func values(_ output: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    /// A new empty directory under /tmp.
    static func temporaryDirectory() -> String {
        FileTree.temporaryDirectory("script-test") ?? "/tmp/mediactl-script-test-failed"
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o644) {
        guard let file = fopen(path, "w") else { return }
        fputs(text, file)
        fclose(file)
        chmod(path, mode)
    }

    static func removeTree(_ path: String) {
        FileTree.remove(path)
    }
}
