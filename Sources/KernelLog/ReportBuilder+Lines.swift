/// Reading the lines of an open report: sections, frames, the CPU, instruction pointer,
/// access and taint lines.
extension ReportBuilder {
    /// Reads what a line of the report says.
    mutating func interpret(_ text: Substring) {
        if updateSection(text) { return }
        if kind == .lockdep, unsafeOrderFrames == nil, text.contains("which became "), text.hasSuffix(" at:") {
            unsafeOrderFrames = []
            readingUnsafeOrder = true
            return
        }
        if readingUnsafeOrder {
            if let frame = ParsedFrame.parse(text), frame.isReliable { unsafeOrderFrames?.append(frame.frame.function); return }
            readingUnsafeOrder = false
        }
        if let frame = ParsedFrame.parse(text) {
            guard frame.isReliable else { return }
            if section == .main || (section == .none && traceEndedByCode) {
                titleFrames.append(frame.frame.function)
                if let caller = frame.caller { titleFrames.append(caller) }
            }
            switch section {
            case .main:
                mainFrames.append(frame.frame)
            case .allocation:
                allocationFrames?.append(frame.frame)
            case .free:
                freeFrames?.append(frame.frame)
            case .none, .other:
                break
            }
            return
        }
        if text.hasPrefix("Code: "), !sawTaskMarkers, section == .main {
            section = .none
            traceEnded = true
            traceEndedByCode = true
        }
        if let rest = text.removingPrefix("CPU: ") { readCPULine(rest); return }
        if readInstructionPointer(text) { return }
        if text.hasPrefix("Read of size ") || text.hasPrefix("Write of size ") || text.hasPrefix("Read at addr ")
            || text.hasPrefix("Write at addr ") {
            readKasanAccess(text)
            return
        }
        if let rest = text.removingPrefix("#PF: ") { readPageFaultAccess(rest, line: text); return }
        if let rest = text.removingPrefix("KASAN: ") {
            // On a general protection fault: "KASAN: null-ptr-deref in range [...]",
            // "KASAN: maybe wild-memory-access in range [...]".
            detail = String(rest)
            if rest.hasPrefix("null-ptr-deref") { kind = .nullPointerDereference }
            return
        }
        if let range = text.firstRange(of: "which belongs to the cache ") {
            let name = text[range.upperBound...].prefix(while: { $0 != " " })
            if !name.isEmpty { slabCache = String(name) }
            return
        }
        if let rest = text.removingPrefix("note: "), rest.contains(" exited with") { noteKilled = true; return }
        if kind == .lockdep, lockFunctions.count < 2, let range = text.firstRange(of: "at: "),
           let symbol = ParsedSymbol.parse(ParsedSymbol.droppingAddresses(text[range.upperBound...])) {
            // "(&mdev->graph_mutex){+.+.}-{3:3}, at: media_device_ioctl+0x9e/0x1b0 [mc]"
            lockFunctions.append(symbol.function)
            return
        }
        if let range = text.firstRange(of: " is trying to acquire lock") ?? text.firstRange(of: " is trying to release lock"),
           task == nil {
            let (name, number) = splitTaskPid(text[..<range.lowerBound], separator: "/")
            task = name
            pid = number
            return
        }
        if let rest = text.removingPrefix("task:"), task == nil {
            // "task:race state:D stack:0 pid:48 tgid:48 ppid:1 flags:0x00004002"
            task = String(rest.prefix(while: { $0 != " " }))
            if let range = rest.firstRange(of: " pid:") { pid = Int(rest[range.upperBound...].prefix(while: \.isNumber)) }
            return
        }
        if taintFlags == nil {
            if text.contains("Not tainted") { taintFlags = "" } else if let range = text.firstRange(of: "Tainted: ") {
                readTaint(text[range.upperBound...])
            }
        }
    }

    /// Handles call-trace section markers; true when the line was one.
    private mutating func updateSection(_ text: Substring) -> Bool {
        switch text {
        case "Call Trace:", "Call trace:", "Backtrace:":
            if !traceStarted {
                traceStarted = true
                section = .main
            } else {
                section = .other
            }
            return true
        case "<TASK>", "<IRQ>", "</IRQ>", "<NMI>", "</NMI>", "<SOFTIRQ>", "</SOFTIRQ>", "<#DF>", "</#DF>":
            sawTaskMarkers = true
            return true
        case "</TASK>":
            if section == .main {
                section = .none
                traceEnded = true
            }
            return true
        default:
            break
        }
        if let rest = text.removingPrefix("Allocated by task ") ?? text.removingPrefix("allocated by task ") {
            section = .allocation
            allocationPid = Int(rest.prefix(while: \.isNumber))
            allocationFrames = []
            return true
        }
        if let rest = text.removingPrefix("Freed by task ") ?? text.removingPrefix("freed by task ") {
            section = .free
            freePid = Int(rest.prefix(while: \.isNumber))
            freeFrames = []
            return true
        }
        if header.source == .kfence, !traceStarted, text.hasSuffix("):") || text.hasSuffix(":"),
           text.contains(" at 0x") {
            // KFENCE: "Use-after-free read at 0x... (in kfence-#12):" is followed by the frames.
            traceStarted = true
            section = .main
            return true
        }
        if text.hasSuffix(":"), section != .none {
            // "Last potentially related work creation:", "Memory state around the buggy address:" ...
            if section == .main { traceEnded = true }
            section = .none
            return false
        }
        if text.hasPrefix("The buggy address") || text.hasPrefix("Modules linked in:") {
            if section == .main { traceEnded = true }
            section = .none
        }
        return false
    }

