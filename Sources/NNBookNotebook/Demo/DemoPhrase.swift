/// Every word `nnbook demo` prints of its own, in English and Chinese. One
/// exhaustive switch gives both texts, so a phrase cannot exist in one
/// language only. (The notebook's prose and the cells' outputs are the
/// notebook's and nnbook's own words, not the demo's.)
public enum DemoPhrase: BilingualPhrase, Sendable, Equatable {
    /// The first line on screen: the demo and the notebook's name.
    case title(String)
    /// The heading of the key list.
    case keysHeading
    /// One line of the key list: which keys, a tab, and what they do.
    case keysForward, keysBack, keysEnds, keysEdit, keysRerun, keysHelp, keysQuit
    /// The status line at the bottom: a short key list and `step/total`.
    case status(step: Int, total: Int)
    /// Shown where a cell's output goes when it printed nothing.
    case noOutput
    /// After the last piece.
    case end
    /// Back at the first piece.
    case atStart
    /// `e` or `r` before any cell is on screen.
    case noCellYet
    /// Above the line being edited: how editing works.
    case editHelp
    /// The prompt for line `line` of `count` while editing.
    case editPrompt(line: Int, count: Int)
    case editCancelled
    /// Marks a cell the teacher changed, and a cell run again.
    case edited, ranAgain
    case cannotOpen(path: String, reason: String)
    case noLesson(query: String, lessons: String)
    case noLessons
    case unknownLanguage(String)

    /// Each phrase in English and Chinese, side by side.
    public var texts: (en: String, zh: String) {
        switch self {
        case .title(let name): return ("nnbook demo — \(name)", "nnbook 演示 — \(name)")
        case .keysHeading: return ("Keys", "按键")
        case .keysForward:
            return ("→ ↓ Space Enter PgDn\tnext: a cell shows its input, then on the next key its output",
                    "→ ↓ 空格 回车 PgDn\t下一步：单元格先显示输入，再按一次显示输出")
        case .keysBack:
            return ("← ↑ b ⌫ PgUp\tback: shows again what was shown, without running it",
                    "← ↑ b ⌫ PgUp\t上一步：重新显示之前的内容，不再运行")
        case .keysEnds: return ("Home End\tfirst / last piece", "Home End\t第一步 / 最后一步")
        case .keysEdit:
            return ("e\tedit the current cell, one line at a time (Enter keeps the line and goes on, Ctrl-C cancels), then run it",
                    "e\t逐行编辑当前单元格（回车保留这一行并继续，Ctrl-C 取消），然后运行")
        case .keysRerun: return ("r\trun the current cell again", "r\t重新运行当前单元格")
        case .keysHelp: return ("?\tshow these keys", "?\t显示按键说明")
        case .keysQuit: return ("q Esc Ctrl-C Ctrl-D\tquit", "q Esc Ctrl-C Ctrl-D\t退出")
        case .status(let step, let total):
            return ("→ next  ← back  e edit  r rerun  ? keys  q quit   \(step)/\(total)",
                    "→ 下一步  ← 上一步  e 编辑  r 重新运行  ? 按键  q 退出   \(step)/\(total)")
        case .noOutput: return ("(no output)", "（无输出）")
        case .end: return ("— end of the demo: ← goes back, q quits —", "— 演示结束：← 返回，q 退出 —")
        case .atStart: return ("(this is the first piece)", "（已经是第一步）")
        case .noCellYet: return ("(no cell on screen yet: → shows the next one)", "（屏幕上还没有单元格：按 → 显示下一个）")
        case .editHelp:
            return ("editing: Enter keeps the line and goes to the next, Ctrl-C cancels; a line cleared to nothing is removed",
                    "编辑：回车保留这一行并编辑下一行，Ctrl-C 取消；清空的行会被删除")
        case .editPrompt(let line, let count): return ("edit \(line)/\(count) › ", "编辑 \(line)/\(count) › ")
        case .editCancelled: return ("(edit cancelled: the cell is unchanged)", "（已取消编辑：单元格没有改动）")
        case .edited: return ("✎ edited", "✎ 已修改")
        case .ranAgain: return ("↻ run again", "↻ 重新运行")
        case .cannotOpen(let path, let reason): return ("cannot open \(path): \(reason)", "无法打开 \(path)：\(reason)")
        case .noLesson(let query, let lessons):
            return ("no file or lesson '\(query)'; the lessons are: \(lessons)", "没有文件或课程“\(query)”；现有课程：\(lessons)")
        case .noLessons:
            return ("no lessons found: set NNBOOK_LESSONS to a lessons folder, or give a file",
                    "找不到课程：请把 NNBOOK_LESSONS 设为课程文件夹，或直接给出文件")
        case .unknownLanguage(let code): return ("unknown language '\(code)': use en or zh", "未知语言“\(code)”：请用 en 或 zh")
        }
    }

    /// The key list, as shown when the demo starts and on `?`.
    public static let keyList: [DemoPhrase] = [.keysForward, .keysBack, .keysEnds, .keysEdit, .keysRerun, .keysHelp, .keysQuit]
}
