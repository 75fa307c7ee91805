/// The finding a finished report becomes.
extension ReportBuilder {
    /// Turns the builder into a finding.
    func finding(maximumFrames: Int) -> KernelFinding {
        let reliable = mainFrames
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
                !FrameSets.isReporting($0.function) && !(skipWaiting && FrameSets.waiting.contains($0.function))
            })?.function
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
            firstSequence: firstSequence, firstMicroseconds: firstMicroseconds)
    }
}
