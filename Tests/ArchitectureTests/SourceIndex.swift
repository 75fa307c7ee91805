import Foundation

/// What the files of one target declare and use, by folder, read from their syntax trees
/// (SwiftParser, `SyntaxCollector`). A declaration counts when another file can see it: a
/// type at any depth, a free function or global, a member of an extension, a static member.
/// A use counts where it can only mean such a declaration: a type's name, `.member` and
/// `Type.member` for static members, a bare name the file does not bind itself for free
/// functions and extension members. `value.member` is left out: without types, the member
/// of which type it is cannot be told.
struct SourceIndex {
    /// How a name was declared.
    enum Role: Hashable, Sendable { case type, nestedType, staticMember, enumCase, free, extensionMember }

    /// How a name was used, and the roles such a use can refer to.
    enum Use: Hashable, Sendable {
        case type, memberType, implicitMember, qualifiedMember, bare

        var roles: Set<Role> {
            switch self {
            case .type: [.type]
            case .memberType: [.type, .nestedType]
            case .implicitMember: [.staticMember, .enumCase]
            case .qualifiedMember: [.staticMember, .enumCase, .nestedType]
            case .bare: [.type, .free, .extensionMember]
            }
        }
    }

    struct File {
        var folder: String
        var name: String
        var declared: [String: Set<Role>]
        var used: [String: Set<Use>]
        /// For each `Type.member` used, the types named before it.
        var qualifiers: [String: Set<String>]
        var imports: Set<String>
    }

    var files: [File] = []
    /// Static members and enum cases the targets this one depends on declare: `.name` may
    /// mean one of them.
    var external: Set<String> = []

    /// Names a folder may declare and another use without an edge: the members that
    /// conformances to the standard library's protocols require.
    static let witnesses: Set<String> = [
        "description", "debugDescription", "hash", "rawValue", "allCases", "id", "encode",
        "errorDescription", "callAsFunction", "makeIterator", "next", "init",
    ]

    /// Every `.swift` file below `root`, keyed by the first folder under it ("" for a file at
    /// the root); `dependencies`: the folders of the targets it imports.
    init(root: URL, dependencies: [URL] = []) throws {
        for dependency in dependencies {
            for file in try SourceIndex(root: dependency).files {
                external.formUnion(file.declared.filter { !$0.value.isDisjoint(with: [.staticMember, .enumCase]) }.keys)
            }
        }
        let paths = FileManager.default.enumerator(atPath: root.path)
        while let path = paths?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let parts = path.split(separator: "/")
            let folder = parts.count > 1 ? String(parts[0]) : ""
            let text = try String(contentsOf: root.appending(path: path), encoding: .utf8)
            let collected = SyntaxCollector.collect(text)
            files.append(
                File(
                    folder: folder, name: path,
                    declared: collected.declared.filter { !Self.witnesses.contains($0.key) },
                    used: collected.used, qualifiers: collected.qualifiers, imports: collected.imports))
        }
        files.sort { $0.name < $1.name }
    }

    /// For each name, the folders that declare it and in which roles.
    var owners: [String: [String: Set<Role>]] {
        var owners: [String: [String: Set<Role>]] = [:]
        for file in files {
            for (name, roles) in file.declared { owners[name, default: [:]][file.folder, default: []].formUnion(roles) }
        }
        return owners
    }

    /// The folders other than `file`'s that a use of `name` there can refer to; nil when it
    /// can refer to the file's own folder, or to nothing of this target.
    private func referents(_ name: String, _ uses: Set<Use>, in file: File, owners: [String: [String: Set<Role>]]) -> Set<String>? {
        guard let declaring = owners[name], declaring[file.folder] == nil else { return nil }
        var uses = uses
        // `Type.member` of a type this target does not declare is that type's.
        if let types = file.qualifiers[name], !types.contains(where: { owners[$0] != nil }) { uses.remove(.qualifiedMember) }
        // `.member` may be a dependency's static member or enum case.
        if external.contains(name) { uses.remove(.implicitMember) }
        let roles = uses.reduce(into: Set<Role>()) { $0.formUnion($1.roles) }
        let folders = Set(declaring.filter { !$0.value.isDisjoint(with: roles) }.keys)
        return folders.isEmpty ? nil : folders
    }

    /// "FOLDER/FILE uses NAME (OWNER)" for every use of a name that only folders the file's
    /// folder may not use declare. A name its own folder declares is its own.
    func backEdges(allowed: (_ user: String, _ used: String) -> Bool) -> [String] {
        let owners = owners
        var found: [String] = []
        for file in files {
            for (name, uses) in file.used {
                guard let folders = referents(name, uses, in: file, owners: owners),
                    !folders.contains(where: { allowed(file.folder, $0) })
                else { continue }
                found.append("\(file.name) uses \(name) (\(folders.sorted().joined(separator: ", ")))")
            }
        }
        return found.sorted()
    }
}
