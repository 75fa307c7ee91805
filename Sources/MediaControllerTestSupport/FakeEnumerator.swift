public import MediaController

/// An in-memory list of media nodes, standing in for udev in tests.
public struct FakeEnumerator: MediaNodeEnumerating {
    public var nodes: [MediaNode]
    public var failure: MediaError?

    public init(nodes: [MediaNode], failure: MediaError? = nil) {
        self.nodes = nodes
        self.failure = failure
    }

    public var mechanism: String { "fake" }

    public func mediaNodes() throws(MediaError) -> [MediaNode] {
        if let failure { throw failure }
        return nodes
    }
}
