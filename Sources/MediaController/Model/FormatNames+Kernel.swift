// The kernel's media bus code names (`KernelMbusCodes.swift`, generated from the UAPI
// header by Scripts/gen/mbus-codes), for our own views. `--format media-ctl` keeps
// media-ctl 1.22's names (`mbusCodeName`), which lack every code 1.22 predates.

extension FormatNames {
    /// The kernel's name of a media bus code without `MEDIA_BUS_FMT_` (`META_8`,
    /// `Y16_1X16`), nil for a code the header does not define. A scan, as `mbusCodeName`.
    public static func kernelMbusCodeName(_ code: UInt32) -> String? {
        kernelMbusCodes.first { $0.code == code }?.name
    }

    /// What the text view prints after `fmt:`: the kernel's name, or `0x` and at least
    /// four hexadecimal digits for a code the header does not define.
    public static func kernelMbusCodeText(_ code: UInt32) -> String {
        if let name = kernelMbusCodeName(code) { return name }
        let hex = String(code, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The code of a kernel name (exact case, prefix dropped); nil otherwise.
    public static func kernelMbusCode(named name: String) -> UInt32? {
        kernelMbusCodes.first { $0.name == name }?.code
    }
}
