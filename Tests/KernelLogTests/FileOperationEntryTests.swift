import Testing

@testable import KernelLog

/// The file operation a finding came in by, from the frames of the real logs in
/// Fixtures/kmsg (copies of shared/fixtures/kmsg and the VM lane's own capture).
@Suite struct FileOperationEntryTests {
    @Test func theStockKasanReportsCameInByTheMediaDeviceIoctl() throws {
        let findings = try KmsgFixture.kasanUAF.findings()
        // The log: mutex_lock, media_device_get_info twice (KASAN), then the null-ptr-deref oops.
        let entries = findings.map { FileOperationEntry.find(in: $0)?.description }
        #expect(entries.first == "ioctl: media_device_ioctl -> mutex_lock")
        #expect(entries.contains("ioctl: media_device_ioctl -> media_device_get_info"))
        #expect(findings.allSatisfy { FileOperationEntry.find(in: $0)?.entry == "media_device_ioctl" })
    }

    @Test func theV4NullDereferenceCameInByTheSameEntry() throws {
        let findings = try KmsgFixture.kasanV4NullDeref.findings()
        let entry = try #require(findings.first.flatMap { FileOperationEntry.find(in: $0) })
        #expect(entry == FileOperationEntry(syscall: "ioctl", entry: "media_device_ioctl", path: ["media_device_ioctl", "media_device_get_info"]))
    }

    @Test func aDebianBuildWithoutVfsIoctlStopsAtTheSyscallFrame() throws {
        // Debian's kernel inlines vfs_ioctl: the trace goes media_device_ioctl [mc] <- __x64_sys_ioctl,
        // and the faulting function (__mutex_lock, from RIP) is not a frame of its own.
        for fixture in [KmsgFixture.debianGPF, .vmPinTwice] {
            let findings = try fixture.findings()
            #expect(!findings.isEmpty)
            for finding in findings {
                #expect(FileOperationEntry.find(in: finding)?.description == "ioctl: media_device_ioctl -> __mutex_lock", "\(fixture)")
            }
        }
    }

    @Test func framesAsTheSweepKeepsThemWithModules() {
        // SweepReport.Finding.frames: descriptions, innermost first.
        let entry = FileOperationEntry.find(frames: [
            "find_entity [mc]", "media_device_enum_links [mc]", "media_device_ioctl [mc]", "vfs_ioctl", "__x64_sys_ioctl",
        ])
        #expect(entry?.path == ["media_device_ioctl", "media_device_enum_links", "find_entity"])
    }

    @Test func openAndCloseAreNamedByTheirVfsFrames() {
        let open = FileOperationEntry.find(frames: ["subdev_open", "v4l2_open", "chrdev_open", "do_dentry_open", "vfs_open"])
        #expect(open == FileOperationEntry(syscall: "open", entry: "v4l2_open", path: ["v4l2_open", "subdev_open"]))
        let close = FileOperationEntry.find(function: "media_request_close", frames: ["__fput", "task_work_run"])
        #expect(close?.description == "close: media_request_close")
    }

    @Test func noEntryWithoutAVfsFrameOrWhenTheFaultIsInTheVfs() {
        // A worker's trace, a trace cut off before the VFS, a fault in vfs_ioctl itself.
        #expect(FileOperationEntry.find(frames: ["vimc_capture_process_frame", "kthread", "ret_from_fork"]) == nil)
        #expect(FileOperationEntry.find(frames: ["find_entity", "media_device_enum_links"]) == nil)
        #expect(FileOperationEntry.find(frames: ["vfs_ioctl", "__x64_sys_ioctl"]) == nil)
    }
}
