// KTAP: the KTAP version 1 documents the project prints (the kernel's
// Documentation/dev-tools/ktap.rst): numbered test points (ok, not ok, # SKIP) with their
// diagnostic lines, nested subtests, kselftest's totals line, and test names that KernelCI
// and LKFT keep as written ([A-Za-z0-9_-]). One writer for check, validate, klog and stress.
//
// May use: no other target of the project.
// Imports: nothing but the standard library.

/// Text made fit for a KTAP line.
package enum KTAP {
    /// A test name KernelCI and LKFT keep as written: every run of characters outside
    /// `[A-Za-z0-9_-]` becomes one `_`, none at either end (`capture "Raw Capture 0" STREAMON`
    /// is `capture_Raw_Capture_0_STREAMON`); an empty name is `unnamed`.
    package static func name(_ text: String) -> String {
        var out = ""
        var pendingSeparator = false
        for character in text.unicodeScalars {
            let kept = character.isASCII
                && (("a"..."z").contains(character) || ("A"..."Z").contains(character) || ("0"..."9").contains(character)
                    || character == "_" || character == "-")
            if kept {
                if pendingSeparator, !out.isEmpty { out += "_" }
                pendingSeparator = false
                out.unicodeScalars.append(character)
            } else {
                pendingSeparator = true
            }
        }
        return out.isEmpty ? "unnamed" : out
    }

    /// Text on one line: newlines become spaces (a directive or diagnostic must not break).
    package static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    /// `# text`, on one line.
    package static func diagnostic(_ text: String) -> String {
        "# \(oneLine(text))\n"
    }
}

/// The numbered test points of one KTAP level and kselftest's totals line for them.
package struct KTAPPoints {
    package enum Result {
        case pass
        /// `reason` after the `not ok` line's `#` (nil: none).
        case fail(reason: String?)
        case skip(reason: String)
    }

    /// Leading spaces of this level (4 a nesting level, as ktap.rst indents subtests).
    let indent: String
    private(set) var number = 0
    /// The names used at this level: a name used again gets `_2`, `_3`... (KernelCI keys
    /// results by name).
    private var used: [String: Int] = [:]
    private(set) var passed = 0
    private(set) var failed = 0
    private(set) var skipped = 0

    package init(level: Int = 0) {
        indent = String(repeating: " ", count: 4 * level)
    }

    /// The version line and the plan of this level.
    package func header(plan: Int) -> String {
        "\(indent)KTAP version 1\n\(indent)1..\(plan)\n"
    }

    /// The next point's line, its name made a KTAP name (and unique at this level).
    package mutating func point(_ name: String, _ result: Result) -> String {
        number += 1
        var name = KTAP.name(name)
        let uses = (used[name] ?? 0) + 1
        used[name] = uses
        if uses > 1 { name += "_\(uses)" }
        let line: String
        switch result {
        case .pass:
            passed += 1
            line = "ok \(number) \(name)"
        case .fail(let reason):
            failed += 1
            line = "not ok \(number) \(name)" + (reason.map { " # \(KTAP.oneLine($0))" } ?? "")
        case .skip(let reason):
            skipped += 1
            line = "ok \(number) \(name) # SKIP \(KTAP.oneLine(reason))"
        }
        return indent + line + "\n"
    }

    /// `# text` at this level.
    package func diagnostic(_ text: String) -> String {
        indent + KTAP.diagnostic(text)
    }

    /// kselftest's `# Totals:` line.
    package var totals: String {
        indent + "# Totals: pass:\(passed) fail:\(failed) xfail:0 xpass:0 skip:\(skipped) error:0\n"
    }
}
