import Glibc
import MediaController
import MediaControllerTestSupport
import Testing

/// `format --which try`, `topology --format apply` and `apply --dry-run` in the pipeline
/// phase (the suite's traits hold: one at a time, vimc's defaults put back).
///
/// Expected values come from vimc's source (Debian linux-source-6.12,
/// drivers/media/test-drivers/vimc): `VIMC_FRAME_MIN_WIDTH/HEIGHT` 16 and
/// `VIMC_FRAME_MAX_WIDTH` 4096 (vimc-common.h), sizes clamped then `& ~1` in
/// `vimc_sensor_adjust_fmt` and `vimc_scaler_set_fmt`, the scaler's sink taking only
/// non-Bayer codes (else `fmt_default.code`, RGB888_1X24) and resetting its crop to the
/// frame, `vimc_scaler_adjust_sink_crop` = `v4l2_rect_map_inside` of the sink frame
/// (include/media/v4l2-rect.h), and `init_state` giving every handle's TRY state
/// `fmt_default` (640x480 RGB888_1X24 field none, srgb) and the crop 640x480.
extension PipelineLaneTests {
    func topology(_ format: String) async throws -> String {
        let result = await BuiltBinary.run(["topology", "-d", "vimc", "--format", format])
        try #require(result.status == 0, "topology --format \(format): \(result.stderr)")
        return result.stdout
    }

    // MARK: - format --which try

