import CLinuxMedia

extension SubdevPadState {
    /// Decodes the subdev ioctls' answers for one pad.
    package init(_ raw: RawSubdevPad) {
        func rect(_ target: Int32) -> Rectangle? {
            raw.selection(target: UInt32(target)).map {
                Rectangle(left: $0.r.left, top: $0.r.top, width: $0.r.width, height: $0.r.height)
            }
        }
        self.init(
            pad: raw.pad,
            stream: raw.stream,
            format: raw.format.map { FrameFormat($0.format) },
            interval: raw.interval.flatMap {
                $0.interval.numerator == 0 && $0.interval.denominator == 0
                    ? nil : Fraction(numerator: $0.interval.numerator, denominator: $0.interval.denominator)
            },
            cropBounds: rect(V4L2_SEL_TGT_CROP_BOUNDS),
            crop: rect(V4L2_SEL_TGT_CROP),
            composeBounds: rect(V4L2_SEL_TGT_COMPOSE_BOUNDS),
            compose: rect(V4L2_SEL_TGT_COMPOSE))
    }
}

extension FrameFormat {
    /// Decodes `struct v4l2_mbus_framefmt`.
    init(_ raw: v4l2_mbus_framefmt) {
        self.init(
            code: raw.code, width: raw.width, height: raw.height, field: raw.field, colorspace: raw.colorspace,
            ycbcrEncoding: raw.ycbcr_enc, quantization: raw.quantization, transferFunction: raw.xfer_func)
    }
}
