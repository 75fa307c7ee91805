import Glibc
import Synchronization
import MediaController
import SystemPackage

/// The steps of one cycle up to the unbind, and what follows it until the bind.
extension StressEngine {
    /// One cycle; false when the device did not come back. A step that fails before the
    /// unbind ends the cycle with the device still bound.
    func runCycle(_ report: inout CycleReport, baseline: inout TopologyShape) -> Bool {
        let cycleStart = MonotonicClock.now
        steps = [(cycleStart, "cycle start")]
        defer { report.timings.total = MonotonicClock.now - cycleStart }
        let binding = SysfsBinding(target: target)
        guard let handles = hold(&report) else { return true }
        var work = CycleWork(handles: handles)
        guard load(&work, &report), unbind(binding, work, &report) else { return true }
        waitForNodesGone(&report)
        release(work, &report)
        checkAfterUnbind(work, &report)
        let back = rebind(binding, &report)
        work.fileOperation?.afterBind(&report.contract)
        report.fileOperation = work.fileOperation?.report
        if back { compareTopology(&baseline, &report) }
        if let wait = configuration.releaseWait, wait > 0 {
            step("release wait")
            usleep(UInt32(wait * 1_000_000))
        }
        collectFindings(&report)
        return back
    }

    /// Step 1: opens a descriptor on every node of the kinds in `--hold`. Nil when one
    /// cannot be opened (the others are closed again).
    func hold(_ report: inout CycleReport) -> [HeldHandle]? {
        step("open")
        let time = MonotonicClock.now
        var handles: [HeldHandle] = []
        for node in target.nodes where configuration.hold.contains(node.kind) {
            do throws(MediaError) {
                handles.append(try HeldHandle(node))
            } catch {
                report.fail(at: "open", error)
                for handle in handles { _ = handle.close() }
                return nil
            }
        }
        report.held = handles.map(\.node)
        report.timings.open = MonotonicClock.now - time
        return handles
    }

    /// Step 2: streams, hammers, parks an ioctl. False when one of them could not start
    /// (what did start is undone).
    func load(_ work: inout CycleWork, _ report: inout CycleReport) -> Bool {
        do throws(MediaError) {
            if configuration.stream {
                step("stream")
                work.stream = try CaptureStream(target: target)
            }
            try hammer(work, &report)
            if let pinned = configuration.pin {
                work.pin = try park(pinned, on: work.handles, &report)
            }
            if let operation = configuration.fileOperation {
                step("file-op \(operation.rawValue)")
                work.fileOperation = try FileOperationRun(operation, handles: work.handles, target: target)
            }
            return true
        } catch {
            report.fail(at: steps.last?.name, error)
            work.abandon()
            return false
        }
    }

    /// Runs the hammer threads for `--hammer-seconds`, and stops them unless they go on
    /// across the unbind.
    private func hammer(_ work: CycleWork, _ report: inout CycleReport) throws(MediaError) {
        let probes = IoctlProbe.kinds(for: work.handles, setupLink: try mutableLink())
        guard configuration.hammerThreads > 0 else { return }
        step("hammer")
        let time = MonotonicClock.now
        report.hammerThreads = work.hammer.start(
            threads: configuration.hammerThreads, handles: work.handles, probes: probes,
            churnPaths: work.handles.map(\.node.path), seed: configuration.seed &+ UInt64(report.index))
        usleep(UInt32(configuration.hammerSeconds * 1_000_000))
        if !configuration.hammerAcrossUnbind {
            report.stuckHammerThreads = work.hammer.stop()
        }
        report.timings.hammer = MonotonicClock.now - time
    }

    /// Parks `pinned` in a userfaultfd page fault on the held node of its kind.
    private func park(
        _ pinned: PinnedIoctl, on handles: [HeldHandle], _ report: inout CycleReport
    ) throws(MediaError) -> UserfaultPin {
        step("park \(pinned.rawValue)")
        guard let handle = PinRouting.handle(for: pinned, among: handles) else {
            throw MediaError(
                code: .invalidArgument, operation: "--pin \(pinned.rawValue)",
                detail: "no held \(pinned.nodeKind.rawValue) node (add it to --hold)")
        }
        let argument = try PinSetup.argument(for: pinned, on: handle, mediaNode: target.mediaNode)
        let parked = try UserfaultPin(.ioctl(pinned, argument), handle: handle)
        report.timings.park = try parked.park()
        return parked
    }

    /// A mutable data link in its current state, for SETUP_LINK to the same state.
    private func mutableLink() throws(MediaError) -> LegacyLink? {
        let legacy = try MediaDevice(path: target.mediaNode).legacyTopology()
        return legacy.entities.flatMap(\.links).first { !$0.flags.contains(.immutable) }
    }

