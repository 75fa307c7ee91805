import FoundationEssentials
import Glibc
import KernelLog
import MediaControllerTestSupport
import MediaStress
import Testing

/// The stock kernel booted with what turns reads of freed pages into faults
/// (`page_poison=1 init_on_free=1`, phase "poison"): vivid's request closed after its device
/// went, which the KASAN kernels call a use-after-free in media_request_release
/// (Scripts/kernel/SWEEP.md) and the default boot cannot see, is a finding here, in that
/// function. Verified by hand first (KERNEL-LAB: a general protection fault in
/// media_request_release [mc] for `request` and `request-queued`).
@Suite(.enabled(if: VMLane.isPhase("poison") && TestMachine.isRoot, "needs the VM lane's poison phase, as root"), .serialized)
struct PoisonedKernelLaneTests {
    @Test(arguments: ["request", "request-queued"])
    func vividsRequestClosedLastIsAFinding(operation: String) async throws {
        let run = try await FileOperationLaneTests.run("vivid", operation)
        #expect(run.status == 1 && run.report.verdict == .finding, "\(operation)")
        let functions = run.report.uniqueFindings.compactMap(\.finding.function)
        #expect(functions.contains("media_request_release"), "\(operation): \(functions)")
        let blind = run.report.summary.blindTo ?? []
        #expect(!blind.contains("use-after-free of page allocations"), "\(operation): the boot poisons freed pages")
        #expect(FileOperationLaneTests.bound("vivid"))
    }
}
