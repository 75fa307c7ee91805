import FoundationEssentials
import Glibc
import KernelLog
import MediaControllerTestSupport
import MediaStress
import Testing

/// `stress unbind --file-op` on the stock kernel, vimc and vivid: each operation is set up
/// before the unbind, observed after it, and drops the last reference at the end; an
/// operation the driver lacks is not-applicable (exit 2), never clean. Its own boot.
@Suite(.enabled(if: VMLane.isPhase("fileops") && TestMachine.isRoot, "needs the VM lane's fileops phase, as root"), .serialized)
struct FileOperationLaneTests {
    static func run(_ device: String, _ operation: String) async throws -> (status: Int32, report: StressReport, cycle: CycleReport?) {
        let result = await BuiltBinary.run(["stress", "unbind", "-d", device, "--file-op", operation, "--format", "json"])
        let report = try JSONDecoder().decode(StressReport.self, from: Data(result.stdout.utf8))
        let cycle = report.cycles.first
        print("fileops: \(device) \(operation): exit \(result.status), verdict \(report.verdict), steps \(cycle?.fileOperation?.steps ?? []), "
            + "failed checks \(cycle?.contract.filter { !$0.passed }.map(\.name) ?? []), error \(report.error ?? "none"), "
            + "findings \(report.uniqueFindings.map(\.finding.summary))")
        return (result.status, report, cycle)
    }

    static func bound(_ driver: String) -> Bool {
        access("/sys/bus/platform/drivers/\(driver)/\(driver).0", F_OK) == 0
    }

    /// vimc's capture nodes have no read I/O (vimc-capture.c sets V4L2_CAP_STREAMING only)
    /// and vimc registers no media_device_ops, so MEDIA_IOC_REQUEST_ALLOC is ENOTTY.
    @Test(arguments: ["read", "request", "request-queued", "request-poll"])
    func whatVimcLacksIsNotApplicable(operation: String) async throws {
        let run = try await Self.run("vimc", operation)
        let reason = run.report.error ?? ""
        #expect(run.status == 2 && run.report.notApplicable?.cause == .device, "\(operation): \(reason)")
        #expect(Self.bound("vimc"))
    }

    /// A buffer mapped before the unbind stays readable and writable after it (the mapping
    /// holds the buffer), and unmapping it after the node was closed is fine.
    @Test(arguments: ["vimc", "vivid"])
    func aMappingOutlivesTheUnbindAndTheNode(device: String) async throws {
        let run = try await Self.run(device, "mmap")
        let cycle = try #require(run.cycle)
        #expect(run.status == 0 && run.report.verdict == .clean, "\(device)")
        let names = Set(cycle.contract.map(\.name))
        #expect(names.isSuperset(of: ["mapped buffer read after unbind", "mapped buffer written after unbind", "munmap after the node was closed"]))
        #expect(cycle.contract.allSatisfy { $0.passed })
        #expect(Self.bound(device))
    }

    /// vivid's capture node has read I/O: the read parks at the copy of a frame with the
    /// queue's lock held, which vb2_video_unregister_device takes, so the unbind waits for
    /// the released read, which returns.
    @Test func aParkedReadMakesVividsUnbindWaitAndReturns() async throws {
        let run = try await Self.run("vivid", "read")
        let cycle = try #require(run.cycle)
        #expect(run.status == 0 && run.report.verdict == .clean)
        let first = cycle.fileOperation?.steps.first ?? ""
        #expect(first.hasPrefix("read() parked at the copy of a frame"), "\(first)")
        #expect(cycle.unbindWaitedForParkedIoctl == true)
        #expect(cycle.contract.contains { $0.name == "read() released after the unbind" && $0.passed })
        #expect(Self.bound("vivid"))
    }

    /// vivid supports requests: the request is allocated, queued with a buffer, polled; the
    /// poll wakes with POLLPRI once the buffer's queue is released (the request completes);
    /// the request is closed last. The KASAN kernels find a use-after-free of the freed media
    /// device in media_request_release here (Scripts/kernel/SWEEP.md); vivid's device is a
    /// page allocation, which slub_debug (this boot) does not poison: the stock kernel cannot
    /// see it, and the verdict must say so, never a bare "clean". Booted with page_poison=1
    /// init_on_free=1 it is a finding (PoisonedKernelLaneTests).
    @Test(arguments: ["request", "request-queued", "request-poll"])
    func vividsRequestIsClosedLast(operation: String) async throws {
        let run = try await Self.run("vivid", operation)
        let cycle = try #require(run.cycle)
        #expect(run.status == 0 && run.report.verdict == .clean, "\(operation)")
        let blind = run.report.summary.blindTo ?? []
        #expect(blind.contains("use-after-free of page allocations"), "\(operation): \(blind)")
        #expect(cycle.contract.contains { $0.name == "request closed last" && $0.passed }, "\(operation)")
        if operation == "request-poll" {
            #expect(cycle.contract.contains { $0.name == "poll on the request after its queue was released" && $0.actual == "POLLPRI" })
        }
        if operation != "request" {
            let steps = cycle.fileOperation?.steps ?? []
            #expect(steps.contains { $0.hasSuffix("the request queued") }, "\(operation)")
        }
        #expect(Self.bound("vivid"))
    }

    /// Threads open and close every node through the unbind and the bind. On the stock
    /// kernel the race may oops in subdev_open (a subdev whose v4l2_device went away, the
    /// race udev's v4l_id runs): that finding and no other; the device comes back either way.
    @Test(arguments: ["vivid", "vimc"])
    func openRacesTheUnbindAndTheBind(device: String) async throws {
        let run = try await Self.run(device, "open")
        let cycle = try #require(run.cycle)
        let opens = cycle.fileOperation?.opens?.counts["open/close"] ?? [:]
        #expect((opens["OK"] ?? 0) > 0 && opens.keys.contains { $0 != "OK" }, "\(device): \(opens)")
        let signatures = run.report.uniqueFindings.map(\.finding.signature)
        #expect(signatures.allSatisfy { $0.hasPrefix("null-pointer-dereference: subdev_open") }, "\(device): \(signatures)")
        if signatures.isEmpty { #expect(run.status == 0 && cycle.contract.allSatisfy { $0.passed }, "\(device)") }
        #expect(Self.bound(device))
    }
}
