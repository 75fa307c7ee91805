import Glibc
import MediaController
import SystemPackage

/// The steps of a file operation after its start.
extension FileOperationRun {
    /// After the unbind, with the held nodes still open: releases the parked read, reads and
    /// writes the mapping, looks at the request.
    func afterUnbind(_ contract: inout [ContractCheck]) {
        if let parked {
            var outcome = UserfaultPin.Outcome.stuck(tid: 0)
            if (try? parked.release()) != nil { outcome = parked.waitForOutcome() }
            note(&contract, "read() released after the unbind", expected: "returned", actual: Self.kind(of: outcome))
            report.steps.append("the parked read() \(outcome.brief)")
        }
        if let mapping {
            // Through the kernel (a pipe), so that a page the unbind took away is EFAULT
            // here, not a SIGBUS that kills the run with the device unbound.
            note(&contract, "mapped buffer read after unbind", expected: "OK", actual: Self.touch(mapping.address, write: false))
            note(&contract, "mapped buffer written after unbind", expected: "OK", actual: Self.touch(mapping.address, write: true))
        }
        if let dequeuer {
            let outcome = dequeuer.outcome(within: 5)
            note(&contract, "DQBUF blocked across the unbind returned", expected: "returned", actual: outcome.hasPrefix("returned") ? "returned" : outcome)
            report.steps.append("after the unbind, the blocking DQBUF \(outcome) (\(dequeuer.frameCount) frames before)")
        }
        if let m2mCapture {
            // The job ran or was cancelled: a processed buffer may be dequeued, else ENODEV.
            report.steps.append("after the unbind, DQBUF on the capture queue: \(m2mCapture.dequeue())")
        }
        if let descriptor = request?.fileDescriptor {
            var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLPRI), revents: 0)
            let ready = poll(&entry, 1, 0)
            report.steps.append("after the unbind, poll on the request: \(ready == 1 ? "revents 0x\(String(entry.revents, radix: 16))" : "nothing")")
        }
    }

    /// After the held nodes were closed: the poll on the request must wake (its buffer's
    /// queue was released), then the mapping or the request goes, the last reference.
    func afterHandlesClosed(_ contract: inout [ContractCheck]) {
        if let poller {
            note(&contract, "poll on the request after its queue was released", expected: "POLLPRI", actual: poller.outcome(within: 5))
        }
        // The last references go on threads of their own: where the kernel frees what is
        // still in use, the oops kills that thread ("killed"), not the run.
        if let mapping {
            let (address, length) = (UInt(bitPattern: mapping.address), mapping.length)
            let result = OwnThread.run {
                munmap(UnsafeMutableRawPointer(bitPattern: address), length) == 0 ? "OK" : errnoName(Errno(rawValue: errno))
            }
            self.mapping = nil
            note(&contract, "munmap after the node was closed", expected: "OK", actual: result)
        }
        if let request {
            self.request = nil
            let result = OwnThread.run { request.close().map(errnoName) ?? "OK" }
            note(&contract, "request closed last", expected: "OK", actual: result)
        }
    }

    /// After the bind: stops the open/close threads, which must all stop.
    func afterBind(_ contract: inout [ContractCheck]) {
        guard racing else { return }
        racing = false
        let stuck = racers.stop()
        report.opens = racers.outcomes
        note(&contract, "open/close threads stopped after the bind", expected: "0 stuck", actual: "\(stuck) stuck")
    }

    /// Undoes what was started when the cycle cannot go on.
    func abandon() {
        try? parked?.release()
        dequeuer?.stop()
        if let mapping { munmap(mapping.address, mapping.length) }
        mapping = nil
        if racing { _ = racers.stop() }
        racing = false
        _ = request?.close()
        request = nil
    }

    private func note(_ contract: inout [ContractCheck], _ name: String, expected: String, actual: String) {
        contract.append(ContractCheck(name: name, node: report.node, expected: expected, actual: actual))
    }

    static func kind(of outcome: UserfaultPin.Outcome) -> String {
        switch outcome {
        case .returned: "returned"
        case .killed: "killed"
        case .stuck: "stuck"
        }
    }

    /// Reads or writes 64 bytes at `address` through the kernel, by a pipe (write(2) from the
    /// mapping, read(2) into it): OK, or the errno's name (EFAULT for a page that went).
    static func touch(_ address: UnsafeMutableRawPointer, write: Bool) -> String {
        let ends: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        do {
            ends = try FileDescriptor.pipe()
        } catch {
            return "pipe: " + errnoName(error as? Errno ?? .ioError)
        }
        let reader = OwnedDescriptor(adopting: ends.readEnd)
        let writer = OwnedDescriptor(adopting: ends.writeEnd)
        var bytes = [UInt8](repeating: 0xa5, count: 64)
        let moved: Int
        if write {
            guard Glibc.write(writer.fd.rawValue, &bytes, bytes.count) == bytes.count else { return "pipe write failed" }
            moved = Glibc.read(reader.fd.rawValue, address, bytes.count)
        } else {
            moved = Glibc.write(writer.fd.rawValue, address, bytes.count)
        }
        return moved == 64 ? "OK" : moved < 0 ? errnoName(Errno(rawValue: errno)) : "\(moved) of 64 bytes"
    }
}
