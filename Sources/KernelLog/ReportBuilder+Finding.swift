/// The finding a finished report becomes.
extension ReportBuilder {
    /// Turns the builder into a finding.
    func finding(maximumFrames: Int) -> KernelFinding {
        if kind == .memoryLeak { return leakFinding() }
        let reliable = mainFrames
        let titleInput = ReportTitle.Input(
            kind: kind, header: title, headerFunction: headerSymbol?.function, warningFunction: warningSymbol?.function,
            warningLocation: warningLocation, ripFunction: ripSymbol?.function, traceFunctions: titleFrames,
            lockFunctions: lockFunctions, unsafeOrderFrames: unsafeOrderFrames, accessWord: access.flatMap { $0.operation == .write ? "Write" : $0.operation == .read ? "Read" : nil },
            kasanType: header.source == .kasan ? detail.map { String($0.prefix(while: { $0 != " " })) } : nil,
            absorbedKernelBug: absorbedKernelBug)
        // The faulting function: the header's, the WARNING line's, the instruction pointer's,
        // else the first frame that is not reporting or waiting machinery.
        var symbol = headerSymbol ?? warningSymbol ?? ripSymbol
        if let current = symbol, FrameSets.isReporting(current.function) {
            symbol = nil
        }
        var function = symbol?.function
        if function == nil {
            let skipWaiting = kind == .hungTask || kind == .lockdep
            function = reliable.first(where: {
                !FrameSets.isReporting($0.function) && !FrameSkipRules.common.skips($0.function)
                    && !(skipWaiting && FrameSets.waiting.contains($0.function))
            })?.function
        }

        if kind == .lockup, symbol == nil, let stalled = ReportTitle.stallFunction(
            FrameSkipRules.common.adding(["apic_timer_interrupt", "rcu"]), titleInput, withRIP: false) {
            // A stall: the frame above the dispatch point, as the title names it.
            function = stalled
        }
        if kind == .hungTask, let waitedIn = ReportTitle.hungFunction(reliable.map(\.function), titleRules: false) {
            // A blocked task: the first frame outside scheduler and lock code, as the title names it.
            function = waitedIn
        }

        let syzbotTitle = ReportTitle.make(titleInput)
        if [.lockdep, .invalidContext, .ubsan].contains(kind), let named = syzbotTitle.ranges(of: " in ").last {
            // No instruction pointer of their own: the function is the one the title names.
            function = String(syzbotTitle[named.upperBound...])
        }

        var frames: [StackFrame]
        if let function, let index = reliable.firstIndex(where: { $0.function == function }) {
            frames = Array(reliable[index...])
        } else {
            frames = Array(reliable.drop(while: { FrameSets.isReporting($0.function) }))
            if let symbol { frames.insert(symbol.frame, at: 0) }
        }
        frames = Array(frames.prefix(maximumFrames))

        let module = symbol?.module ?? frames.first(where: { $0.function == function })?.module
            ?? frames.compactMap(\.module).first

        func history(_ pid: Int?, _ frames: [StackFrame]?) -> ObjectHistory? {
            guard let frames else { return nil }
            let useful = frames.drop(while: { FrameSets.isReporting($0.function) })
            return ObjectHistory(pid: pid, frames: Array(useful.prefix(maximumFrames)))
        }

        return KernelFinding(
            kind: kind, title: title, detail: detail, function: function,
            functionOffset: symbol?.offset, module: module, sourceLocation: location, frames: frames,
            allocatedBy: history(allocationPid, allocationFrames), freedBy: history(freePid, freeFrames),
            access: access, faultAddress: faultAddress, slabCache: slabCache,
            task: task, pid: pid, cpu: cpu, taintFlags: taintFlags,
            taskKilled: isOops || noteKilled, kernelPanicked: panicked,
            isComplete: sawClosingLine || traceEnded,
            lines: lines, omittedLineCount: omitted,
            firstSequence: firstSequence, firstMicroseconds: firstMicroseconds,
            syzbotTitle: syzbotTitle)
    }

    /// kmemleak's block, read as the debugfs listing is: its first object.
    private func leakFinding() -> KernelFinding {
        let object = KmemleakObject.parse(lines.joined(separator: "\n")).first
        var finding = object?.finding
            ?? KernelFinding(kind: .memoryLeak, title: title, lines: lines, syzbotTitle: "memory leak")
        finding.lines = lines
        finding.omittedLineCount = omitted
        finding.isComplete = object.map { !$0.backtrace.isEmpty } ?? false
        finding.firstSequence = firstSequence
        finding.firstMicroseconds = firstMicroseconds
        return finding
    }
}