    /// Step 3: unbinds. False when that failed: nothing was unbound, there is no contract
    /// to check, and what the cycle started is undone.
    func unbind(_ binding: SysfsBinding, _ work: CycleWork, _ report: inout CycleReport) -> Bool {
        step("unbind")
        let time = MonotonicClock.now
        do throws(MediaError) {
            if let pin = work.parked {
                report.unbindWaitedForParkedIoctl = try unbindBeside(pin, binding)
            } else {
                try binding.unbind()
            }
            report.timings.unbind = MonotonicClock.now - time
            return true
        } catch {
            report.fail(at: "unbind", error)
            try? work.parked?.release()
            work.abandon()
            return false
        }
    }

    /// Unbinds on a thread of its own while an ioctl is parked. A park point inside a lock
    /// the unbind needs (G_TOPOLOGY's and ENUM_LINKS' arrays are filled under graph_mutex,
    /// which media_device_unregister takes) blocks the unbind until the ioctl goes on: after
    /// `patience` seconds the ioctl is released, and true says the unbind waited for it.
    /// Somebody else's disconnection (`--await-unplug`) is not blocked by the run: the ioctl
    /// stays parked until the device is gone, or until the wait's end.
    private func unbindBeside(_ pin: UserfaultPin, _ binding: SysfsBinding) throws(MediaError) -> Bool {
        var patience = 3.0
        if case .awaited(let seconds) = binding.disconnection { patience = seconds }
        let done = Atomic<Bool>(false)
        let failure = Mutex<MediaError?>(nil)
        let started = startThread {
            do throws(MediaError) {
                try binding.unbind()
            } catch {
                failure.withLock { $0 = error }
            }
            done.store(true, ordering: .sequentiallyConsistent)
        }
        guard started else { throw MediaError(code: .ioctlFailed, operation: "pthread_create") }
        func waitDone(_ seconds: Double) -> Bool {
            MonotonicClock.wait(within: seconds) { done.load(ordering: .sequentiallyConsistent) }
        }
        var waited = false
        if !waitDone(patience) {
            waited = true
            try? pin.release()
            guard waitDone(configuration.nodeTimeout) else {
                throw MediaError(
                    code: .timedOut, path: binding.driverSysPath + "/unbind", operation: "unbind",
                    detail: "still blocked \(Int(configuration.nodeTimeout)) s after the parked \(pin.label) was released")
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return waited
    }

    /// Waits for the nodes to go. When some stay, the contract checks show which.
    func waitForNodesGone(_ report: inout CycleReport) {
        do throws(MediaError) {
            report.timings.nodesGone = try waiter.waitGone(target.nodes.map(\.path))
        } catch {
            report.fail(at: "wait for nodes to go", error)
        }
    }

    /// Step 4: releases the parked ioctl and sees whether it came back; stops the hammer
    /// threads that ran across the unbind.
    func release(_ work: CycleWork, _ report: inout CycleReport) {
        if let pin = work.pin, let pinned = configuration.pin {
            step("release \(pin.label)")
            var outcome = UserfaultPin.Outcome.stuck(tid: 0)
            if (try? pin.release()) != nil { outcome = pin.waitForOutcome() }
            report.pin = PinReport(
                ioctl: pinned, node: pin.node.path, parkSeconds: report.timings.park ?? 0, outcome: outcome)
            if let offset = UserfaultPin.returnedDescriptorOffsets[pinned.ioctl.name],
                let descriptor = pin.returnedDescriptor(at: offset)
            {
                // Closed here, on a thread of its own (an oops kills that thread, not the run).
                let result = OwnThread.run {
                    let owner = OwnedDescriptor(adopting: FileDescriptor(rawValue: descriptor))
                    return owner.close().failureValue.map(errnoName) ?? "OK"
                }
                report.contract.append(
                    ContractCheck(name: "close of the descriptor \(pinned.ioctl.name) returned", node: pin.node.path, expected: "OK", actual: result))
            }
        }
        if configuration.hammerThreads > 0 && configuration.hammerAcrossUnbind {
            report.stuckHammerThreads = work.hammer.stop()
        }
        report.hammer = work.hammer.outcomes
        if let operation = work.fileOperation {
            step("after-unbind \(operation.operation.rawValue)")
            operation.afterUnbind(&report.contract)
        }
    }
}

extension CycleReport {
    /// Records that the cycle's `step` failed, and why.
    mutating func fail(at step: String?, _ error: MediaError) {
        self.error = error.description
        failedStep = step
        notApplicable = NotApplicable(error)
    }
}
