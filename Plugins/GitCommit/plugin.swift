import Foundation
import PackagePlugin

/// Writes `GitCommit.swift` (`let gitCommit = "…"`) before each build of the target it is
/// applied to: `git describe --always --dirty --abbrev=12` of the package's checkout, or
/// `unknown` outside one (a source archive). The file is rewritten only when the answer
/// changes, so an unchanged commit recompiles nothing.
@main
struct GitCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "GitCommit.swift")
        let script = """
            commit=$(git -C "$1" describe --always --dirty --abbrev=12 2>/dev/null) || commit=unknown
            line="let gitCommit = \\"$commit\\""
            [ "$(cat "$2" 2>/dev/null)" = "$line" ] || printf '%s\\n' "$line" >"$2"
            """
        return [
            .prebuildCommand(
                displayName: "git commit of \(context.package.displayName)",
                executable: URL(filePath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, output.path],
                outputFilesDirectory: context.pluginWorkDirectoryURL)
        ]
    }
}
