/// `--shard K/N`: the Kth of N deterministic parts of a sweep's cells (every Nth cell from
/// the Kth, in the cells' order), for splitting one sweep across machines; and `--merge`,
/// which joins the parts' states again.
package struct SweepShard: Sendable, Equatable {
    package var index: Int
    package var count: Int

    /// `K/N` with 1 ≤ K ≤ N; one line naming what is wrong otherwise.
    package static func parse(_ text: String) -> Result<SweepShard, SweepShardError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            return .failure(SweepShardError(message: "'\(text)' is not K/N (e.g. 2/4)"))
        }
        guard count >= 1, count <= 1000 else { return .failure(SweepShardError(message: "\(text): N must be 1 to 1000")) }
        guard index >= 1, index <= count else { return .failure(SweepShardError(message: "\(text): K must be 1 to \(count)")) }
        return .success(SweepShard(index: index, count: count))
    }

    /// This shard's cells of `cells`.
    package func cells<Cell>(of cells: [Cell]) -> [Cell] {
        cells.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}

package struct SweepShardError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}

extension SweepReport {
    /// The states of one sweep's shards joined: the same kernel, driver and device, no cell
    /// in two of them. Rows in the order of `order` (the sweep's cells), findings once per
    /// signature with their cells joined, boots and seconds summed.
    package static func merge(_ states: [SweepReport], order: [String]) -> Result<SweepReport, SweepShardError> {
        guard let first = states.first else { return .failure(SweepShardError(message: "no state to merge")) }
        for state in states.dropFirst() {
            guard state.kernelRelease == first.kernelRelease else {
                return .failure(SweepShardError(message: "states of different kernels: \(first.kernelRelease) and \(state.kernelRelease)"))
            }
            guard state.driver == first.driver, state.device == first.device else {
                return .failure(SweepShardError(message: "states of different devices: \(first.device) (\(first.driver)) and \(state.device) (\(state.driver))"))
            }
        }
        var merged = SweepReport(device: first.device, driver: first.driver, kernelRelease: first.kernelRelease, cells: [])
        merged.label = first.label
        var rows: [String: SweepRow] = [:]
        for state in states {
            for row in state.rows {
                guard rows[row.cell] == nil else { return .failure(SweepShardError(message: "cell \(row.cell) is in two states")) }
                rows[row.cell] = row
            }
            for finding in state.findings { merged.join(finding) }
            merged.boots += state.boots
            merged.seconds += state.seconds
        }
        let cells = Set(states.flatMap(\.cells))
        merged.cells = order.filter { cells.contains($0) } + states.flatMap(\.cells).filter { !order.contains($0) }
        merged.rows = merged.cells.compactMap { rows[$0] }
        return .success(merged)
    }
}
