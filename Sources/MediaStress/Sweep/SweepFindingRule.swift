/// When two findings of a sweep are the same finding. KASAN names an access to freed memory
/// out-of-bounds when the memory was handed out again meanwhile (vivid's freed device,
/// reused), so an out-of-bounds (or slab-out-of-bounds) counts as the use-after-free at the
/// same frames; no other kind does. The one place this rule is written: SWEEP.md's "closed
/// by v4?", the reproductions and the expectations (`mediactl-lab sweep`) all use it.
package enum SweepFindingRule {
    static let freedKinds = ["slab-out-of-bounds", "out-of-bounds"]
    static let freedAs = "use-after-free"

    /// A signature (`KIND: function <- ...`) or a headline (`KIND in function`) with an
    /// out-of-bounds kind named use-after-free; anything else as it is.
    package static func normalized(_ text: String) -> String {
        for kind in freedKinds {
            for separator in [": ", " in "] where text.hasPrefix(kind + separator) {
                return freedAs + text.dropFirst(kind.count)
            }
        }
        return text
    }

    /// Whether two signatures (or two headlines) name the same finding.
    package static func same(_ first: String, _ second: String) -> Bool {
        normalized(first) == normalized(second)
    }

    /// Whether `headline` is the finding `expected` names (`KIND in FUNCTION`): the same,
    /// or followed by more words (`use-after-free in f [module]`).
    package static func headline(_ headline: String, matches expected: String) -> Bool {
        let found = normalized(headline)
        let wanted = normalized(expected)
        return found == wanted || found.hasPrefix(wanted + " ")
    }
}