    /// `0 UID: 0 PID: 48 Comm: race Not tainted 6.12.117+ #1`
    private mutating func readCPULine(_ rest: Substring) {
        if cpu == nil { cpu = Int(rest.prefix(while: \.isNumber)) }
        if let range = rest.firstRange(of: "PID: ") {
            let value = Int(rest[range.upperBound...].prefix(while: \.isNumber))
            if pid == nil { pid = value }
        }
        if let range = rest.firstRange(of: "Comm: ") {
            let after = rest[range.upperBound...]
            let end = after.firstRange(of: " Not tainted")?.lowerBound ?? after.firstRange(of: " Tainted:")?.lowerBound
                ?? after.firstIndex(of: " ") ?? after.endIndex
            let comm = after[..<end]
            if task == nil, !comm.isEmpty { task = String(comm) }
        }
        if taintFlags == nil {
            if rest.contains("Not tainted") { taintFlags = "" } else if let range = rest.firstRange(of: "Tainted: ") {
                readTaint(rest[range.upperBound...])
            }
        }
    }

    /// `G    B              6.12.117+ #1` -> "GB". `[B]=BAD_PAGE` lines are not flags.
    private mutating func readTaint(_ text: Substring) {
        guard text.first != "[" else { return }
        let flags = text.prefix(while: { $0 == " " || ($0.isLetter && $0.isUppercase) })
        // The release starts with a digit; a trailing capital run glued to it is not possible.
        let compact = flags.filter { $0 != " " }
        if !compact.isEmpty { taintFlags = String(compact) }
    }

    /// `RIP: 0010:__mutex_lock.constprop.0+0x5f5/0x6f0`, `pc : func+0x1/0x2 [mc]`, `EIP: func+0x1/0x2`.
    private mutating func readInstructionPointer(_ text: Substring) -> Bool {
        var symbolText: Substring?
        if let rest = text.removingPrefix("RIP: ") {
            guard let colon = rest.firstIndex(of: ":") else { return true }
            let segment = rest[..<colon]
            // 0033 / 002b / 0023: user mode.
            guard segment != "0033", segment != "002b", segment != "0023" else { return true }
            // Before 4.x: "RIP: 0010:[<ffffffffa007c0f2>]  [<ffffffffa007c0f2>] func+0x32/0xd0 [mod]".
            symbolText = ParsedSymbol.droppingAddresses(rest[rest.index(after: colon)...])
        } else if let rest = text.removingPrefix("EIP: ") ?? text.removingPrefix("pc : ") ?? text.removingPrefix("PC is at ")
                    ?? text.removingPrefix("IP: ") ?? text.removingPrefix("EIP is at ") ?? text.removingPrefix("NIP: ") {
            symbolText = ParsedSymbol.droppingAddresses(rest)
        } else {
            return false
        }
        if ripSymbol == nil, let symbolText, let symbol = ParsedSymbol.parse(symbolText) ?? ParsedSymbol.parseDecoded(symbolText) {
            ripSymbol = symbol
        }
        return true
    }

    /// `Write of size 8 at addr ffff88800016cd28 by task race/48`
    private mutating func readKasanAccess(_ text: Substring) {
        guard access == nil else { return }
        let words = text.split(separator: " ")
        let operation: MemoryAccess.Operation = text.hasPrefix("Write") ? .write : .read
        var size: Int?
        var address: String?
        for (index, word) in words.enumerated() where index + 1 < words.count {
            if word == "size" { size = Int(words[index + 1]) }
            if word == "addr" { address = String(words[index + 1]) }
        }
        access = MemoryAccess(operation: operation, size: size, address: address, line: String(text))
        if let range = text.firstRange(of: " by task ") {
            let (name, number) = splitTaskPid(text[range.upperBound...], separator: "/")
            task = name ?? task
            pid = number ?? pid
        }
    }

    /// `supervisor read access in kernel mode`
    private mutating func readPageFaultAccess(_ rest: Substring, line: Substring) {
        guard access == nil, rest.contains(" access ") || rest.contains("instruction fetch") else { return }
        let operation: MemoryAccess.Operation =
            rest.contains("instruction fetch") ? .instructionFetch
            : rest.contains("write access") ? .write
            : rest.contains("read access") ? .read : .unknown
        access = MemoryAccess(operation: operation, address: faultAddress, line: String(line))
    }
}
