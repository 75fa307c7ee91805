// mediactl-bench: the library's ioctl path timed in a loop, for Scripts/bench/run to
// compare with the C loop in Scripts/bench/ioctl-loop.c (same calls, same counts).
//
//   mediactl-bench ioctl DEVICE ITERATIONS [device-info|topology]
//
// Prints one line of key=value pairs, nanoseconds per call:
//   device_info_ns      MediaDevice.rawDeviceInfo()   (MEDIA_IOC_DEVICE_INFO)
//   topology_pair_ns    MediaDevice.rawTopology()     (G_TOPOLOGY count + fill, ITERATIONS/10 times)
//   device_info_decoded_ns, topology_decoded_ns       the same, decoded into the model
// With a third argument, only that raw loop runs (for Scripts/bench/profile).
//
// May use: MediaController.
// Imports: MediaController.
import Glibc
import MediaController

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Nanoseconds per iteration of `body`, run `count` times.
func nanoseconds(_ count: Int, _ body: () throws(MediaError) -> Void) throws(MediaError) -> Int {
    let start = now()
    for _ in 0..<count { try body() }
    return Int(((now() - start) / Double(count) * 1e9).rounded())
}

/// Keeps the optimizer from dropping a result.
@inline(never)
func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

func run(_ arguments: [String]) throws(MediaError) -> String {
    let only = arguments.count == 4 ? arguments[3] : nil
    guard arguments.count == 3 || (only == "device-info" || only == "topology"), arguments[0] == "ioctl",
        let iterations = Int(arguments[2]), iterations >= 10
    else {
        throw MediaError(
            code: .invalidArgument, operation: "usage",
            detail: "mediactl-bench ioctl DEVICE ITERATIONS (>= 10) [device-info|topology]")
    }
    let device = try MediaDevice(path: arguments[1])
    let topologyIterations = iterations / 10
    // One untimed round so that first-call costs (metadata, page faults) are not counted.
    consume(try device.rawDeviceInfo())
    consume(try device.rawTopology())
    switch only {
    case "device-info":
        let info = try nanoseconds(iterations) { () throws(MediaError) in consume(try device.rawDeviceInfo()) }
        return "device_info_ns=\(info) iterations=\(iterations)\n"
    case "topology":
        let pair = try nanoseconds(topologyIterations) { () throws(MediaError) in consume(try device.rawTopology()) }
        return "topology_pair_ns=\(pair) iterations=\(iterations)\n"
    default:
        break
    }
    let info = try nanoseconds(iterations) { () throws(MediaError) in consume(try device.rawDeviceInfo()) }
    let pair = try nanoseconds(topologyIterations) { () throws(MediaError) in consume(try device.rawTopology()) }
    let infoDecoded = try nanoseconds(iterations) { () throws(MediaError) in consume(try device.deviceInfo()) }
    let topologyDecoded = try nanoseconds(topologyIterations) { () throws(MediaError) in consume(try device.topology()) }
    return "device_info_ns=\(info) topology_pair_ns=\(pair) device_info_decoded_ns=\(infoDecoded) "
        + "topology_decoded_ns=\(topologyDecoded) iterations=\(iterations)\n"
}

do {
    print(try run(Array(CommandLine.arguments.dropFirst())), terminator: "")
} catch {
    let message = "mediactl-bench: \(error)\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    exit(error.code == .invalidArgument ? 2 : 1)
}
