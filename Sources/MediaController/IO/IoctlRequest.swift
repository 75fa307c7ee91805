import CLinuxMedia

/// An ioctl request number with its name, for calls and error messages.
/// The numbers come from the kernel headers through the C shim, never computed here.
package struct IoctlRequest: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let number: UInt

    public init(name: String, number: UInt) {
        self.name = name
        self.number = number
    }

    public var description: String { name }

    package static let deviceInfo = IoctlRequest(name: "MEDIA_IOC_DEVICE_INFO", number: CLinuxMedia_MEDIA_IOC_DEVICE_INFO)
    package static let enumEntities = IoctlRequest(name: "MEDIA_IOC_ENUM_ENTITIES", number: CLinuxMedia_MEDIA_IOC_ENUM_ENTITIES)
    package static let enumLinks = IoctlRequest(name: "MEDIA_IOC_ENUM_LINKS", number: CLinuxMedia_MEDIA_IOC_ENUM_LINKS)
    package static let setupLink = IoctlRequest(name: "MEDIA_IOC_SETUP_LINK", number: CLinuxMedia_MEDIA_IOC_SETUP_LINK)
    package static let getTopology = IoctlRequest(name: "MEDIA_IOC_G_TOPOLOGY", number: CLinuxMedia_MEDIA_IOC_G_TOPOLOGY)
    package static let requestAlloc = IoctlRequest(name: "MEDIA_IOC_REQUEST_ALLOC", number: CLinuxMedia_MEDIA_IOC_REQUEST_ALLOC)
    package static let requestQueue = IoctlRequest(name: "MEDIA_REQUEST_IOC_QUEUE", number: CLinuxMedia_MEDIA_REQUEST_IOC_QUEUE)
    package static let requestReinit = IoctlRequest(name: "MEDIA_REQUEST_IOC_REINIT", number: CLinuxMedia_MEDIA_REQUEST_IOC_REINIT)

    package static let queryCapability = IoctlRequest(name: "VIDIOC_QUERYCAP", number: CLinuxMedia_VIDIOC_QUERYCAP)
    package static let getFormat = IoctlRequest(name: "VIDIOC_G_FMT", number: CLinuxMedia_VIDIOC_G_FMT)
    package static let setFormat = IoctlRequest(name: "VIDIOC_S_FMT", number: CLinuxMedia_VIDIOC_S_FMT)
    package static let requestBuffers = IoctlRequest(name: "VIDIOC_REQBUFS", number: CLinuxMedia_VIDIOC_REQBUFS)
    package static let queryBuffer = IoctlRequest(name: "VIDIOC_QUERYBUF", number: CLinuxMedia_VIDIOC_QUERYBUF)
    package static let queueBuffer = IoctlRequest(name: "VIDIOC_QBUF", number: CLinuxMedia_VIDIOC_QBUF)
    package static let dequeueBuffer = IoctlRequest(name: "VIDIOC_DQBUF", number: CLinuxMedia_VIDIOC_DQBUF)
    package static let streamOn = IoctlRequest(name: "VIDIOC_STREAMON", number: CLinuxMedia_VIDIOC_STREAMON)
    package static let streamOff = IoctlRequest(name: "VIDIOC_STREAMOFF", number: CLinuxMedia_VIDIOC_STREAMOFF)

    package static let subdevQueryCapability = IoctlRequest(name: "VIDIOC_SUBDEV_QUERYCAP", number: CLinuxMedia_VIDIOC_SUBDEV_QUERYCAP)
    package static let subdevGetFormat = IoctlRequest(name: "VIDIOC_SUBDEV_G_FMT", number: CLinuxMedia_VIDIOC_SUBDEV_G_FMT)
    package static let subdevSetFormat = IoctlRequest(name: "VIDIOC_SUBDEV_S_FMT", number: CLinuxMedia_VIDIOC_SUBDEV_S_FMT)
    package static let subdevGetSelection = IoctlRequest(name: "VIDIOC_SUBDEV_G_SELECTION", number: CLinuxMedia_VIDIOC_SUBDEV_G_SELECTION)
    package static let subdevSetSelection = IoctlRequest(name: "VIDIOC_SUBDEV_S_SELECTION", number: CLinuxMedia_VIDIOC_SUBDEV_S_SELECTION)
    package static let subdevGetFrameInterval = IoctlRequest(
        name: "VIDIOC_SUBDEV_G_FRAME_INTERVAL", number: CLinuxMedia_VIDIOC_SUBDEV_G_FRAME_INTERVAL)
    package static let subdevSetFrameInterval = IoctlRequest(
        name: "VIDIOC_SUBDEV_S_FRAME_INTERVAL", number: CLinuxMedia_VIDIOC_SUBDEV_S_FRAME_INTERVAL)
    package static let subdevGetCrop = IoctlRequest(name: "VIDIOC_SUBDEV_G_CROP", number: CLinuxMedia_VIDIOC_SUBDEV_G_CROP)

    package static let uffdApi = IoctlRequest(name: "UFFDIO_API", number: CLinuxMedia_UFFDIO_API)
    package static let uffdRegister = IoctlRequest(name: "UFFDIO_REGISTER", number: CLinuxMedia_UFFDIO_REGISTER)
    package static let uffdCopy = IoctlRequest(name: "UFFDIO_COPY", number: CLinuxMedia_UFFDIO_COPY)
    package static let uffdWake = IoctlRequest(name: "UFFDIO_WAKE", number: CLinuxMedia_UFFDIO_WAKE)
    package static let uffdWriteProtect = IoctlRequest(name: "UFFDIO_WRITEPROTECT", number: CLinuxMedia_UFFDIO_WRITEPROTECT)
}
