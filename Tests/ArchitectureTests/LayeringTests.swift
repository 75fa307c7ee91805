import Foundation
import Testing

/// The layers of the targets and of the folders inside MediaController and MediaStress
/// (Documentation/Architecture.md), read from the sources' syntax trees: a file may use
/// what its own folder and the folders of lower layers declare; folders of one layer do not
/// use each other.
@Suite struct LayeringTests {
    static let sources = URL(filePath: #filePath).deletingLastPathComponent()
        .appending(path: "../../Sources").standardized

    /// MediaController, bottom first:
    ///
    ///     0  Model, IO          plain values; fds, ioctl, errors (neither uses the other)
    ///     1  Decode             raw kernel structures -> Model, no I/O
    ///     2  Device             every ioctl: MediaDevice, SubdevNode, the data-source seams
    ///     3  Discovery, Render  udev/sysfs enumeration; text, JSON, DOT of Model values
    ///     4  Check, Pipeline, Recording, Validate   features
    ///
    /// Render turns Model values into text: it uses Model alone.
    static let mediaController = Layers(
        ranks: [
            "Model": 0, "IO": 0, "Decode": 1, "Device": 2, "Discovery": 3, "Render": 3,
            "Check": 4, "Pipeline": 4, "Recording": 4, "Validate": 4,
        ],
        only: ["Render": ["Model"]], dependencies: [])

    /// MediaStress, bottom first:
    ///
    ///     0  Target          the bound device: node kinds, bind/unbind, node waits, environment
    ///     1  Handles         held fds, the UAPI ioctl catalog and probes, hammers, contract checks
    ///     2  Pin, Stream     userfaultfd parks; streaming from a capture node
    ///     3  FileOps         file operations across the unbind (they park with Pin)
    ///     4  Engine          the cycle, its configuration and its records
    ///     5  Safety, Report  lock, journal, recovery, preflight, the guarded session; renderers
    ///     6  Sweep           cells, runs of the session, states, Markdown
    static let mediaStress = Layers(
        ranks: [
            "Target": 0, "Handles": 1, "Pin": 2, "Stream": 2, "FileOps": 3, "Engine": 4,
            "Safety": 5, "Report": 5, "Sweep": 6,
        ],
        only: [:], dependencies: ["MediaController", "KernelLog"])

    static let layered = ["MediaController": mediaController, "MediaStress": mediaStress]

    @Test(arguments: [("MediaController", mediaController), ("MediaStress", mediaStress)])
    func foldersPointDownOnly(target: String, layers: Layers) throws {
        let root = Self.sources.appending(path: target)
        let folders = try Set(FileManager.default.contentsOfDirectory(atPath: root.path))
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".docc") && !$0.hasSuffix(".swift") }
        #expect(folders == Set(layers.ranks.keys), "every folder has a layer, every layer a folder")
        let index = try SourceIndex(root: root, dependencies: layers.dependencies.map { Self.sources.appending(path: $0) })
        #expect(index.files.allSatisfy { !$0.folder.isEmpty || $0.name == "\(target).swift" }, "every file is in a folder")
        let violations = index.backEdges(allowed: layers.allows)
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    /// The targets: shims and KTAP, then KernelLog, MediaController and USBCamera (which know
    /// nothing of each other), then MediaStress, then the executables. Read from every file's imports.
    static let targets: [String: Int] = [
        "CLinuxMedia": 0, "CUdev": 0, "KTAP": 0, "KernelLog": 1, "MediaController": 1, "MediaStress": 2,
        "MediaControllerTestSupport": 2, "mediactl": 3, "mediactl-bench": 3, "mediactl-fuzz": 3, "mediactl-lab": 3, "CZlib": 0,
        "USBCamera": 1, "mediactl-usbcam": 3, "CMediactlStart": 0,
    ]

    @Test func targetsImportDownOnly() throws {
        var found: [String] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: Self.sources.path) {
            guard let rank = Self.targets[target] else { Issue.record("\(target) has no rank"); continue }
            for file in try SourceIndex(root: Self.sources.appending(path: target)).files {
                for module in file.imports {
                    if let used = Self.targets[module], used >= rank { found.append("\(target)/\(file.name) imports \(module)") }
                }
            }
        }
        #expect(found.isEmpty, "\(found.sorted().joined(separator: "\n"))")
    }

    /// The check itself, on a small tree with one edge of each kind it must see: a type, a
    /// member of an extension reached as `.name`, a static member, a free function, an
    /// extended type, a nested type; and what it must not count: comments, strings, private
    /// declarations, instance members of a type's own body, uses inside the own folder.
    @Test func findsEachKindOfBackEdge() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "layering-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "Model/Values.swift": "public struct PadValue { public var wide: Int }\nfunc modelHelper() {}\n",
            "IO/Err.swift": "public struct FailureThing: Error {}\nextension FailureThing { static let badThing = FailureThing() }\n",
            "Device/Dev.swift": """
                public final class TheDevice { let v: PadValue? = nil; var count: Int { 0 } }
                extension Request { static let deviceCall = Request() }
                private func hidden() {}
                func use() -> Request { .pipeCall }
                """,
            "Decode/Dec.swift": "// TheDevice in a comment is no use\nlet s = \"TheDevice\"\nstruct D { let d: TheDevice }\n",
            "Render/R.swift": """
                struct R { let f: FailureThing }
                let x = [1].count
                func h() { hidden() }
                func show(entity: Int) -> Int { entity + PadValue(wide: 1).entity }
                """,
            "Pipeline/P.swift": """
                public struct PipeThing { let d: TheDevice; public enum Inner {} }
                extension Request { static let pipeCall = Request() }
                func pipelineHelper() {}
                """,
            "Check/C.swift": "struct C { let p: PipeThing.Inner }\n",
            "Discovery/Disc.swift": "func discover() { pipelineHelper() }\nextension PadValue { var entity: Int { 0 } }\n",
            "Validate/V.swift": "extension PipeThing {}\n",
            "Recording/Rec.swift": "func record() throws { throw FailureThing.badThing }\n",
        ]
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let violations = try SourceIndex(root: root).backEdges(allowed: Self.mediaController.allows)
        #expect(violations == [
            "Check/C.swift uses Inner (Pipeline)",
            "Check/C.swift uses PipeThing (Pipeline)",
            "Decode/Dec.swift uses TheDevice (Device)",
            "Device/Dev.swift uses pipeCall (Pipeline)",
            "Discovery/Disc.swift uses pipelineHelper (Pipeline)",
            "Render/R.swift uses FailureThing (IO)",
            "Validate/V.swift uses PipeThing (Pipeline)",
        ])
    }
}

/// The layer of each folder of a target, and the folders some may use exclusively.
struct Layers: Sendable, CustomTestStringConvertible {
    var ranks: [String: Int]
    /// Folders limited to these (besides themselves), whatever their rank.
    var only: [String: Set<String>]
    /// The targets it imports (their static members and enum cases may be what `.name` means).
    var dependencies: [String]

    func allows(_ user: String, _ used: String) -> Bool {
        guard let from = ranks[user], let to = ranks[used] else { return false }
        if let limit = only[user] { return limit.contains(used) }
        return to < from
    }

    var testDescription: String { ranks.keys.sorted().joined(separator: ",") }
}
