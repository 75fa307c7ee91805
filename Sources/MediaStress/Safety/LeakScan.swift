import Glibc
import KernelLog
import MediaController

/// Which of kmemleak's suspects a run counts as findings (`--leaks`).
package enum LeakScope: String, Sendable, CaseIterable {
    /// Objects whose allocation ran through the media core, V4L2, vb2, the DVB core or the
    /// device's driver.
    case device
    /// Every object kmemleak reports, of any code and any age (the known-leak control).
    case all
    /// No scan.
    case off
}

/// The scan after a run's cycles: waits out kmemleak's minimum object age (5 s, MSECS_MIN_AGE
/// in mm/kmemleak.c: younger objects are never reported), scans twice (an object whose
/// contents changed since the previous scan is not reported by that scan), reads the list
/// and charges each object to its allocating frame.
package struct LeakScan {
    /// mm/kmemleak.c MSECS_MIN_AGE, and a margin.
    static let minimumAge = 5.5
    package static let path = "/sys/kernel/debug/kmemleak"

    let scope: LeakScope
    let code: DeviceCode
    let path: String

    package init(scope: LeakScope, driver: String, path: String = Self.path) {
        self.scope = scope
        self.code = DeviceCode(driver: driver)
        self.path = path
    }

    /// Scans and reads; `cyclesEnded` is when the last cycle ended (monotonic seconds).
    package func run(cyclesEnded: Double, kmemleak: KernelDetectors.State) -> LeakReport {
        var report = LeakReport(scope: scope.rawValue, scanned: false)
        guard kmemleak == .on else {
            report.note = kmemleak == .off ? "the kernel has no kmemleak" : "kmemleak unknown (no kernel config, no debugfs)"
            return report
        }
        let start = MonotonicClock.now
        let wait = Self.minimumAge - (start - cyclesEnded)
        if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
        do throws(MediaError) {
            try TextFile.write("scan\n", to: path, creating: false)
            try TextFile.write("scan\n", to: path, creating: false)
            report = judge(try TextFile.read(path))
        } catch {
            report.note = error.description
        }
        report.seconds = MonotonicClock.now - start
        return report
    }

    /// The listing, judged by the scope.
    package func judge(_ listing: String) -> LeakReport {
        let objects = KmemleakObject.parse(listing)
        var report = LeakReport(scope: scope.rawValue, scanned: true, unreferenced: objects.count)
        for object in objects {
            if scope == .all || object.backtrace.contains(where: code.contains) {
                report.findings.append(object.finding)
            } else if let function = object.allocatingFrame?.function, !report.otherFunctions.contains(function),
                report.otherFunctions.count < 8
            {
                report.otherFunctions.append(function)
            }
        }
        return report
    }
}

/// The code a leak is charged to the device for: the media core, V4L2, vb2 and the DVB
/// core by their functions' prefixes and modules, and the driver by its name.
struct DeviceCode {
    static let prefixes = [
        "media_", "__media_", "v4l2_", "__v4l2_", "v4l_", "vb2_", "__vb2_", "video_", "__video_", "dvb_", "__dvb_",
    ]
    static let modules: Set<String> = [
        "mc", "videodev", "videobuf2_common", "videobuf2_v4l2", "videobuf2_memops", "videobuf2_vmalloc",
        "videobuf2_dma_contig", "videobuf2_dma_sg", "v4l2_mem2mem", "v4l2_async", "v4l2_fwnode", "dvb_core",
    ]
    /// Drivers whose functions are not named after them.
    static let driverPrefixes = ["uvcvideo": "uvc_"]

    let driverPrefix: String
    let driverModule: String

    init(driver: String) {
        driverPrefix = Self.driverPrefixes[driver] ?? driver.replacingDashes + "_"
        driverModule = driver.replacingDashes
    }

    func contains(_ frame: StackFrame) -> Bool {
        if let module = frame.module, Self.modules.contains(module) || module == driverModule { return true }
        return frame.function.hasPrefix(driverPrefix) || Self.prefixes.contains { frame.function.hasPrefix($0) }
    }
}

extension String {
    fileprivate var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
}
