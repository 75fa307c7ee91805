import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

@testable import MediaStress

/// The detectors of a kernel and what a run on it cannot see, from the facts a run reads.
/// The expectations are what Debian 6.12.117's configuration says (the lines below are
/// taken verbatim from /boot/config-6.12.117+deb12-amd64, `grep` of the detector options)
/// and what KASAN, slub_debug, page_poison, init_on_free and KFENCE are documented to catch
/// (Documentation/dev-tools/kasan.rst, kfence.rst, mm/slub.rst, the kernel parameters).
@Suite struct KernelDetectorsTests {
    static let debian612 = KernelConfig.parse(
        """
        CONFIG_LOCKDEP_SUPPORT=y
        # CONFIG_INIT_ON_FREE_DEFAULT_ON is not set
        CONFIG_LIST_HARDENED=y
        # CONFIG_DEBUG_PAGEALLOC is not set
        CONFIG_SLUB_DEBUG=y
        # CONFIG_SLUB_DEBUG_ON is not set
        CONFIG_PAGE_POISONING=y
        # CONFIG_DEBUG_KMEMLEAK is not set
        # CONFIG_KASAN is not set
        CONFIG_KFENCE=y
        CONFIG_KFENCE_SAMPLE_INTERVAL=0
        CONFIG_KFENCE_NUM_OBJECTS=255
        # CONFIG_PROVE_LOCKING is not set
        CONFIG_DEBUG_LIST=y
        """, source: "/boot/config-6.12.117+deb12-amd64")

    /// The project's KASAN kernels (Scripts/kernel/kasan-vimc.config, the KASAN lines).
    static let kasan = KernelConfig.parse(
        "CONFIG_KASAN=y\nCONFIG_KASAN_GENERIC=y\nCONFIG_KASAN_INLINE=y\nCONFIG_SLUB_DEBUG=y\nCONFIG_KFENCE=y\n",
        source: "/proc/config.gz")

    static func seen(_ detectors: KernelDetectors) -> [String: KernelDetectors.Coverage.Seen] {
        Dictionary(uniqueKeysWithValues: detectors.coverage.map { ($0.bug, $0.seen) })
    }

    /// The lane's stock kernel as it boots by default (slub_debug=FZPU): a freed slab object
    /// is poisoned, a freed page is not: vivid's freed device goes unseen.
    @Test func stockKernelWithSlubDebugIsBlindToPages() {
        let facts = KernelFacts(
            config: Self.debian612, commandLine: "console=ttyS0 slub_debug=FZPU", slabPoison: true, slabRedZone: true,
            kfenceSampleInterval: 0, lockdepFile: false, kmemleakFile: false)
        let detectors = KernelDetectors(facts)
        #expect(Self.seen(detectors) == [
            "use-after-free of slab objects": .yes,
            "use-after-free of page allocations": .no,
            "out-of-bounds accesses": .no,
            "deadlocks and lock misuse": .no,
            "memory leaks": .no,
            "list corruption": .yes,
        ])
        let page = detectors.blindSpots.first { $0.bug == "use-after-free of page allocations" }
        #expect(page?.remedy == "boot with page_poison=1 init_on_free=1")
        #expect(page?.because == "KASAN off, page_poison off, init_on_free off, debug_pagealloc off")
    }

    /// page_poison=1 and init_on_free=1 on the command line (KERNEL-LAB: vivid's request use-
    /// after-free becomes a general protection fault) and KFENCE armed.
    @Test func poisonedPagesAndKfenceAreSeen() {
        let facts = KernelFacts(
            config: Self.debian612, commandLine: "slub_debug=FZPU page_poison=1 init_on_free=1", slabPoison: true,
            kfenceSampleInterval: 100, lockdepFile: false, kmemleakFile: nil)
        let seen = Self.seen(KernelDetectors(facts))
        #expect(seen["use-after-free of page allocations"] == .yes)
        #expect(seen["out-of-bounds accesses"] == .partly)
        #expect(seen["memory leaks"] == .no, "CONFIG_DEBUG_KMEMLEAK is not set: no debugfs needed to know")
    }

    @Test func kasanKernelSeesMemoryBugs() {
        let facts = KernelFacts(config: Self.kasan, commandLine: "slub_debug=FZPU", slabPoison: true, kfenceSampleInterval: 0)
        let detectors = KernelDetectors(facts)
        #expect(detectors.detectors.first?.state == .on && detectors.detectors.first?.detail == "generic")
        let seen = Self.seen(detectors)
        #expect(seen["use-after-free of slab objects"] == .yes && seen["use-after-free of page allocations"] == .yes)
        #expect(seen["out-of-bounds accesses"] == .yes)
        #expect(KernelDetectors(KernelFacts(config: Self.kasan, commandLine: "kasan=off")).detectors.first?.state == .off)
    }

    /// Without a config and without the files, unknown is said as unknown, never as off.
    @Test func nothingReadableIsUnknown() {
        let detectors = KernelDetectors(KernelFacts(config: nil, commandLine: ""))
        let seen = Self.seen(detectors)
        #expect(seen["use-after-free of slab objects"] == .unknown)
        #expect(seen["use-after-free of page allocations"] == .unknown)
        #expect(seen["memory leaks"] == .unknown)
        #expect(seen["deadlocks and lock misuse"] == .no, "no /proc/lockdep: the kernel has no lockdep")
        #expect(detectors.configSource == nil)
    }

    @Test func commandLineParameters() {
        let facts = KernelFacts(config: nil, commandLine: "root=/dev/vda slub_debug page_poison=on init_on_free=0 kfence.sample_interval=10")
        #expect(facts.parameter("slub_debug") == "" && facts.switchedOn("page_poison") == true)
        #expect(facts.switchedOn("init_on_free") == false && facts.switchedOn("debug_pagealloc") == nil)
        #expect(facts.parameter("kfence.sample_interval") == "10")
    }

    /// /proc/config.gz is a gzip stream: one made by gzip(1) reads back; a cut one is an error.
    @Test func gzipConfigReadsBack() async throws {
        let text = "CONFIG_KASAN=y\n# CONFIG_KFENCE is not set\n"
        let path = "/tmp/mediactl-config-\(getpid())"
        try TextFile.write(text, to: path)
        defer {
            unlink(path)
            unlink(path + ".gz")
        }
        #expect(await BuiltBinary.runProgram("/bin/gzip", ["-f", path]).status == 0)
        let bytes = try TextFile.readBytes(path + ".gz")
        let config = KernelConfig.parse(try KernelConfig.gunzip(bytes, path: path + ".gz"), source: "test")
        #expect(config.values == ["CONFIG_KASAN": "y"])
        #expect(throws: MediaError.self) { try KernelConfig.gunzip(Array(bytes.prefix(bytes.count / 2)), path: "cut") }
        #expect(throws: MediaError.self) { try KernelConfig.gunzip(Array(text.utf8), path: "plain") }
    }
}
