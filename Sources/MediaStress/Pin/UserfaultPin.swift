import CLinuxMedia
import Glibc
package import MediaController
import Synchronization
import SystemPackage

/// Parks one ioctl inside the kernel: its argument lives in a page registered with
/// userfaultfd, so the kernel's `copy_from_user` faults and waits until we resolve the
/// fault. Unbinding meanwhile makes the use-after-free race deterministic. Root only.
package final class UserfaultPin: Sendable {
    /// What happened to the parked ioctl after it was released.
    package enum Outcome: Sendable, Codable, Equatable {
        /// It returned; `errno` is nil on success.
        case returned(errno: String?)
        /// Its thread vanished without returning: the kernel killed it (an oops).
        case killed(tid: Int32)
        /// It neither returned nor vanished within the timeout.
        case stuck(tid: Int32)
    }

    package let ioctl: StressConfiguration.PinnedIoctl
    package let node: HeldNode
    private let userfaultFD: FileDescriptor
    /// Owns the userfaultfd: closed when the pin is released.
    private let owner: OwnedDescriptor
    private let pageAddress: UInt
    private let pageSize: Int
    private let threadID = Atomic<Int32>(0)
    private let finished = Atomic<Bool>(false)
    private let resultErrno = Atomic<Int32>(0)

    /// Creates the userfaultfd and registers one anonymous page with it.
    package init(ioctl: StressConfiguration.PinnedIoctl, handle: HeldHandle) throws(MediaError) {
        self.ioctl = ioctl
        self.node = handle.node
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let uffd = CLinuxMedia_userfaultfd(O_CLOEXEC | O_NONBLOCK)
        guard uffd >= 0 else {
            throw MediaError(
                code: .ioctlFailed, errno: Errno(rawValue: errno), operation: "userfaultfd",
                detail: "--pin needs root and CONFIG_USERFAULTFD")
        }
        let owned = OwnedDescriptor(adopting: FileDescriptor(rawValue: uffd))
        userfaultFD = owned.fd
        var api = uffdio_api()
        api.api = CLinuxMedia_UFFD_API
        if case .failure(let errno) = systemIoctl(userfaultFD, .uffdApi, &api) {
            throw MediaError(code: .ioctlFailed, errno: errno, operation: "UFFDIO_API")
        }
        guard let page = mmap(nil, pageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            page != MAP_FAILED
        else {
            throw MediaError(code: .ioctlFailed, errno: Errno(rawValue: errno), operation: "mmap")
        }
        pageAddress = UInt(bitPattern: page)
        var register = uffdio_register()
        register.range.start = UInt64(pageAddress)
        register.range.len = UInt64(pageSize)
        register.mode = CLinuxMedia_UFFDIO_REGISTER_MODE_MISSING
        if case .failure(let errno) = systemIoctl(userfaultFD, .uffdRegister, &register) {
            munmap(page, pageSize)
            throw MediaError(code: .ioctlFailed, errno: errno, operation: "UFFDIO_REGISTER")
        }
        pinnedFD = handle.fileDescriptor
        owner = owned
    }

    private let pinnedFD: FileDescriptor

    var request: IoctlRequest {
        switch ioctl {
        case .deviceInfo: .deviceInfo
        case .topology: .getTopology
        case .videoFormat: .getFormat
        case .subdevFormat: .subdevGetFormat
        }
    }

    /// Starts the ioctl on a thread and waits until the kernel faults on the page.
    /// Returns the seconds that took.
    package func park(timeout: Double = 5) throws(MediaError) -> Double {
        let start = MonotonicClock.now
        let request = self.request
        let fd = pinnedFD
        let address = pageAddress
        let started = startThread { [self] in
            threadID.store(CLinuxMedia_gettid(), ordering: .sequentiallyConsistent)
            let result = CLinuxMedia_ioctl(fd.rawValue, request.number, UnsafeMutableRawPointer(bitPattern: address))
            resultErrno.store(result == -1 ? errno : 0, ordering: .sequentiallyConsistent)
            finished.store(true, ordering: .sequentiallyConsistent)
        }
        guard started else { throw MediaError(code: .ioctlFailed, operation: "pthread_create") }
        var entry = pollfd(fd: userfaultFD.rawValue, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, Int32(timeout * 1000))
        guard ready == 1 else {
            throw MediaError(
                code: .timedOut, path: node.path, operation: "park \(request.name)",
                detail: finished.load(ordering: .sequentiallyConsistent)
                    ? "the ioctl returned before touching its argument" : "no page fault within \(timeout) s")
        }
        var message = uffd_msg()
        _ = withUnsafeMutableBytes(of: &message) { read(userfaultFD.rawValue, $0.baseAddress, $0.count) }
        return MonotonicClock.now - start
    }

    /// Resolves the fault with a zeroed page, so the parked ioctl resumes.
    package func release() throws(MediaError) {
        var source = [UInt8](repeating: 0, count: pageSize)
        let result = source.withUnsafeMutableBytes { bytes in
            var copy = uffdio_copy()
            copy.dst = UInt64(pageAddress)
            copy.src = UInt64(UInt(bitPattern: bytes.baseAddress))
            copy.len = UInt64(pageSize)
            return systemIoctl(userfaultFD, .uffdCopy, &copy)
        }
        if case .failure(let errno) = result {
            throw MediaError(code: .ioctlFailed, errno: errno, operation: "UFFDIO_COPY")
        }
    }

    /// Waits for the released ioctl to return, or for its thread to vanish.
    package func waitForOutcome(timeout: Double = 5) -> Outcome {
        let start = MonotonicClock.now
        let tid = threadID.load(ordering: .sequentiallyConsistent)
        while MonotonicClock.now - start < timeout {
            if finished.load(ordering: .sequentiallyConsistent) {
                let error = resultErrno.load(ordering: .sequentiallyConsistent)
                return .returned(errno: error == 0 ? nil : errnoName(Errno(rawValue: error)))
            }
            // Gone from /proc without having set `finished` (checked again: it may have
            // finished and exited between the two looks) means the kernel killed it.
            if tid != 0, access("/proc/self/task/\(tid)", F_OK) != 0, !finished.load(ordering: .sequentiallyConsistent) {
                return .killed(tid: tid)
            }
            usleep(2000)
        }
        return .stuck(tid: tid)
    }

    deinit {
        // The page stays mapped when the ioctl may still run: the kernel would write into it.
        if finished.load(ordering: .sequentiallyConsistent) {
            munmap(UnsafeMutableRawPointer(bitPattern: pageAddress), pageSize)
        }
    }
}
