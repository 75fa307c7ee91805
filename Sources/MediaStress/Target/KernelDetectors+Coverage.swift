/// Which classes of bug the detectors see, and what would make the kernel see the rest.
extension DetectorReading {
    typealias Coverage = KernelDetectors.Coverage

    var coverage: [Coverage] {
        let config = facts.config
        let slabRemedy =
            config?.isOn("CONFIG_SLUB_DEBUG") == true ? "boot with slub_debug=FZPU" : "build with CONFIG_KASAN=y"
        let pageRemedy =
            switch config.map({ $0.isOn("CONFIG_PAGE_POISONING") }) {
            case true?: "boot with page_poison=1 init_on_free=1"
            case false?: "boot with init_on_free=1, or build with CONFIG_KASAN=y"
            case nil: "boot with init_on_free=1 (and page_poison=1 where CONFIG_PAGE_POISONING is set)"
            }
        let kfenceRemedy =
            config?.isOn("CONFIG_KFENCE") == true
            ? "KFENCE samples them when armed (mediactl stress arms it unless --leave-detectors); for every access build with CONFIG_KASAN=y"
            : "build with CONFIG_KASAN=y"
        return [
            classify("use-after-free of slab objects", full: ["KASAN", "slub_debug poison"], partly: ["KFENCE"], remedy: slabRemedy),
            classify(
                "use-after-free of page allocations", full: ["KASAN", "page_poison", "init_on_free", "debug_pagealloc"],
                partly: [], remedy: pageRemedy),
            classify("out-of-bounds accesses", full: ["KASAN"], partly: ["KFENCE"], remedy: kfenceRemedy),
            classify("deadlocks and lock misuse", full: ["lockdep"], partly: [], remedy: "build with CONFIG_PROVE_LOCKING=y"),
            classify("memory leaks", full: ["kmemleak"], partly: [], remedy: "build with CONFIG_DEBUG_KMEMLEAK=y"),
            classify("list corruption", full: ["DEBUG_LIST"], partly: [], remedy: "build with CONFIG_DEBUG_LIST=y"),
        ]
    }

    /// Seen when one of `full` is on; partly when only one of `partly` is; unknown when
    /// none is on and one is unknown; else not seen.
    func classify(_ bug: String, full: [String], partly: [String], remedy: String) -> Coverage {
        let relevant = detectors.filter { full.contains($0.name) || partly.contains($0.name) }
        let because = relevant.map { "\($0.name) \($0.state == .on && !$0.detail.isEmpty ? $0.detail : $0.state.rawValue)" }
            .joined(separator: ", ")
        let seen: Coverage.Seen =
            if relevant.contains(where: { full.contains($0.name) && $0.state == .on }) {
                .yes
            } else if relevant.contains(where: { $0.state == .on }) {
                .partly
            } else if relevant.contains(where: { $0.state == .unknown }) {
                .unknown
            } else {
                .no
            }
        return Coverage(bug: bug, seen: seen, because: because, remedy: seen == .yes ? nil : remedy)
    }
}
