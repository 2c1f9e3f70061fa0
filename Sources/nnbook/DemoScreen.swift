/// The demo's screen: the terminal's alternate screen (what was there before
/// comes back when the demo ends), the notebook scrolling in the rows above
/// a status line that stays at the bottom (a scrolling region, DECSTBM), and
/// the cursor hidden except while editing.
final class DemoScreen {
    let terminal: Terminal
    private(set) var width = 80
    private(set) var height = 24

    init(terminal: Terminal) { self.terminal = terminal }

    /// A status line only when there is room for it.
    var hasStatusLine: Bool { height >= 8 }
    /// Rows the notebook scrolls in.
    var rows: Int { hasStatusLine ? height - 1 : height }

    func enter() {
        terminal.write("\u{1B}[?1049h\u{1B}[?25l")
        clear()
    }

    func leave() {
        terminal.write("\u{1B}[r\u{1B}[?25h\u{1B}[?1049l")
    }

    /// True when the terminal changed size since the screen was last set up.
    var resized: Bool { terminal.width != width || terminal.height != height }

    /// Measures the terminal, clears it and sets the scrolling region; the
    /// cursor goes to the top left.
    func clear() {
        width = terminal.width
        height = terminal.height
        terminal.write("\u{1B}[r\u{1B}[2J" + (hasStatusLine ? "\u{1B}[1;\(rows)r" : "") + "\u{1B}[H")
    }

    /// Clears the screen and shows the last of the lines `draw` makes for the
    /// terminal's width (measured first), leaving the cursor on the empty row
    /// under them.
    func redraw(_ draw: (_ width: Int) -> [String]) {
        clear()
        append(Array(draw(width).suffix(rows - 1)))
    }

    /// Adds lines under what is shown; the rows above scroll up.
    func append(_ lines: [String]) {
        terminal.write(lines.map { $0 + "\n" }.joined())
    }

    /// Writes the status line at the bottom without moving the cursor.
    func status(_ text: String) {
        guard hasStatusLine else { return }
        terminal.write("\u{1B}7\u{1B}[\(height);1H\u{1B}[2K" + text + "\u{1B}8")
    }

    /// The cursor shown, for the line editor; `hideCursor` after.
    func showCursor() { terminal.write("\u{1B}[?25h") }
    func hideCursor() { terminal.write("\u{1B}[?25l") }
}
