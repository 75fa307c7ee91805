/// The running kernel's bug detectors, and the classes of bug a run on it cannot see: a
/// clean verdict names them. Read from `KernelFacts` alone, so it is the same on a recording.
package struct KernelDetectors: Sendable, Codable, Equatable {
    package enum State: String, Sendable, Codable { case on, off, unknown }

    package struct Detector: Sendable, Codable, Equatable {
        package var name: String
        package var state: State
        /// The mode, interval or flags; why it is off or unknown.
        package var detail: String
    }

    /// A class of bug and whether the run could see it.
    package struct Coverage: Sendable, Codable, Equatable {
        package enum Seen: String, Sendable, Codable { case yes, partly, no, unknown }
        package var bug: String
        package var seen: Seen
        /// The detectors that decide it, with their states.
        package var because: String
        /// What would make the kernel see it: words for the command line, or a build option.
        package var remedy: String?
    }

    package var detectors: [Detector]
    package var coverage: [Coverage]
    /// Where the configuration was read from, nil when it could not be.
    package var configSource: String?
    /// What the run switched on for itself and put back after it, a line each.
    package var armed: [String] = []

    /// The classes a run was blind to (or may have been: unknown), for a clean verdict.
    package var blindSpots: [Coverage] { coverage.filter { $0.seen == .no || $0.seen == .unknown } }

    /// The run did not look for `bug` although the kernel could have seen it (`--leaks off`,
    /// a scan that failed): the class is blind, `because` says why.
    package mutating func markBlind(_ bug: String, because: String, remedy: String) {
        guard let index = coverage.firstIndex(where: { $0.bug == bug }), coverage[index].seen != .no else { return }
        coverage[index].seen = .no
        coverage[index].because = because
        coverage[index].remedy = remedy
    }

    /// The kernel delays every kobject release by 1 to 4 s (CONFIG_DEBUG_KOBJECT_RELEASE,
    /// lib/kobject.c): a cycle waits that long before it reads the kernel log.
    package var delaysReleases: Bool {
        detectors.contains { $0.name == "kobject-release" && $0.state == .on }
    }

    package init(_ facts: KernelFacts) {
        let reading = DetectorReading(facts)
        detectors = reading.detectors
        coverage = reading.coverage
        configSource = facts.config?.source
    }
}

/// The evaluation behind `KernelDetectors`.
struct DetectorReading {
    let facts: KernelFacts
    let detectors: [KernelDetectors.Detector]

    init(_ facts: KernelFacts) {
        self.facts = facts
        detectors = [
            Self.kasan(facts), Self.kfence(facts), Self.slubPoison(facts), Self.pagePoison(facts),
            Self.initOnFree(facts), Self.debugPagealloc(facts), Self.lockdep(facts), Self.kmemleak(facts),
            Self.debugList(facts), Self.option(facts, "CONFIG_DEBUG_KOBJECT_RELEASE", "kobject-release", on: "releases delayed 1 to 4 s"),
        ]
    }

    typealias Detector = KernelDetectors.Detector

    /// On, off or unknown from a config option, when nothing else decides.
    static func option(_ facts: KernelFacts, _ name: String, _ detector: String, on detail: String = "") -> Detector {
        guard let config = facts.config else { return Detector(name: detector, state: .unknown, detail: "no kernel config to read") }
        return config.isOn(name)
            ? Detector(name: detector, state: .on, detail: detail)
            : Detector(name: detector, state: .off, detail: "\(name) not set")
    }

    static func kasan(_ facts: KernelFacts) -> Detector {
        var detector = option(facts, "CONFIG_KASAN", "KASAN")
        guard detector.state == .on, let config = facts.config else { return detector }
        detector.detail = config.isOn("CONFIG_KASAN_HW_TAGS") ? "hw-tags" : config.isOn("CONFIG_KASAN_SW_TAGS") ? "sw-tags" : "generic"
        if facts.parameter("kasan") == "off" { return Detector(name: "KASAN", state: .off, detail: "kasan=off on the command line") }
        return detector
    }

