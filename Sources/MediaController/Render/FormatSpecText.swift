/// Writes pad states back in `-V` syntax, so what mediactl reports can be pasted into
/// `mediactl format`, `media-ctl -V` or a pipeline file.
public enum FormatSpecText {
    /// `fmt:RGB888_1X24/640x480 field:none colorspace:srgb crop:(0,0)/640x480 @1/30`:
    /// each given part, colorimetry only where not 0.
    public static func properties(
        format: FrameFormat?, crop: Rectangle? = nil, compose: Rectangle? = nil, interval: Fraction? = nil
    ) -> String {
        var parts: [String] = []
        if let format {
            parts.append("fmt:\(FormatNames.mbusCodeName(format.code))/\(format.width)x\(format.height)")
            if format.field != 0 { parts.append("field:\(FormatNames.fieldName(format.field))") }
            if format.colorspace != 0 { parts.append("colorspace:\(FormatNames.colorspaceName(format.colorspace))") }
            if format.transferFunction != 0 {
                parts.append("xfer:\(FormatNames.transferFunctionName(format.transferFunction))")
            }
            if format.ycbcrEncoding != 0 { parts.append("ycbcr:\(FormatNames.ycbcrEncodingName(format.ycbcrEncoding))") }
            if format.quantization != 0 {
                parts.append("quantization:\(FormatNames.quantizationName(format.quantization))")
            }
        }
        if let crop { parts.append("crop:\(rectangle(crop))") }
        if let compose { parts.append("compose:\(rectangle(compose))") }
        if let interval { parts.append("@\(interval.numerator)/\(interval.denominator)") }
        return parts.joined(separator: " ")
    }

    /// `(L,T)/WxH`, left and top signed.
    public static func rectangle(_ rect: Rectangle) -> String {
        "(\(rect.left),\(rect.top))/\(rect.width)x\(rect.height)"
    }

    /// `"Scaler":0`.
    public static func pad(entityName: String, index: UInt16) -> String {
        "\"\(entityName)\":\(index)"
    }
}
