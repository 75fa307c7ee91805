import Foundation
import Testing

/// The layers inside MediaController (README, "Layout"), read from the sources: a file may
/// use the types of its own folder and of folders in lower layers only; the feature folders
/// do not use each other; Render uses Model alone.
///
///     0  Model, IO          plain values; fds, ioctl, errors (neither uses the other)
///     1  Decode             raw kernel structures -> Model, no I/O
///     2  Device             every ioctl: MediaDevice, SubdevNode, the data-source seams
///     3  Discovery, Render  udev/sysfs enumeration; text, JSON, DOT of Model values
///     4  Check, Pipeline, Recording, Validate   features
@Suite struct LayeringTests {
    static let layers: [String: Int] = [
        "Model": 0, "IO": 0, "Decode": 1, "Device": 2, "Discovery": 3, "Render": 3,
        "Check": 4, "Pipeline": 4, "Recording": 4, "Validate": 4,
    ]
    /// Render turns Model values into text; it reaches no device and no feature.
    static let renderMayUse: Set<String> = ["Render", "Model"]

    @Test func mediaControllerFoldersPointDownOnly() throws {
        let root = URL(filePath: #filePath).deletingLastPathComponent()
            .appending(path: "../../Sources/MediaController").standardized
        let folders = try Set(FileManager.default.contentsOfDirectory(atPath: root.path))
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".docc") }
        #expect(folders == Set(Self.layers.keys), "every folder has a layer, every layer a folder")
        let violations = try Self.backEdges(in: root)
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    /// The targets: shims, then KernelLog and MediaController (which know nothing of each
    /// other), then MediaStress, then the executables. Read from every file's imports.
    static let targets: [String: Int] = [
        "CLinuxMedia": 0, "CUdev": 0, "KernelLog": 1, "MediaController": 1, "MediaStress": 2,
        "MediaControllerTestSupport": 2, "mediactl": 3, "mediactl-bench": 3, "mediactl-fuzz": 3,
    ]

    @Test func targetsImportDownOnly() throws {
        let sources = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources").standardized
        var found: [String] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: sources.path) {
            guard let rank = Self.targets[target] else { Issue.record("\(target) has no rank"); continue }
            let files = FileManager.default.enumerator(atPath: sources.appending(path: target).path)
            while let file = files?.nextObject() as? String {
                guard file.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: sources.appending(path: "\(target)/\(file)"), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                        words[..<at].allSatisfy({ ["public", "package", "internal", "@testable"].contains($0) })
                    else { continue }
                    let module = String(words[at + 1])
                    let used = Self.targets[module]
                    if let used, used >= rank { found.append("\(target)/\(file) imports \(module)") }
                }
            }
        }
        #expect(found.isEmpty, "\(found.sorted().joined(separator: "\n"))")
    }

    /// The check itself, on a small tree with one edge of each forbidden kind.
    @Test func findsEachKindOfBackEdge() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "layering-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "Model/Values.swift": "public struct PadValue {}\n",
            "IO/Err.swift": "public struct FailureThing: Error {}\n",
            "Device/Dev.swift": "public final class TheDevice { let v: PadValue? = nil }\n",
            "Decode/Dec.swift": "// TheDevice in a comment is no use\nlet s = \"TheDevice\"\nstruct D { let d: TheDevice }\n",
            "Render/R.swift": "struct R { let f: FailureThing }\n",
            "Pipeline/P.swift": "public struct PipeThing { let d: TheDevice }\n",
            "Check/C.swift": "struct C { let p: PipeThing }\n",
        ]
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let violations = try Self.backEdges(in: root)
        #expect(violations == [
            "Check/C.swift uses PipeThing (Pipeline)",
            "Decode/Dec.swift uses TheDevice (Device)",
            "Render/R.swift uses FailureThing (IO)",
        ])
    }

    /// "FILE uses TYPE (FOLDER)" for every use of a type declared at the top level of a
    /// folder the file's folder may not use. Comments and string literals are skipped.
    static func backEdges(in root: URL) throws -> [String] {
        var files: [(folder: String, name: String, text: String)] = []
        for folder in try FileManager.default.contentsOfDirectory(atPath: root.path) where layers[folder] != nil {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appending(path: folder).path)
            where name.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appending(path: "\(folder)/\(name)"), encoding: .utf8)
                files.append((folder, name, text))
            }
        }
        var owner: [String: String] = [:]
        for file in files {
            for line in file.text.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("\t") {
                if let name = declaredType(line) { owner[name] = file.folder }
            }
        }
        var found: [String] = []
        for file in files {
            for word in Set(identifiers(stripped(file.text))) {
                guard let folder = owner[word], folder != file.folder, !allowed(file.folder, folder) else { continue }
                found.append("\(file.folder)/\(file.name) uses \(word) (\(folder))")
            }
        }
        return found.sorted()
    }

    static func allowed(_ user: String, _ used: String) -> Bool {
        guard let from = layers[user], let to = layers[used] else { return false }
        if user == "Render" { return renderMayUse.contains(used) }
        return to < from
    }

    /// The name a top-level `struct`/`enum`/`class`/`protocol`/`typealias`/`actor` declares.
    static func declaredType(_ line: Substring) -> String? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "<" || $0 == "{" || $0 == "=" })
        let kinds: Set<Substring> = ["struct", "enum", "class", "protocol", "typealias", "actor"]
        let modifiers: Set<Substring> = ["public", "package", "internal", "private", "fileprivate", "final", "indirect"]
        var index = 0
        while index < words.count, words[index].hasPrefix("@") || modifiers.contains(words[index]) { index += 1 }
        guard index + 1 < words.count, kinds.contains(words[index]) else { return nil }
        return String(words[index + 1])
    }

    /// The text without comments and string literals.
    static func stripped(_ text: String) -> String {
        var out = ""
        var chars = Array(text)[...]
        while let c = chars.first {
            if chars.starts(with: "//") {
                chars = chars.drop(while: { $0 != "\n" })
            } else if chars.starts(with: "/*") {
                if let end = chars.indices.first(where: { $0 > chars.startIndex && chars[$0 - 1] == "*" && chars[$0] == "/" && $0 > chars.startIndex + 1 }) {
                    chars = chars[(end + 1)...]
                } else { chars = [] }
            } else if c == "\"" {
                chars = chars.dropFirst()
                while let d = chars.first, d != "\"" && d != "\n" { chars = chars.dropFirst(d == "\\" ? 2 : 1) }
                chars = chars.dropFirst()
                out += "\"\""
            } else {
                out.append(c)
                chars = chars.dropFirst()
            }
        }
        return out
    }

    static func identifiers(_ text: String) -> [String] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
    }
}
