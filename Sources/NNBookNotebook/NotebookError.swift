import Foundation
import NNBookLanguage

/// Something wrong with a notebook file, located like a compiler error:
/// `lessons/02-gradient.md:14: unclosed ``` fence`.
///
/// Every failure of this library is one of these values; nothing prints,
/// nothing exits. `line` is 1-based; 0 means "the file as a whole" (it does
/// not exist, cannot be written …) and is left out of `description`.
public struct NotebookError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    /// Why a write failed, when it did (so a caller can offer `:save!` for
    /// `.exists` without reading the message).
    public var writeError: FileWriteError?

    public init(path: String, line: Int, message: String, writeError: FileWriteError? = nil) {
        self.path = path
        self.line = line
        self.message = message
        self.writeError = writeError
    }

    /// `path:line: message`, or `path: message` when the line is 0.
    public var description: String {
        line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
    }
}
