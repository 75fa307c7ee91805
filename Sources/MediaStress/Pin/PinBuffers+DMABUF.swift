import CLinuxMedia
import Glibc
import MediaController
import SystemPackage

/// The `:out+dmabuf` cells: QBUF, PREPARE_BUF and DQBUF on buffers of DMABUF memory. The
/// kernels of the project have no udmabuf (Scripts/kernel/kasan-vimc.config leaves it
/// out) and a capture node has one queue, so the dma-bufs are the node's own: two MMAP
/// buffers allocated and exported (EXPBUF), the MMAP buffers freed (vb2 orphans memory an
/// export still holds), and the queue set up again for DMABUF with the exports queued.
/// The exports stay open until the parked ioctl has returned (`PinArgument.closeAfter`).
extension PinBuffers {
    /// Builds the DMABUF state and returns the argument.
    func dmabufArgument(_ queue: PinQueue) throws(MediaError) -> PinArgument {
        var exported: [Int32] = []
        let buffers: [PlanarBuffer]
        do throws(MediaError) {
            if pinned.ioctl.name == "VIDIOC_DQBUF" {
                var imported: [PlanarBuffer] = []
                try streamWithDoneBuffer(queue) { () throws(MediaError) in
                    imported = try importExports(queue.type, exported: &exported)
                    try imported[0].call(.queueBuffer, on: handle, for: pinned)
                    if imported.count > 1 { _ = imported[1].attempt(.queueBuffer, on: handle) }
                }
                var dequeue = PlanarBuffer(type: queue.type, planes: imported.first?.planes.count ?? 0)
                dequeue.buffer.memory = V4L2_MEMORY_DMABUF.rawValue
                var argument = dequeue.argument
                argument.closeAfter = exported
                return argument
            }
            buffers = try importExports(queue.type, exported: &exported)
        } catch {
            for descriptor in exported { close(descriptor) }
            throw error
        }
        // QBUF, PREPARE_BUF: buffer 0, its dma-buf neither queued nor prepared.
        var argument = buffers[0].argument
        argument.closeAfter = exported
        return argument
    }

    /// Allocates MMAP buffers on the queue of `type`, exports buffers 0 and 1 (every
    /// plane; their descriptors appended to `exported`), frees them and asks for DMABUF
    /// buffers; returns buffers 0 and 1 of DMABUF memory, each plane the dma-buf of its
    /// export and its length.
    private func importExports(_ type: UInt32, exported: inout [Int32]) throws(MediaError) -> [PlanarBuffer] {
        let shape = try allocate(type)
        let request = try PinSetup.request("VIDIOC_EXPBUF", for: pinned)
        var buffers: [PlanarBuffer] = []
        exports: for index in 0..<2 {
            var buffer = shape
            buffer.buffer.index = UInt32(index)
            buffer.buffer.memory = V4L2_MEMORY_DMABUF.rawValue
            for plane in 0..<max(shape.planes.count, 1) {
                var export = v4l2_exportbuffer()
                export.type = type
                export.index = UInt32(index)
                export.plane = UInt32(plane)
                export.flags = UInt32(O_RDWR | O_CLOEXEC)
                if index == 0 {
                    try PinSetup.call(request, &export, on: handle, for: pinned)
                } else if case .failure = systemIoctl(handle.fileDescriptor, request, &export) {
                    break exports  // a queue that gave one buffer: buffer 0 alone
                }
                exported.append(export.fd)
                if buffer.planes.isEmpty { buffer.buffer.m.fd = export.fd } else { buffer.planes[plane].m.fd = export.fd }
            }
            buffers.append(buffer)
        }
        try free(type, memory: V4L2_MEMORY_MMAP.rawValue)
        var dmabufs = v4l2_requestbuffers()
        dmabufs.count = 2
        dmabufs.type = type
        dmabufs.memory = V4L2_MEMORY_DMABUF.rawValue
        try PinSetup.call(.requestBuffers, &dmabufs, on: handle, for: pinned)
        return buffers
    }
}
