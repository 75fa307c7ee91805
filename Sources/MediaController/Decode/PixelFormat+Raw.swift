import CLinuxMedia

extension PixelFormat {
    /// Decodes `struct v4l2_pix_format`.
    init(_ raw: v4l2_pix_format) {
        self.init(
            width: raw.width, height: raw.height, pixelFormat: raw.pixelformat, field: raw.field,
            bytesPerLine: raw.bytesperline, sizeImage: raw.sizeimage, colorspace: raw.colorspace,
            ycbcrEncoding: raw.ycbcr_enc, quantization: raw.quantization, transferFunction: raw.xfer_func)
    }

    /// The structure `VIDIOC_S_FMT` takes: the requested size, code, field and
    /// colorimetry; bytes per line and image size left to the driver.
    var raw: v4l2_pix_format {
        var raw = v4l2_pix_format()
        raw.width = width
        raw.height = height
        raw.pixelformat = pixelFormat
        raw.field = field
        raw.colorspace = colorspace
        raw.ycbcr_enc = ycbcrEncoding
        raw.quantization = quantization
        raw.xfer_func = transferFunction
        return raw
    }
}
