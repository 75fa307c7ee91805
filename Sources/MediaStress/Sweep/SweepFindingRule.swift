/// When two findings of a sweep are the same finding, and when a finding is the one an
/// expectation names. The one place this is written: SWEEP.md's "closed by v4?", the
/// reproductions and the expectations (`mediactl-lab sweep`) all ask here.
///
/// Two findings are the same when their signatures are; a different KASAN kind at the
/// same frames counts only where reproductions recorded it for that driver and function
/// (`facts`): KASAN names an access to freed memory out-of-bounds once the memory was
/// handed out again, which was seen for vivid's freed device and for no other driver.
package enum SweepFindingRule {
    /// A finding seen under several KASAN kinds at the same frames, from one run to the
    /// next, on one driver: recorded from the sweeps' reproductions, never assumed.
    package struct Fact: Sendable {
        package var driver: String
        /// The faulting functions (the first frame) it was seen in.
        package var functions: Set<String>
        package var kinds: Set<String>
        /// Where it was seen.
        package var evidence: String
    }

    package static let facts: [Fact] = [
        Fact(
            driver: "vivid", functions: ["mutex_lock", "__mutex_trylock_common", "do_raw_spin_lock", "queued_spin_lock_slowpath"],
            kinds: ["use-after-free", "out-of-bounds", "slab-out-of-bounds"],
            evidence: "Scripts/kernel/SWEEP.md, sweeps of 2026-12-01 (kasan-6.12 and -mc-v4, vivid): MEDIA_IOC_*:in cells "
                + "reproduced alone as use-after-free in one boot and out-of-bounds in another; vivid frees the media "
                + "device with struct vivid_dev, and the memory is handed out again"),
        Fact(
            driver: "vivid", functions: ["media_request_release"], kinds: ["use-after-free", "out-of-bounds", "slab-out-of-bounds"],
            evidence: "Scripts/kernel/SWEEP.md, sweeps of 2026-12-01 (vivid): file:request and MEDIA_IOC_REQUEST_ALLOC:out "
                + "found use-after-free and out-of-bounds in media_request_release <- media_request_close"),
    ]

    /// The kind, the faulting function and the rest of a signature (`KIND: f <- g ...`)
    /// or a headline (`KIND in f [module]`).
    static func parts(_ text: String) -> (kind: String, function: String, frames: String)? {
        for separator in [": ", " in "] {
            guard let range = text.firstRange(of: separator) else { continue }
            let kind = String(text[..<range.lowerBound])
            guard !kind.contains(" ") else { continue }
            let frames = String(text[range.upperBound...])
            let function = frames.split(separator: " ").first.map(String.init) ?? frames
            return (kind, function, frames)
        }
        return nil
    }

    /// Whether kinds `first` and `second` at `function` are one finding on `driver`.
    static func sameKind(_ first: String, _ second: String, at function: String, driver: String) -> Bool {
        first == second
            || facts.contains { $0.driver == driver && $0.functions.contains(function) && $0.kinds.isSuperset(of: [first, second]) }
    }

    /// Whether two signatures (or two headlines) of `driver`'s sweep name the same finding.
    package static func same(_ first: String, _ second: String, driver: String) -> Bool {
        if first == second { return true }
        guard let one = parts(first), let other = parts(second), one.frames == other.frames else { return false }
        return sameKind(one.kind, other.kind, at: one.function, driver: driver)
    }

    /// The spelling of an expectation that names the function and no kind.
    package static let anyKind = "any kind"

    /// Whether `headline` is the finding `expected` names: `KIND in FUNCTION` (that kind,
    /// or one recorded as the same for the driver) or `any kind in FUNCTION`, followed by
    /// nothing or more words (`use-after-free in f [module]`).
    package static func headline(_ headline: String, matches expected: String, driver: String) -> Bool {
        guard let found = parts(headline) else { return false }
        if expected.hasPrefix(anyKind + " in ") { return found.function == String(expected.dropFirst(anyKind.count + 4)) }
        guard let wanted = parts(expected), found.function == wanted.function else { return false }
        return sameKind(found.kind, wanted.kind, at: found.function, driver: driver)
    }
}
