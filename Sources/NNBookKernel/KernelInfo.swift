import NNBookNotebook

/// What the kernel says about itself: the kernelspec's name and display name
/// (also for `nnbook kernel install`) and the `kernel_info_reply`. The names,
/// version and `language_info` are `JupyterKernelInfo`'s, the same an exported
/// notebook carries, so a notebook and the kernel always agree.
public enum KernelInfo {
    /// The kernelspec's folder name, `kernels/nnbook/`.
    public static var kernelName: String { JupyterKernelInfo.kernelName }
    /// The name front-ends show in their kernel menus.
    public static var displayName: String { JupyterKernelInfo.kernelspec.displayName }
    public static var language: String { JupyterKernelInfo.kernelspec.language }
    public static let protocolVersion = "5.3"
    public static var version: String { JupyterKernelInfo.version }

    public static var reply: JSON {
        [
            "status": "ok",
            "protocol_version": .string(protocolVersion),
            "implementation": "nnbook",
            "implementation_version": .string(version),
            "language_info": .object(JupyterKernelInfo.languageInfo.json.mapValues { .string($0) }),
            "banner": .string("nnbook \(version) — learn neural networks one line at a time. :help lists everything."),
            "help_links": [["text": "nnbook README", "url": "https://github.com/nnbook/nnbook#readme"]],
        ]
    }
}
