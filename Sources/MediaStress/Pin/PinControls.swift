import CLinuxMedia
import MediaController
import SystemPackage

/// The control a control ioctl parked at `:out` names: the node's first control a plain
/// value can be read from and written back (integer, boolean, menu), found with
/// QUERYCTRL's NEXT_CTRL walk; its first valid menu item for QUERYMENU; a control event
/// subscribed with SEND_INITIAL, so that DQEVENT has one pending. A node without such a
/// control is a `device` not-applicable.
struct PinControls {
    static let ioctls: Set = [
        "VIDIOC_QUERYCTRL", "VIDIOC_QUERY_EXT_CTRL", "VIDIOC_G_CTRL", "VIDIOC_S_CTRL", "VIDIOC_QUERYMENU", "VIDIOC_DQEVENT",
    ]

    let pinned: PinnedIoctl
    let handle: HeldHandle

    init(_ pinned: PinnedIoctl, _ handle: HeldHandle) {
        self.pinned = pinned
        self.handle = handle
    }

    private static let nextControl = UInt32(truncatingIfNeeded: V4L2_CTRL_FLAG_NEXT_CTRL)

    /// The node's controls, in the order NEXT_CTRL walks them (at most 256).
    private func controls() -> [v4l2_queryctrl] {
        var found: [v4l2_queryctrl] = []
        var query = v4l2_queryctrl()
        query.id = Self.nextControl
        guard let request = try? PinSetup.request("VIDIOC_QUERYCTRL", for: pinned) else { return [] }
        while found.count < 256, case .success = systemIoctl(handle.fileDescriptor, request, &query) {
            found.append(query)
            query.id |= Self.nextControl
        }
        return found
    }

    /// Builds the state and returns the argument.
    func argument() throws(MediaError) -> PinArgument {
        let plain = [V4L2_CTRL_TYPE_INTEGER, V4L2_CTRL_TYPE_BOOLEAN, V4L2_CTRL_TYPE_MENU, V4L2_CTRL_TYPE_INTEGER_MENU]
            .map(\.rawValue)
        let menus = [V4L2_CTRL_TYPE_MENU, V4L2_CTRL_TYPE_INTEGER_MENU].map(\.rawValue)
        let unusable = UInt32(V4L2_CTRL_FLAG_DISABLED | V4L2_CTRL_FLAG_WRITE_ONLY)
        let unwritable = unusable | UInt32(V4L2_CTRL_FLAG_READ_ONLY | V4L2_CTRL_FLAG_GRABBED | V4L2_CTRL_FLAG_INACTIVE)
        let all = controls()
        let name = pinned.ioctl.name
        let wanted = name == "VIDIOC_QUERYMENU" ? menus : plain
        let excluded = name == "VIDIOC_S_CTRL" ? unwritable : unusable
        guard let control = all.first(where: { wanted.contains($0.type) && $0.flags & excluded == 0 }) else {
            throw NotApplicable.error(
                .device, path: handle.node.path, operation: "park \(pinned.rawValue)",
                detail: "the node has no \(name == "VIDIOC_QUERYMENU" ? "menu" : name == "VIDIOC_S_CTRL" ? "writable" : "readable") control (\(all.count) controls)")
        }
        switch name {
        case "VIDIOC_QUERYCTRL":
            var query = v4l2_queryctrl()
            query.id = Self.nextControl
            return PinArgument(image: query)
        case "VIDIOC_QUERY_EXT_CTRL":
            var query = v4l2_query_ext_ctrl()
            query.id = Self.nextControl
            return PinArgument(image: query)
        case "VIDIOC_QUERYMENU":
            return PinArgument(image: try menuItem(control))
        case "VIDIOC_DQEVENT":
            var subscription = v4l2_event_subscription()
            subscription.type = UInt32(V4L2_EVENT_CTRL)
            subscription.id = control.id
            subscription.flags = UInt32(V4L2_EVENT_SUB_FL_SEND_INITIAL)
            try PinSetup.call(try PinSetup.request("VIDIOC_SUBSCRIBE_EVENT", for: pinned), &subscription, on: handle, for: pinned)
            return PinArgument(image: v4l2_event())
        default:
            // G_CTRL reads it; S_CTRL writes back what G_CTRL read.
            var value = v4l2_control()
            value.id = control.id
            try PinSetup.call(try PinSetup.request("VIDIOC_G_CTRL", for: pinned), &value, on: handle, for: pinned)
            return PinArgument(image: value)
        }
    }

    /// The first menu item of `control` the driver names (menus may skip items).
    private func menuItem(_ control: v4l2_queryctrl) throws(MediaError) -> v4l2_querymenu {
        let request = try PinSetup.request("VIDIOC_QUERYMENU", for: pinned)
        var index = max(control.minimum, 0)
        while index <= min(control.maximum, control.minimum + 64) {
            var item = v4l2_querymenu()
            item.id = control.id
            item.index = UInt32(index)
            if case .success = systemIoctl(handle.fileDescriptor, request, &item) {
                var argument = v4l2_querymenu()
                argument.id = control.id
                argument.index = UInt32(index)
                return argument
            }
            index += 1
        }
        throw NotApplicable.error(
            .kernel, errno: .invalidArgument, path: handle.node.path, operation: "park \(pinned.rawValue)",
            detail: "no item of menu control 0x\(String(control.id, radix: 16)) between its minimum and maximum")
    }
}
