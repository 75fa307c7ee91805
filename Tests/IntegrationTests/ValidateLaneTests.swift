import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import SystemPackage
import Testing

@testable import MediaStress

/// `validate` against the kernel: for many seeded configurations of vimc's pads, links and
/// capture formats, the verdict validate gives each capture node must be what STREAMON on
/// that node returns. Runs in the validate phase and puts vimc's default links and
/// formats back.
@Suite(.enabled(if: VMLane.phase == "validate" && TestMachine.isRoot, "needs the VM lane's validate phase, as root"), .serialized)
struct ValidateLaneTests {
    static let seed: UInt64 = 20_261_130
    static let configurationCount = 120
    static let captureNames = ["Raw Capture 0", "Raw Capture 1", "RGB/YUV Capture"]

    let node: String
    let snapshot: MediaSnapshot

    init() throws {
        node = try VMLane.node(driver: "vimc")
        snapshot = try SnapshotReader(devnodes: defaultDevnodeResolver()).read(MediaDevice(path: node))
    }

    // MARK: - Helpers

    func mediaCtl(_ arguments: [String]) async throws -> String {
        let result = await BuiltBinary.runProgram("media-ctl", ["-d", node] + arguments)
        try #require(result.status == 0, "media-ctl \(arguments) failed: \(result.stdout)\(result.stderr)")
        return result.stdout
    }

    /// The device node of an entity's interface.
    func devnode(_ entity: String) throws -> String {
        let id = try #require(snapshot.topology.entity(named: entity)?.id, "no entity \(entity)")
        return try #require(snapshot.topology.interfaces(of: id).first?.devnode, "\(entity) has no device node")
    }

    /// vimc as it starts: default links (media-ctl -r, then Debayer A into the scaler),
    /// the pad formats PipelineLaneTests restores, and vimc-capture.c's fmt_default
    /// (RGB3 640x480, field none, sRGB) on every capture node.
    func restoreVimcDefaults() async throws {
        _ = try await mediaCtl(["-r", "-l", "\"Debayer A\":1 -> \"Scaler\":0 [1]"])
        _ = try await mediaCtl(["-V", PipelineLaneTests.vimcDefaultFormats.joined(separator: ",")])
        for capture in Self.captureNames {
            _ = try VideoNode(path: try devnode(capture), mode: .readWrite).setCaptureFormat(
                PixelFormat(width: 640, height: 480, pixelFormat: PixelFormat.fourcc("RGB3"), field: 1, colorspace: 8))
        }
    }

    /// Sets a configuration through the library: links, then pads in order (the drivers
    /// propagate a debayer's and the scaler's sink to their source), then capture formats.
    func apply(_ configuration: VimcConfiguration) throws {
        let device = try MediaDevice(path: node, mode: .readWrite)
        let legacy = try device.legacyTopology()
        let scaler = try #require(legacy.entities.first { $0.name == "Scaler" }?.id)
        for entity in legacy.entities {
            for link in entity.links where link.sink.entityID == scaler && link.sink.index == 0 {
                let enable = entity.name == configuration.feed
                guard link.flags.contains(.enabled) != enable else { continue }
                var flags = link.flags
                if enable { flags.insert(.enabled) } else { flags.remove(.enabled) }
                try device.setupLink(LegacyLink(source: link.source, sink: link.sink, flags: flags))
            }
        }
        for pad in configuration.pads {
            _ = try SubdevNode(path: try devnode(pad.entity), mode: .readWrite).setFormat(pad.format, pad: pad.index)
        }
        for capture in configuration.captures {
            _ = try VideoNode(path: try devnode(capture.entity), mode: .readWrite).setCaptureFormat(capture.format)
        }
    }

    // MARK: - validate against STREAMON

