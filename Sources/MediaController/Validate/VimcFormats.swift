import CLinuxMedia

/// vimc's `vimc_pix_map_list` (drivers/media/test-drivers/vimc/vimc-common.c, the same in
/// Debian's 6.1 and 6.12): the media bus codes its pads take and the pixel format each one
/// becomes on a capture node. `vimc_vdev_link_validate` compares a capture node's pixel
/// format with the one its source pad's code maps to through this table.
enum VimcFormats {
    /// (codes, pixel format as `v4l2_fourcc` characters), in the driver's order.
    static let table: [(codes: [Int32], pixelFormat: String)] = [
        ([MEDIA_BUS_FMT_BGR888_1X24, MEDIA_BUS_FMT_BGR888_3X8], "BGR3"),
        (
            [
                MEDIA_BUS_FMT_RGB888_1X24, MEDIA_BUS_FMT_RGB888_2X12_BE, MEDIA_BUS_FMT_RGB888_2X12_LE,
                MEDIA_BUS_FMT_RGB888_3X8, MEDIA_BUS_FMT_RGB888_1X7X4_SPWG, MEDIA_BUS_FMT_RGB888_1X7X4_JEIDA,
                MEDIA_BUS_FMT_RGB888_1X32_PADHI, MEDIA_BUS_FMT_GBR888_1X24,
            ], "RGB3"
        ),
        ([MEDIA_BUS_FMT_ARGB8888_1X32], "BA24"),
        ([MEDIA_BUS_FMT_SBGGR8_1X8], "BA81"),
        ([MEDIA_BUS_FMT_SGBRG8_1X8], "GBRG"),
        ([MEDIA_BUS_FMT_SGRBG8_1X8], "GRBG"),
        ([MEDIA_BUS_FMT_SRGGB8_1X8], "RGGB"),
        ([MEDIA_BUS_FMT_SBGGR10_1X10], "BG10"),
        ([MEDIA_BUS_FMT_SGBRG10_1X10], "GB10"),
        ([MEDIA_BUS_FMT_SGRBG10_1X10], "BA10"),
        ([MEDIA_BUS_FMT_SRGGB10_1X10], "RG10"),
        ([MEDIA_BUS_FMT_SBGGR10_ALAW8_1X8], "aBA8"),
        ([MEDIA_BUS_FMT_SGBRG10_ALAW8_1X8], "aGA8"),
        ([MEDIA_BUS_FMT_SGRBG10_ALAW8_1X8], "agA8"),
        ([MEDIA_BUS_FMT_SRGGB10_ALAW8_1X8], "aRA8"),
        ([MEDIA_BUS_FMT_SBGGR10_DPCM8_1X8], "bBA8"),
        ([MEDIA_BUS_FMT_SGBRG10_DPCM8_1X8], "bGA8"),
        ([MEDIA_BUS_FMT_SGRBG10_DPCM8_1X8], "BD10"),
        ([MEDIA_BUS_FMT_SRGGB10_DPCM8_1X8], "bRA8"),
        ([MEDIA_BUS_FMT_SBGGR12_1X12], "BG12"),
        ([MEDIA_BUS_FMT_SGBRG12_1X12], "GB12"),
        ([MEDIA_BUS_FMT_SGRBG12_1X12], "BA12"),
        ([MEDIA_BUS_FMT_SRGGB12_1X12], "RG12"),
    ]

    /// `vimc_pix_map_by_code(code)->pixelformat`; nil for a code vimc does not know.
    static func pixelFormat(forCode code: UInt32) -> UInt32? {
        table.first { $0.codes.contains(Int32(bitPattern: code)) }.map { PixelFormat.fourcc($0.pixelFormat) }
    }
}