    static func kfence(_ facts: KernelFacts) -> Detector {
        if let interval = facts.kfenceSampleInterval {
            return interval > 0
                ? Detector(name: "KFENCE", state: .on, detail: "sample interval \(interval) ms")
                : Detector(name: "KFENCE", state: .off, detail: "sample interval 0")
        }
        var detector = option(facts, "CONFIG_KFENCE", "KFENCE")
        if detector.state == .on { detector = Detector(name: "KFENCE", state: .unknown, detail: "no sample_interval to read") }
        return detector
    }

    static func slubPoison(_ facts: KernelFacts) -> Detector {
        let flags = facts.parameter("slub_debug").map { $0.isEmpty ? "FZPU" : $0 }
        switch facts.slabPoison {
        case true?: return Detector(name: "slub_debug poison", state: .on, detail: "slub_debug=\(flags ?? "?")")
        case false?: return Detector(name: "slub_debug poison", state: .off, detail: "kmalloc caches not poisoned")
        case nil:
            if let config = facts.config, !config.isOn("CONFIG_SLUB_DEBUG") {
                return Detector(name: "slub_debug poison", state: .off, detail: "CONFIG_SLUB_DEBUG not set")
            }
            return Detector(name: "slub_debug poison", state: .unknown, detail: "no /sys/kernel/slab to read")
        }
    }

    static func pagePoison(_ facts: KernelFacts) -> Detector {
        var detector = option(facts, "CONFIG_PAGE_POISONING", "page_poison")
        if detector.state == .on, facts.switchedOn("page_poison") != true {
            detector = Detector(name: "page_poison", state: .off, detail: "page_poison=1 not on the command line")
        }
        return detector
    }

    static func initOnFree(_ facts: KernelFacts) -> Detector {
        if let given = facts.switchedOn("init_on_free") {
            return Detector(name: "init_on_free", state: given ? .on : .off, detail: "init_on_free=\(facts.parameter("init_on_free") ?? "")")
        }
        let detector = option(facts, "CONFIG_INIT_ON_FREE_DEFAULT_ON", "init_on_free", on: "on by default")
        return detector.state == .off ? Detector(name: "init_on_free", state: .off, detail: "off by default") : detector
    }

    static func debugPagealloc(_ facts: KernelFacts) -> Detector {
        var detector = option(facts, "CONFIG_DEBUG_PAGEALLOC", "debug_pagealloc")
        guard detector.state == .on, let config = facts.config else { return detector }
        let on = facts.switchedOn("debug_pagealloc") ?? config.isOn("CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT")
        if !on { detector = Detector(name: "debug_pagealloc", state: .off, detail: "debug_pagealloc=on not on the command line") }
        return detector
    }

    static func lockdep(_ facts: KernelFacts) -> Detector {
        guard facts.lockdepFile else {
            return Detector(name: "lockdep", state: .off, detail: "no /proc/lockdep")
        }
        return option(facts, "CONFIG_PROVE_LOCKING", "lockdep", on: "PROVE_LOCKING")
    }

    static func kmemleak(_ facts: KernelFacts) -> Detector {
        if facts.parameter("kmemleak") == "off" { return Detector(name: "kmemleak", state: .off, detail: "kmemleak=off on the command line") }
        if let file = facts.kmemleakFile {
            return file ? Detector(name: "kmemleak", state: .on, detail: "") : Detector(name: "kmemleak", state: .off, detail: "no debugfs kmemleak file")
        }
        var detector = option(facts, "CONFIG_DEBUG_KMEMLEAK", "kmemleak")
        if detector.state == .on, facts.config?.isOn("CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF") == true, facts.parameter("kmemleak") != "on" {
            detector = Detector(name: "kmemleak", state: .off, detail: "off by default (kmemleak=on not given)")
        }
        return detector
    }

    static func debugList(_ facts: KernelFacts) -> Detector {
        let detector = option(facts, "CONFIG_DEBUG_LIST", "DEBUG_LIST")
        if detector.state == .off, facts.config?.isOn("CONFIG_LIST_HARDENED") == true {
            return Detector(name: "DEBUG_LIST", state: .on, detail: "LIST_HARDENED")
        }
        return detector
    }
}
