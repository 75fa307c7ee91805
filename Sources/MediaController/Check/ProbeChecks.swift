import CLinuxMedia
import SystemPackage

/// The checks that call the kernel (`testMediaSetupLink`, the request API tests and
/// the "unlimited opens" test of v4l2-compliance).
enum ProbeChecks {
    static func text(_ errno: Errno?) -> String { errno.map(errnoName) ?? "success" }

    static func describe(_ link: media_link_desc) -> String {
        "\(link.source.entity):\(link.source.index) -> \(link.sink.entity):\(link.sink.index)"
    }

    /// A zeroed `media_link_desc` names no link: EINVAL. ENOTTY means the driver has no
    /// SETUP_LINK at all (skip).
    static func setupLinkInvalid(_ probes: any MediaCheckProbes) -> CheckOutcome {
        var link = media_link_desc()
        let answer = probes.setupLink(&link)
        if answer == .inappropriateIOCTLForDevice { return .skip("MEDIA_IOC_SETUP_LINK is not supported (ENOTTY)") }
        return answer == .invalidArgument ? .pass : .fail(["a zeroed link gave \(text(answer)), not EINVAL"])
    }

    /// The first ENUM_LINKS link whose flags satisfy `accept`, in enumeration order.
    static func firstLink(_ input: MediaCheckInput, where accept: (UInt32) -> Bool) -> media_link_desc? {
        for entity in input.entities {
            if let link = input.links[entity.id]?.links.first(where: { accept($0.flags) }) { return link }
        }
        return nil
    }

    /// An immutable link: re-applying its own flags is accepted, asking for ENABLED
    /// alone (dropping IMMUTABLE) is refused with EINVAL.
    static func setupLinkImmutable(_ input: MediaCheckInput, _ probes: any MediaCheckProbes) -> CheckOutcome {
        guard let immutable = firstLink(input, where: { $0 & UInt32(MEDIA_LNK_FL_IMMUTABLE) != 0 }) else {
            return .skip("no immutable link")
        }
        var problems: [String] = []
        var same = immutable
        let reapplied = probes.setupLink(&same)
        if reapplied != nil {
            problems.append("re-applying the own flags of \(describe(immutable)) gave \(text(reapplied))")
        }
        var changed = immutable
        changed.flags = UInt32(MEDIA_LNK_FL_ENABLED)
        let refused = probes.setupLink(&changed)
        if refused != .invalidArgument {
            problems.append("ENABLED without IMMUTABLE on \(describe(immutable)) gave \(text(refused)), not EINVAL")
        }
        return .from(problems)
    }

    /// A mutable link: its own flags are accepted (reserved fields zeroed on return),
    /// the same flags with `MEDIA_LNK_FL_INTERFACE_LINK` are refused with EINVAL.
    static func setupLinkSameFlags(_ input: MediaCheckInput, _ probes: any MediaCheckProbes) -> CheckOutcome {
        guard let mutable = firstLink(input, where: { $0 & UInt32(MEDIA_LNK_FL_IMMUTABLE) == 0 }) else {
            return .skip("no mutable link")
        }
        var problems: [String] = []
        var same = mutable
        withUnsafeMutableBytes(of: &same.reserved) { bytes in
            for index in bytes.indices { bytes[index] = 0xff }
        }
        let reapplied = probes.setupLink(&same)
        if reapplied != nil {
            problems.append("re-applying the own flags of \(describe(mutable)) gave \(text(reapplied))")
        } else if !isZero(same.reserved) {
            problems.append("SETUP_LINK did not zero the reserved fields")
        }
        var typed = mutable
        typed.flags |= UInt32(MEDIA_LNK_FL_INTERFACE_LINK)
        let refused = probes.setupLink(&typed)
        if refused != .invalidArgument {
            problems.append("INTERFACE_LINK added to \(describe(mutable)) gave \(text(refused)), not EINVAL")
        }
        return .from(problems)
    }

    static let noRequests = "the driver does not support requests (MEDIA_IOC_REQUEST_ALLOC: ENOTTY)"

    /// `MEDIA_IOC_REQUEST_ALLOC` works; ENOTTY (no request support) is a skip.
    static func requestAlloc(_ result: RequestProbeResult) -> CheckOutcome {
        switch result.allocError {
        case nil: .pass
        case .inappropriateIOCTLForDevice?: .skip(noRequests)
        case let errno?: .fail(["MEDIA_IOC_REQUEST_ALLOC failed: \(errnoText(errno))"])
        }
    }

    /// A request outlives the media fd that allocated it: REINIT succeeds and QUEUE of the
    /// empty request answers ENOENT (no buffers), not EBADF or EIO.
    static func requestOutlivesMediaFD(_ result: RequestProbeResult) -> CheckOutcome {
        switch result.allocError {
        case nil: break
        case .inappropriateIOCTLForDevice?: return .skip(noRequests)
        case let errno?: return .skip("no request could be allocated (\(errnoName(errno)))")
        }
        var problems: [String] = []
        if let errno = result.reinitError {
            problems.append("MEDIA_REQUEST_IOC_REINIT after closing the media fd failed: \(errnoText(errno))")
        }
        if result.queueError != .noSuchFileOrDirectory {
            problems.append("MEDIA_REQUEST_IOC_QUEUE of an empty request gave \(text(result.queueError)), not ENOENT")
        }
        return .from(problems)
    }

    /// How many opens "unlimited opens" means in v4l2-compliance.
    static let simultaneousOpens = 100

    static func openMany(_ probes: any MediaCheckProbes) -> CheckOutcome {
        let result = probes.openSimultaneously(simultaneousOpens)
        guard let errno = result.error else { return .pass }
        return .fail(["open \(result.opened + 1) of \(simultaneousOpens) failed: \(errnoText(errno))"])
    }
}
