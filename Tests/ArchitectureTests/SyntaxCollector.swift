import SwiftParser
import SwiftSyntax

/// One pass over a file's syntax tree: what it declares for other files, the names it binds
/// for itself (parameters, locals, its types' instance members), what it uses, what it imports.
final class SyntaxCollector: SyntaxVisitor {
    private enum Scope: Equatable { case type(visible: Bool), `extension`, body }

    private(set) var declared: [String: Set<SourceIndex.Role>] = [:]
    private(set) var used: [String: Set<SourceIndex.Use>] = [:]
    private(set) var imports: Set<String> = []
    /// For each `Type.member` used, the types named before it.
    private(set) var qualifiers: [String: Set<String>] = [:]
    /// Names the file binds itself: a bare use of one of them is its own.
    private var bound: Set<String> = []
    /// The cases of the file's own enums, private ones too: `.name` may mean one of them.
    private var cases: Set<String> = []
    private var scopes: [Scope] = []

    static func collect(_ text: String) -> SyntaxCollector {
        let collector = SyntaxCollector(viewMode: .sourceAccurate)
        collector.walk(Parser.parse(source: text))
        for name in collector.bound { collector.used[name]?.remove(.bare) }
        for name in collector.cases { collector.used[name]?.remove(.implicitMember) }
        collector.used = collector.used.filter { !$0.value.isEmpty }
        return collector
    }

    private func declare(_ name: String, _ role: SourceIndex.Role) { declared[name, default: []].insert(role) }
    private func use(_ name: String, _ how: SourceIndex.Use) { used[name, default: []].insert(how) }

    private static func visible(_ modifiers: DeclModifierListSyntax) -> Bool {
        !modifiers.contains { ["private", "fileprivate"].contains($0.name.text) }
    }

    /// The role of a function or variable declared here, nil when other files cannot use it
    /// by name (private, local, or an instance member of a type's own body).
    private func role(_ modifiers: DeclModifierListSyntax) -> SourceIndex.Role? {
        guard Self.visible(modifiers), enclosingVisible, scopes.last != .body else { return nil }
        if modifiers.contains(where: { ["static", "class"].contains($0.name.text) }) { return .staticMember }
        switch scopes.last {
        case nil: return .free
        case .extension: return .extensionMember
        case .type, .body: return nil
        }
    }

    /// Whether every type around here can be seen from other files.
    private var enclosingVisible: Bool {
        !scopes.contains { if case .type(visible: false) = $0 { true } else { false } }
    }

    // MARK: declarations

    private func enterType(_ name: TokenSyntax, _ modifiers: DeclModifierListSyntax) -> SyntaxVisitorContinueKind {
        let visible = Self.visible(modifiers) && enclosingVisible && !scopes.contains(.body)
        if visible { declare(name.text, scopes.isEmpty ? .type : .nestedType) }
        bound.insert(name.text)
        scopes.append(.type(visible: visible))
        return .visitChildren
    }

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { enterType(node.name, node.modifiers) }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { enterType(node.name, node.modifiers) }
    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { enterType(node.name, node.modifiers) }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { enterType(node.name, node.modifiers) }
    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { enterType(node.name, node.modifiers) }
    override func visitPost(_ node: StructDeclSyntax) { scopes.removeLast() }
    override func visitPost(_ node: EnumDeclSyntax) { scopes.removeLast() }
    override func visitPost(_ node: ClassDeclSyntax) { scopes.removeLast() }
    override func visitPost(_ node: ActorDeclSyntax) { scopes.removeLast() }
    override func visitPost(_ node: ProtocolDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        scopes.append(.extension)
        return .visitChildren
    }
    override func visitPost(_ node: ExtensionDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind {
        if Self.visible(node.modifiers), enclosingVisible, !scopes.contains(.body) {
            declare(node.name.text, scopes.isEmpty ? .type : .nestedType)
        }
        bound.insert(node.name.text)
        return .visitChildren
    }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        if case .identifier(let name) = node.name.tokenKind {
            if let role = role(node.modifiers) { declare(name, role) } else { bound.insert(name) }
        }
        scopes.append(.body)
        return .visitChildren
    }
    override func visitPost(_ node: FunctionDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        let role = role(node.modifiers)
        for binding in node.bindings {
            guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text else { continue }
            if let role { declare(name, role) } else { bound.insert(name) }
        }
        scopes.append(.body)
        return .visitChildren
    }
    override func visitPost(_ node: VariableDeclSyntax) { scopes.removeLast() }

    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind { scopes.append(.body); return .visitChildren }
    override func visitPost(_ node: InitializerDeclSyntax) { scopes.removeLast() }
    override func visit(_ node: DeinitializerDeclSyntax) -> SyntaxVisitorContinueKind { scopes.append(.body); return .visitChildren }
    override func visitPost(_ node: DeinitializerDeclSyntax) { scopes.removeLast() }
    override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind { scopes.append(.body); return .visitChildren }
    override func visitPost(_ node: SubscriptDeclSyntax) { scopes.removeLast() }

