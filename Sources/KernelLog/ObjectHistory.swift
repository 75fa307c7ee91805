/// KASAN's "Allocated by task N:" or "Freed by task N:" stack.
package struct ObjectHistory: Sendable, Codable, Hashable {
    package var pid: Int?
    /// The frames without KASAN's own bookkeeping (`kasan_save_stack` ...), at most 8.
    package var frames: [StackFrame]

    package init(pid: Int?, frames: [StackFrame]) {
        self.pid = pid
        self.frames = frames
    }
}
