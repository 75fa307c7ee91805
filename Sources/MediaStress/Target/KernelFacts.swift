import Glibc
package import MediaController

/// What the running kernel says of its bug detectors, as read before a run: its build
/// configuration, its command line, the slub_debug flags in force, KFENCE's sample interval,
/// lockdep's and kmemleak's files. Nil where a source could not be read: unknown, never off.
package struct KernelFacts: Sendable, Equatable {
    package var config: KernelConfig?
    package var commandLine: String
    /// Whether freed objects of kmalloc caches are poisoned (`/sys/kernel/slab/kmalloc-64/poison`).
    package var slabPoison: Bool?
    /// Whether kmalloc caches have red zones (`.../red_zone`).
    package var slabRedZone: Bool?
    /// KFENCE's sample interval in ms (`/sys/module/kfence/parameters/sample_interval`); 0: off.
    package var kfenceSampleInterval: Int?
    /// Whether `/proc/lockdep` exists (the kernel has lockdep).
    package var lockdepFile: Bool
    /// Whether `/sys/kernel/debug/kmemleak` exists; nil when debugfs is not mounted.
    package var kmemleakFile: Bool?

    package init(
        config: KernelConfig?, commandLine: String, slabPoison: Bool? = nil, slabRedZone: Bool? = nil,
        kfenceSampleInterval: Int? = nil, lockdepFile: Bool = false, kmemleakFile: Bool? = nil
    ) {
        self.config = config
        self.commandLine = commandLine
        self.slabPoison = slabPoison
        self.slabRedZone = slabRedZone
        self.kfenceSampleInterval = kfenceSampleInterval
        self.lockdepFile = lockdepFile
        self.kmemleakFile = kmemleakFile
    }

    static let kfenceInterval = "/sys/module/kfence/parameters/sample_interval"
    static let kmemleak = "/sys/kernel/debug/kmemleak"

    /// The facts of the running kernel. An unreadable config is unknown; a config that is
    /// there but is not a whole gzip stream is an error (one line, before any unbind).
    package static func read(release: String, commandLine: String) throws(MediaError) -> KernelFacts {
        func flag(_ path: String) -> Bool? { TextFile.readSmall(path).map { $0.hasPrefix("1") } }
        let debugfsMounted = (TextFile.readSmall("/proc/mounts", limit: 1 << 16) ?? "").contains(" /sys/kernel/debug debugfs ")
        return KernelFacts(
            config: try KernelConfig.running(release: release), commandLine: commandLine,
            slabPoison: flag("/sys/kernel/slab/kmalloc-64/poison"), slabRedZone: flag("/sys/kernel/slab/kmalloc-64/red_zone"),
            kfenceSampleInterval: TextFile.readSmall(kfenceInterval).flatMap { Int($0.prefix(while: \.isNumber)) },
            lockdepFile: access("/proc/lockdep", F_OK) == 0,
            kmemleakFile: debugfsMounted ? access(kmemleak, F_OK) == 0 : nil)
    }

    /// The value of `name=value` on the command line; "" for a bare `name`; nil when absent.
    package func parameter(_ name: String) -> String? {
        var found: String?
        for word in commandLine.split(separator: " ") {
            if word == name { found = "" }
            if word.hasPrefix(name + "=") { found = String(word.dropFirst(name.count + 1)) }
        }
        return found
    }

    /// Whether a boolean kernel parameter is on (`1`, `on`, `y`), off, or not given.
    package func switchedOn(_ name: String) -> Bool? {
        parameter(name).map { ["1", "on", "y", "yes", ""].contains($0.lowercased()) }
    }
}
