/// What Jupyter is told about nnbook, in one place: the kernelspec and
/// `language_info` an exported notebook carries in its metadata (so it opens
/// with the nnbook kernel already chosen), and what a kernel's
/// `kernel_info_reply` says about the language.
public enum JupyterKernelInfo {
    /// nnbook's version; `nnbook --version` and the REPL's banner print it.
    public static let version = "0.1.0"

    /// The kernelspec's name, which `jupyter kernelspec list` shows.
    public static let kernelName = "nnbook"

    /// `metadata.kernelspec` of a notebook.
    public static let kernelspec = KernelSpec(name: kernelName, displayName: "nnbook", language: "nnbook")

    /// `metadata.language_info` of a notebook, and `language_info` of a
    /// `kernel_info_reply`. Jupyter has no nnbook highlighter; Python's is the
    /// closest (the same `#` comments and indented blocks).
    public static let languageInfo = LanguageInfo(
        name: "nnbook", version: version, mimetype: "text/x-nnbook", fileExtension: ".md",
        pygmentsLexer: "python", codemirrorMode: "python")

    /// A notebook's `metadata.kernelspec`.
    public struct KernelSpec: Codable, Sendable, Equatable {
        public var name: String
        public var displayName: String
        public var language: String

        enum CodingKeys: String, CodingKey {
            case name, displayName = "display_name", language
        }

        /// The JSON object, keys as Jupyter spells them.
        public var json: [String: String] { ["name": name, "display_name": displayName, "language": language] }
    }

    /// A notebook's `metadata.language_info`.
    public struct LanguageInfo: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var mimetype: String
        public var fileExtension: String
        public var pygmentsLexer: String
        public var codemirrorMode: String

        enum CodingKeys: String, CodingKey {
            case name, version, mimetype, fileExtension = "file_extension",
                 pygmentsLexer = "pygments_lexer", codemirrorMode = "codemirror_mode"
        }

        /// The JSON object, keys as Jupyter spells them.
        public var json: [String: String] {
            ["name": name, "version": version, "mimetype": mimetype, "file_extension": fileExtension,
             "pygments_lexer": pygmentsLexer, "codemirror_mode": codemirrorMode]
        }
    }
}