    @Test func tryFormatsAreWhatVimcComputesAndChangeNothingActive() async throws {
        try await restoreDefaultLinks()
        try await restoreDefaultFormats()
        let before = try await mediaCtl(["-p"])
        let beforeJSON = try await topology("json")

        let sensor = await BuiltBinary.run([
            "format", "-d", "vimc", "--which", "try", "\"Sensor A\":0 [fmt:SRGGB8_1X8/5001x3 field:none colorspace:srgb]",
        ])
        #expect(sensor.status == 0, "\(sensor.stderr)")
        #expect(sensor.stdout == """
            "Sensor A":0 [fmt:SRGGB8_1X8/4096x16 field:none colorspace:srgb] (adjusted by the driver: size 5001x3 -> 4096x16)
            "Debayer A":0 [fmt:SRGGB8_1X8/4096x16 field:none colorspace:srgb] (propagated from "Sensor A":0)

            """)

        // The crop is mapped inside the TRY sink frame set a moment before on the same
        // handle (640x240), not inside the active or initial one (640x480).
        let scaler = await BuiltBinary.run([
            "format", "-d", "vimc", "--which", "try",
            "\"Scaler\":0 [fmt:SRGGB8_1X8/641x241 field:none colorspace:srgb crop:(600,200)/100x100]",
        ])
        #expect(scaler.status == 0, "\(scaler.stderr)")
        #expect(scaler.stdout == """
            "Scaler":0 [fmt:RGB888_1X24/640x240 field:none colorspace:srgb crop:(540,140)/100x100] \
            (adjusted by the driver: code SRGGB8_1X8 -> RGB888_1X24, size 641x241 -> 640x240, crop (600,200)/100x100 -> (540,140)/100x100)

            """)

        #expect(try await mediaCtl(["-p"]) == before)
        #expect(try await topology("json") == beforeJSON)
    }

    /// `--get --which try` reads a new handle's TRY state: vimc's `init_state`, whatever the
    /// active format is and whatever an earlier TRY run set on its own handles.
    @Test func getWhichTryIsTheInitialTryState() async throws {
        try await withCleanup {
            _ = try await mediaCtl(["-V", "\"Scaler\":0 [fmt:RGB888_1X24/320x240 crop:(8,8)/300x200]"])
            _ = await BuiltBinary.run(["format", "-d", "vimc", "--which", "try", "\"Scaler\":0 [fmt:RGB888_1X24/1000x500]"])
            let tried = await BuiltBinary.run(["format", "-d", "vimc", "--get", "\"Scaler\":0", "--which", "try"])
            #expect(tried.status == 0, "\(tried.stderr)")
            #expect(tried.stdout == "\t\t[fmt:RGB888_1X24/640x480 field:none colorspace:srgb\n\t\t crop.bounds:(0,0)/640x480\n\t\t crop:(0,0)/640x480]\n")
            let active = await BuiltBinary.run(["format", "-d", "vimc", "--get", "\"Scaler\":0", "--which", "active"])
            #expect(active.stdout == (try await mediaCtl(["--get-v4l2", "\"Scaler\":0"])))
            #expect(active.stdout.contains("crop:(8,8)/300x200"))
        } cleanup: {
            try? await restoreDefaultFormats()
        }
    }

    @Test func tryRefusesFrameIntervalsBeforeTheDevice() async throws {
        let before = try await mediaCtl(["-p"])
        let result = await BuiltBinary.run(["format", "-d", "vimc", "--which", "try", "\"Sensor A\":0 [fmt:SRGGB8_1X8/320x240 @1/30]"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mediactl: column 38: frame intervals cannot be tried"))
        #expect(try await mediaCtl(["-p"]) == before)
    }

    // MARK: - topology --format apply, apply --dry-run

    /// Dump, change links and formats, dry-run the dump (lists the changes, changes
    /// nothing), apply it: media-ctl -p, mediactl's media-ctl and JSON forms are the first
    /// ones again. Then the same dump replayed line by line through media-ctl -l and -V.
    @Test func applyFileRoundTrip() async throws {
        try await restoreDefaultLinks()
        try await restoreDefaultFormats()
        try await withCleanup {
            let dump = try await topology("apply")
            let first = (mediaCtlP: try await mediaCtl(["-p"]), ours: try await topology("media-ctl"), json: try await topology("json"))
            // vimc's defaults (vimc-core.c's links, the subdevs' fmt_default) as the file says them.
            for line in [
                "\"Debayer B\":1 -> \"Scaler\":0 [0]", "\"RGB/YUV Input\":0 -> \"Scaler\":0 [0]",
                "\"Debayer A\":1 -> \"Scaler\":0 [1]",
                "\"Debayer A\":0 [fmt:SRGGB8_1X8/640x480 field:none colorspace:srgb]",
                "\"Scaler\":0 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb crop:(0,0)/640x480]",
            ] {
                #expect(dump.contains("\n\(line)\n"), "\(line)")
            }
            #expect(!dump.contains("IMMUTABLE") && !dump.contains("\"Sensor A\":0 -> "))
            let path = try writePipeline("dump", dump)

            func change() async throws {
                _ = try await mediaCtl(["-l", "\"Debayer A\":1 -> \"Scaler\":0 [0], \"Debayer B\":1 -> \"Scaler\":0 [1]"])
                _ = try await mediaCtl(["-V", "\"Sensor B\":0 [fmt:SGRBG8_1X8/320x240]"])
                _ = try await mediaCtl(["-V", "\"Scaler\":0 [fmt:RGB888_1X24/1280x720 crop:(8,8)/600x400]"])
                _ = try await mediaCtl(["-V", "\"Scaler\":1 [fmt:RGB888_1X24/1920x1080]"])
            }
            try await change()
            let changed = try await mediaCtl(["-p"])
            #expect(changed != first.mediaCtlP)

            let dry = await BuiltBinary.run(["apply", "--dry-run", "-d", "vimc", path])
            #expect(dry.status == 0, "\(dry.stderr)")
            let lines = dry.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasSuffix(": \"Debayer B\":1 -> \"Scaler\":0: [ENABLED] -> []") })
            #expect(lines.contains { $0.hasSuffix(": \"Debayer A\":1 -> \"Scaler\":0: [] -> [ENABLED]") })
            #expect(lines.contains { $0.hasSuffix(": \"Sensor B\":0: fmt:SGRBG8_1X8/320x240 field:none -> fmt:RGB888_1X24/640x480 field:none colorspace:srgb") })
            #expect(lines.contains {
                $0.hasSuffix(": \"Scaler\":0: fmt:RGB888_1X24/1280x720 field:none -> fmt:RGB888_1X24/640x480 field:none colorspace:srgb, crop:(8,8)/600x400 -> crop:(0,0)/640x480")
            })
            // Sensor B:0, Debayer B:0 and :1 (propagation), Scaler:0 and :1, two links. media-ctl
            // sent colorspace 0 (default), which vimc keeps: no colorspace on the changed pads.
            #expect(lines.last == "dry run: 7 of 12 specs would change the device; nothing was changed")
            #expect(try await mediaCtl(["-p"]) == changed)

            let applied = await BuiltBinary.run(["apply", "-d", "vimc", path])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            #expect(!applied.stdout.contains("mismatch"))
            #expect(try await mediaCtl(["-p"]) == first.mediaCtlP)
            #expect(try await topology("media-ctl") == first.ours)
            #expect(try await topology("json") == first.json)
            #expect(await BuiltBinary.run(["apply", "--dry-run", "-d", "vimc", path]).stdout
                == "dry run: 0 of 12 specs would change the device; nothing was changed\n")

            // media-ctl reads every line too.
            try await change()
            for line in dump.split(separator: "\n").map(String.init) where !line.hasPrefix("#") {
                _ = try await mediaCtl([line.contains("->") ? "-l" : "-V", line])
            }
            #expect(try await mediaCtl(["-p"]) == first.mediaCtlP)
        } cleanup: {
            try? await restoreDefaultLinks()
            try? await restoreDefaultFormats()
        }
    }

    @Test func dryRunRefusesABadLineAndChangesNothing() async throws {
        try await restoreDefaultLinks()
        let before = try await mediaCtl(["-p"])
        let path = try writePipeline("dry-bad", "\"Debayer A\":1 -> \"Scaler\":0 [0]\n\"Scaler\":0 -> \"Debayer A\":0 [1]\n")
        let result = await BuiltBinary.run(["apply", "--dry-run", "-d", "vimc", path])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("mediactl: \(path):2:1: no link from \"Scaler\":0 to \"Debayer A\":0"))
        #expect(try await mediaCtl(["-p"]) == before)
    }
}
