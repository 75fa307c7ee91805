import Testing
import USBCamera

/// The kernel's reason for a camera that never enumerated: the last USB core or vhci error
/// or warning since the attach. The lines are as drivers/usb/core/hub.c (6.12) prints them
/// through dev_err ("usb " + the device name) and vhci_hcd.c through pr_err.
@Suite struct EnumerationLogTests {
    typealias Line = EnumerationLog.Line

    @Test func theLastUSBErrorIsTheReason() {
        let lines = [
            Line(priority: 6, text: "vhci_hcd vhci_hcd.0: pdev(0) rhport(0) sockfd(3)"),
            Line(priority: 6, text: "usb 3-1: new high-speed USB device number 2 using vhci_hcd"),
            Line(priority: 3, text: "usb 3-1: device descriptor read/64, error -110"),
            Line(priority: 3, text: "usb usb3-port1: unable to enumerate USB device"),
            Line(priority: 6, text: "uvcvideo: some unrelated line"),
        ]
        #expect(EnumerationLog.reason(lines) == "usb usb3-port1: unable to enumerate USB device")
    }

    @Test func informationalLinesAndOtherDriversAreNoReason() {
        #expect(EnumerationLog.reason([]) == nil)
        #expect(EnumerationLog.reason([
            Line(priority: 6, text: "usb 3-1: new high-speed USB device number 2 using vhci_hcd"),
            Line(priority: 3, text: "uvcvideo 3-1:1.0: Failed to query (GET_DEF) UVC control 2 on unit 2: -110 (exp. 2)."),
        ]) == nil)
        // Console text carries no priority: a USB core line still counts.
        #expect(EnumerationLog.reason([Line(priority: nil, text: "usb 3-1: device not accepting address 2, error -71")])
            == "usb 3-1: device not accepting address 2, error -71")
    }
}