    // MARK: names the file binds for itself

    override func visit(_ node: IdentifierPatternSyntax) -> SyntaxVisitorContinueKind { bound.insert(node.identifier.text); return .visitChildren }
    override func visit(_ node: FunctionParameterSyntax) -> SyntaxVisitorContinueKind {
        bound.insert((node.secondName ?? node.firstName).text)
        return .visitChildren
    }
    override func visit(_ node: ClosureShorthandParameterSyntax) -> SyntaxVisitorContinueKind { bound.insert(node.name.text); return .visitChildren }
    override func visit(_ node: ClosureParameterSyntax) -> SyntaxVisitorContinueKind {
        bound.insert((node.secondName ?? node.firstName).text)
        return .visitChildren
    }
    override func visit(_ node: GenericParameterSyntax) -> SyntaxVisitorContinueKind { bound.insert(node.name.text); return .visitChildren }
    override func visit(_ node: EnumCaseElementSyntax) -> SyntaxVisitorContinueKind {
        if enclosingVisible { declare(node.name.text, .enumCase) }
        bound.insert(node.name.text)
        cases.insert(node.name.text)
        return .visitChildren
    }

    // MARK: uses

    override func visit(_ node: IdentifierTypeSyntax) -> SyntaxVisitorContinueKind { use(node.name.text, .type); return .visitChildren }
    override func visit(_ node: MemberTypeSyntax) -> SyntaxVisitorContinueKind { use(node.name.text, .memberType); return .visitChildren }

    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
        let name = node.baseName.text
        if let access = node.parent?.as(MemberAccessExprSyntax.self), access.declName.id == node.id {
            if let base = access.base {
                if let type = Self.typeName(base) {
                    use(name, .qualifiedMember)
                    qualifiers[name, default: []].insert(type)
                }
            } else {
                use(name, .implicitMember)
            }
        } else if node.parent?.is(KeyPathPropertyComponentSyntax.self) != true {
            use(name, .bare)
        }
        return .visitChildren
    }

    /// The type an expression before `.member` names (`IoctlRequest`; `Code` of
    /// `MediaError.Code`), nil for a value.
    private static func typeName(_ base: ExprSyntax) -> String? {
        if let type = base.as(TypeExprSyntax.self) { return type.type.as(IdentifierTypeSyntax.self)?.name.text }
        if let reference = base.as(DeclReferenceExprSyntax.self) {
            return reference.baseName.text.first?.isUppercase == true ? reference.baseName.text : nil
        }
        if let access = base.as(MemberAccessExprSyntax.self), access.declName.baseName.text.first?.isUppercase == true,
            access.base.flatMap(typeName) != nil
        {
            return access.declName.baseName.text
        }
        if let generic = base.as(GenericSpecializationExprSyntax.self) { return typeName(generic.expression) }
        return nil
    }

    override func visit(_ node: ImportDeclSyntax) -> SyntaxVisitorContinueKind {
        if let module = node.path.first?.name.text { imports.insert(module) }
        return .skipChildren
    }
}