    @Test func verdictsAgreeWithStreamOnOverSeededConfigurations() async throws {
        try await restoreVimcDefaults()
        try await withCleanup {
            var random = SplitMix64(seed: Self.seed)
            let started = clock_gettime_seconds()
            var compared = 0
            var outcomes: [String: Int] = [:]
            var disagreements: [String] = []
            // What the refused links differed in, and why failing nodes failed, for the report.
            var differences: [String: Int] = [:]
            var reasons: [String: Int] = [:]
            for index in 0..<Self.configurationCount {
                // Configuration 0 is vimc as it starts, untouched.
                let configuration = index == 0 ? nil : VimcConfiguration.random(using: &random)
                if let configuration { try apply(configuration) }
                let input = try ValidationInput.read(MediaDevice(path: node), devnodes: defaultDevnodeResolver())
                let report = try PipelineValidator.validate(input)
                for mismatch in report.mismatches { mismatch.differences.forEach { differences[$0, default: 0] += 1 } }
                for name in Self.captureNames {
                    let verdict = try #require(report.captures.first { $0.entity == name }, "no verdict for \(name)")
                    let errno = try VideoNode(path: try devnode(name), mode: .readWrite).streamOnResult()
                    let kernel = errno.map { errnoName($0.rawValue) } ?? "0"
                    let predicted = verdict.verdict == .starts ? "0" : verdict.verdict == .fails ? verdict.errno ?? "?" : "unknown"
                    compared += 1
                    if verdict.verdict == .fails {
                        let own = verdict.links.first.map { verdict.reason?.hasPrefix($0) == true } ?? false
                        let kind = verdict.reason?.contains("vimc's stream") == true
                            ? "vimc streamer" : own ? "the node's own link" : "another link of the pipeline"
                        reasons[kind, default: 0] += 1
                    }
                    outcomes["\(predicted == kernel ? "agree" : "DISAGREE") \(kernel)", default: 0] += 1
                    if predicted != kernel {
                        disagreements.append(
                            "configuration \(index) (\(configuration?.description ?? "vimc defaults")): \(name): validate "
                                + "\(predicted) (\(verdict.reason ?? "")), STREAMON \(kernel)\n"
                                + ValidationReportRenderer().text(report))
                    }
                }
            }
            let seconds = clock_gettime_seconds() - started
            print(
                "validate vs STREAMON: seed \(Self.seed), \(Self.configurationCount) configurations, \(compared) capture nodes "
                    + "compared in \(Int(seconds)) s: "
                    + outcomes.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")
                    + "; failures by cause: " + reasons.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")
                    + "; refused links by field: "
                    + differences.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", "))
            #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.prefix(5).joined(separator: "\n"))")
            // Both outcomes must have been exercised, or the comparison proves little.
            #expect(outcomes["agree 0", default: 0] >= 20)
            #expect(outcomes["agree EPIPE", default: 0] >= 20)
        } cleanup: {
            try? await restoreVimcDefaults()
        }
    }

    // MARK: - the command

    /// vimc as it starts: the sensors' RGB888 into the debayers' Bayer sinks. The formats
    /// on the mismatch line are media-ctl's for the same pads.
    @Test func defaultVimcMismatchesNameTheLinkTheFieldAndBothFormats() async throws {
        try await restoreVimcDefaults()
        let before = try await mediaCtl(["-p"])
        let result = await BuiltBinary.run(["validate", "-d", "vimc"])
        #expect(result.status == 1, "\(result.stderr)")
        func bracketed(_ pad: String) async throws -> String {
            let text = try await mediaCtl(["--get-v4l2", pad]).filter { $0 != "\t" && $0 != "\n" }
            return String(text.dropFirst().dropLast())
        }
        for (sensor, debayer) in [("Sensor A", "Debayer A"), ("Sensor B", "Debayer B")] {
            let line = "MISMATCH  \"\(sensor)\":0 -> \"\(debayer)\":0: code differs: source "
                + "\(try await bracketed("\"\(sensor)\":0")), sink \(try await bracketed("\"\(debayer)\":0"))"
            #expect(result.stdout.contains(line + "\n"), "\(line)\n\(result.stdout)")
        }
        #expect(result.stdout.contains("capture   \"Raw Capture 0\" (\(try devnode("Raw Capture 0"))): STREAMON fails with EPIPE"))
        #expect(result.stdout.hasSuffix("(exit 1)\n"))
        #expect(try await mediaCtl(["-p"]) == before)
    }

    /// Raw Capture 0's pipeline, with Sensor A in SRGGB8: the kernel's walk also takes
    /// the enabled links through Debayer A and the scaler to RGB/YUV Capture, whose
    /// formats agree at start, so both nodes are in scope and both start.
    @Test func ktapAndJsonOfAValidPipeline() async throws {
        try await restoreVimcDefaults()
        try await withCleanup {
            _ = try await mediaCtl(["-V", "\"Sensor A\":0 [fmt:SRGGB8_1X8/640x480 field:none colorspace:srgb]"])
            _ = try VideoNode(path: try devnode("Raw Capture 0"), mode: .readWrite).setCaptureFormat(
                PixelFormat(width: 640, height: 480, pixelFormat: PixelFormat.fourcc("RGGB"), field: 1, colorspace: 8))
            let ktap = await BuiltBinary.run(["validate", "-d", "vimc", "--format", "ktap", "Raw Capture 0"])
            #expect(ktap.status == 0, "\(ktap.stdout)\(ktap.stderr)")
            let lines = ktap.stdout.split(separator: "\n").map(String.init)
            #expect(Array(lines.prefix(2)) == ["KTAP version 1", "1..6"])
            #expect(lines.contains("ok 5 capture_Raw_Capture_0_STREAMON"), "\(ktap.stdout)")
            #expect(lines.contains("ok 6 capture_RGB_YUV_Capture_STREAMON"), "\(ktap.stdout)")
            #expect(lines.last == "# Totals: pass:6 fail:0 xfail:0 xpass:0 skip:0 error:0", "\(ktap.stdout)")
            let json = await BuiltBinary.run(["validate", "-d", "vimc", "--format", "json", try devnode("Raw Capture 0")])
            #expect(json.status == 0, "\(json.stderr)")
            let report = try JSONDecoder().decode(ValidationReport.self, from: Data(json.stdout.utf8))
            #expect(report.captures.map(\.entity) == ["Raw Capture 0", "RGB/YUV Capture"])
            #expect(report.captures.allSatisfy { $0.verdict == .starts })
            for capture in ["Raw Capture 0", "RGB/YUV Capture"] {
                let errno = try VideoNode(path: try devnode(capture), mode: .readWrite).streamOnResult()
                #expect(errno == nil, "\(capture) STREAMON: \(String(describing: errno))")
            }
        } cleanup: {
            try? await restoreVimcDefaults()
        }
    }

    /// Bad input: one line, exit 2, nothing printed on stdout. (validate sets nothing;
    /// defaultVimcMismatchesNameTheLinkTheFieldAndBothFormats compares media-ctl -p around a run.)
    @Test(arguments: [
        (["-d", "vimc", "Debayer C"], "mediactl: no entity named \"Debayer C\" on "),
        (["-d", "vimc", "Raw Capture"], "mediactl: \"Raw Capture\" is ambiguous: it could be \"Raw Capture 0\", \"Raw Capture 1\""),
        (["-d", "vivid"], "mediactl: /dev/media"),
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String], prefix: String) async throws {
        let result = await BuiltBinary.run(["validate"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix(prefix), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

/// Seconds on the monotonic clock.
func clock_gettime_seconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// `EPIPE` for 32: the name validate's verdicts use.
func errnoName(_ value: Int32) -> String {
    switch value {
    case EPIPE: "EPIPE"
    case ENOLINK: "ENOLINK"
    case EBUSY: "EBUSY"
    case EINVAL: "EINVAL"
    default: "errno \(value)"
    }
}
