import KTAP
import Testing

/// KTAP names in KernelCI's characters, and the points' lines (Documentation/dev-tools/ktap.rst:
/// `ok|not ok NUMBER NAME [# DIRECTIVE]`, subtests indented by four spaces).
struct KTAPTests {
    @Test(arguments: [
        ("capture \"Raw Capture 0\" STREAMON", "capture_Raw_Capture_0_STREAMON"),
        ("link \"Sensor A\":0 -> \"Debayer A\":0", "link_Sensor_A_0_-_Debayer_A_0"),
        ("DEVICE_INFO after unbind /dev/media0", "DEVICE_INFO_after_unbind_dev_media0"),
        ("KASAN: slab-use-after-free Read in media_device_get_info", "KASAN_slab-use-after-free_Read_in_media_device_get_info"),
        ("  écran ", "cran"),
        ("#!", "unnamed"),
    ])
    func namesKeepOnlyKernelCIsCharacters(_ text: String, _ name: String) {
        #expect(KTAP.name(text) == name)
    }

    @Test func pointsNumberDirectivesAndTotals() {
        var points = KTAPPoints()
        var out = points.header(plan: 4)
        out += points.point("a b", .pass)
        out += points.point("a b", .fail(reason: "two\nlines"))
        out += points.point("c", .skip(reason: "no device"))
        out += points.point("d", .fail(reason: nil))
        out += points.totals
        #expect(out == """
            KTAP version 1
            1..4
            ok 1 a_b
            not ok 2 a_b_2 # two lines
            ok 3 c # SKIP no device
            not ok 4 d
            # Totals: pass:1 fail:2 xfail:0 xpass:0 skip:1 error:0

            """)
        var inner = KTAPPoints(level: 1)
        #expect(inner.header(plan: 1) + inner.point("x", .pass) == "    KTAP version 1\n    1..1\n    ok 1 x\n")
    }
}
