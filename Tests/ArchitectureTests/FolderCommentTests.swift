import Foundation
import Testing

/// Every Swift target, and every folder of a target with folders, opens with a file of its
/// own name (the executables: their entry file) whose comment says what it is for
/// (`// NAME: ...`), what it may use (`// May use: ...`) and what it imports
/// (`// Imports: ...`). The folder's layers and its files' imports keep the last two true.
@Suite struct FolderCommentTests {
    /// The file that opens each target, where it is not named after the target.
    static let entryFiles = ["mediactl": "Mediactl.swift", "mediactl-bench": "main.swift", "mediactl-fuzz": "FuzzMain.swift", "mediactl-lab": "Lab.swift", "mediactl-usbcam": "USBCam.swift"]
    /// Modules every file may import without saying so.
    static let system: Set<String> = ["Glibc", "Synchronization"]

    struct Opening {
        var name: String
        var mayUse: [String]
        var imports: [String]
    }

    /// The opening comment of `file`, nil when it has none of the three lines.
    static func opening(_ file: URL) throws -> Opening? {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        guard let first = lines.first, first.hasPrefix("// "), let colon = first.firstIndex(of: ":") else { return nil }
        func list(_ key: String) -> [String]? {
            guard let line = lines.first(where: { $0.hasPrefix("// \(key): ") }) else { return nil }
            return line.dropFirst(key.count + 5).trimmingCharacters(in: CharacterSet(charactersIn: "."))
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard let mayUse = list("May use"), let imports = list("Imports") else { return nil }
        return Opening(name: String(first.dropFirst(3)[..<colon]), mayUse: mayUse, imports: imports)
    }

    /// The modules the Swift files below `folder` import, less the system's.
    static func imports(below folder: URL) throws -> [String] {
        let index = try SourceIndex(root: folder)
        return index.files.reduce(into: Set<String>()) { $0.formUnion($1.imports) }.subtracting(system).sorted()
    }

    static func written(_ imports: [String]) -> [String] {
        imports == ["nothing but the standard library"] ? [] : imports.sorted()
    }

    @Test func everyTargetOpensWithItsComment() throws {
        let sources = LayeringTests.sources
        for target in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() {
            let folder = sources.appending(path: target)
            guard try FileManager.default.contentsOfDirectory(atPath: folder.path).contains(where: { $0.hasSuffix(".swift") })
                || LayeringTests.layered[target] != nil
            else { continue }  // a C shim: its header's comment opens it
            let file = folder.appending(path: Self.entryFiles[target] ?? "\(target).swift")
            let opening = try Self.opening(file)
            #expect(opening?.name == target, "\(target): \(file.lastPathComponent) opens with `// \(target): ...`")
            #expect(opening.map { Self.written($0.imports) } == (try Self.imports(below: folder)), "\(target): // Imports: lists what its files import")
        }
    }

    @Test(arguments: ["MediaController", "MediaStress"])
    func everyFolderOpensWithItsComment(target: String) throws {
        let layers = try #require(LayeringTests.layered[target])
        for folder in layers.ranks.keys.sorted() {
            let directory = LayeringTests.sources.appending(path: "\(target)/\(folder)")
            let opening = try Self.opening(directory.appending(path: "\(folder).swift"))
            #expect(opening?.name == folder, "\(target)/\(folder)/\(folder).swift opens with `// \(folder): ...`")
            let allowed = layers.ranks.keys.filter { layers.allows(folder, $0) }.sorted()
            let written = opening?.mayUse == ["no other folder of \(target)"] ? [] : opening?.mayUse.sorted()
            #expect(written == allowed, "\(target)/\(folder): // May use: is its layers' \(allowed)")
            #expect(opening.map { Self.written($0.imports) } == (try Self.imports(below: directory)), "\(target)/\(folder): // Imports: lists what its files import")
        }
    }
}
