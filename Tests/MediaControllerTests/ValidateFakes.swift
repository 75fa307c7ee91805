import Testing

@testable import MediaController

/// vimc's graph and pad formats as recorded in the VM (Fixtures/vimc.recording.json), with
/// the capture nodes at vimc-capture.c's `fmt_default`, and ways to change them.
extension ValidationInput {
    /// `fmt_default` of vimc-capture.c: RGB24 (`RGB3`) 640x480, field none, sRGB.
    static let vimcCaptureDefault = PixelFormat(
        width: 640, height: 480, pixelFormat: PixelFormat.fourcc("RGB3"), field: 1, colorspace: 8)

    static func vimc(driver: String = "vimc") throws -> ValidationInput {
        let snapshot = try Fixtures.snapshot("vimc")
        let videos = snapshot.topology.entities.compactMap { entity -> VideoFormat? in
            guard let interface = snapshot.topology.interfaces(of: entity.id).first(where: { $0.type == .v4lVideo }) else {
                return nil
            }
            return VideoFormat(entityID: entity.id, devnode: interface.devnode, format: vimcCaptureDefault)
        }
        return ValidationInput(
            devnode: snapshot.devnode, driver: driver, model: snapshot.info.model, topology: snapshot.topology,
            subdevs: snapshot.subdevs, videos: videos)
    }

    func entityID(_ name: String) throws -> UInt32 {
        try #require(topology.entity(named: name)?.id, "no entity \(name)")
    }

    func padID(_ entity: String, _ index: UInt32) throws -> UInt32 {
        let id = try entityID(entity)
        return try #require(topology.pads.first { $0.entityID == id && $0.index == index }?.id)
    }

    mutating func setPad(_ entity: String, _ index: UInt32, _ change: (inout FrameFormat) -> Void) throws {
        let id = try entityID(entity)
        let subdev = try #require(subdevs.firstIndex { $0.entityID == id })
        let pad = try #require(subdevs[subdev].pads.firstIndex { $0.pad == index })
        var format = try #require(subdevs[subdev].pads[pad].format)
        change(&format)
        subdevs[subdev].pads[pad].format = format
    }

    mutating func setCapture(_ entity: String, _ change: (inout PixelFormat) -> Void) throws {
        let id = try entityID(entity)
        let index = try #require(videos.firstIndex { $0.entityID == id })
        var format = try #require(videos[index].format)
        change(&format)
        videos[index].format = format
    }

    mutating func setLink(_ source: (String, UInt32), _ sink: (String, UInt32), enabled: Bool) throws {
        let sourceID = try padID(source.0, source.1)
        let sinkID = try padID(sink.0, sink.1)
        let index = try #require(topology.links.firstIndex { $0.sourceID == sourceID && $0.sinkID == sinkID })
        if enabled { topology.links[index].flags.insert(.enabled) } else { topology.links[index].flags.remove(.enabled) }
    }

    /// Sensor A and B in SRGGB8_1X8, as the debayers' sinks: the links vimc refuses at
    /// start agree.
    mutating func bayerSensors() throws {
        for sensor in ["Sensor A", "Sensor B"] {
            try setPad(sensor, 0) { $0.code = FormatNames.mbusCode(named: "SRGGB8_1X8") ?? 0 }
        }
        for raw in ["Raw Capture 0", "Raw Capture 1"] {
            try setCapture(raw) { $0.pixelFormat = PixelFormat.fourcc("RGGB") }
        }
    }
}
