/// What the kernel says about itself: the kernelspec's name and display name
/// (also for `nnbook kernel install`) and the `kernel_info_reply`.
public enum KernelInfo {
    /// The kernelspec's folder name, `kernels/nnbook/`.
    public static let kernelName = "nnbook"
    /// The name front-ends show in their kernel menus.
    public static let displayName = "nnbook"
    public static let language = "nnbook"
    public static let protocolVersion = "5.3"
    public static let version = "0.1.0"

    public static var reply: JSON {
        [
            "status": "ok",
            "protocol_version": .string(protocolVersion),
            "implementation": "nnbook",
            "implementation_version": .string(version),
            "language_info": [
                "name": .string(language),
                "version": .string(version),
                "mimetype": "text/x-nnbook",
                "file_extension": ".md",
                "pygments_lexer": "python",
                "codemirror_mode": "python",
            ],
            "banner": .string("nnbook \(version) — learn neural networks one line at a time. :help lists everything."),
            "help_links": [["text": "nnbook README", "url": "https://github.com/nnbook/nnbook#readme"]],
        ]
    }
}
