/// Runs `body`, then `cleanup`, also when `body` throws: the `defer` of a test whose cleanup
/// must await (a process run, a wait for a background process), which `defer` cannot.
public func withCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}
