/// What a key does in `nnbook demo`. One key, one action — a key held down
/// or several keys in one read are each one step.
///
/// | keys | action |
/// | --- | --- |
/// | Right, Down, Space, Enter, PageDown | forward |
/// | Left, Up, PageUp, `b`, Backspace | back |
/// | Home / End | first / last piece |
/// | `e` | edit the current cell, then run it |
/// | `r` | run the current cell again |
/// | `?`, `h` | show the keys |
/// | `q`, Esc, Ctrl-C, Ctrl-D | quit |
///
/// PageUp and PageDown are what presentation clickers send; their "stop"
/// button sends Esc.
public enum DemoAction: Equatable, Sendable {
    case forward, back, first, last, edit, rerun, help, quit
    /// A key the demo does not use.
    case none

    public init(_ key: TerminalKey) {
        switch key {
        case .right, .down, .enter, .pageDown, .character(" "): self = .forward
        case .left, .up, .pageUp, .backspace, .character("b"): self = .back
        case .home: self = .first
        case .end: self = .last
        case .character("e"): self = .edit
        case .character("r"): self = .rerun
        case .character("?"), .character("h"): self = .help
        case .character("q"), .escape, .control("c"), .control("d"): self = .quit
        default: self = .none
        }
    }
}
