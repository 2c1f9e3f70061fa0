/// Every sentence `nnbook lesson` says, in English and Chinese, side by side
/// in one exhaustive switch: a phrase cannot be added in one language only.
public enum StepperPhrase: BilingualPhrase, Sendable {
    // The prompt line's legend.
    case legendFull
    case legendShort
    case continuationHint
    // Verdicts.
    case correct
    case partial(done: Int, of: Int)
    case notQuiteValue(expected: String, got: String?)
    case notQuiteVariable(name: String, expected: String, got: String?)
    case notQuiteMissingError(expected: String, got: String?)
    case notQuiteError
    case notQuiteFigure
    case notQuiteOutput(expected: String, got: String?)
    /// A wrong answer that is a known mistake, named with its fix.
    case mistake(DetectedMistake)
    case tryAgain
    case explored(failed: Bool, sets: [String])
    case interrupted
    case typedForYou
    // Hints and help.
    case hint(tier: Int, text: String)
    case showCode(String)
    case recapTitle(String)
    case recapEmpty
    case recapTyped
    case stepperHelp
    case scratchOn
    case scratchOff
    case kept(String?)
    case nothingToKeep
    case firstCell
    case restarting(String)
    case lessonFinished
    case language(String)
    case unknownLanguage(String)
    case fileCommandsInLesson
    // Starting, leaving, finishing.
    case welcomeBack(title: String, cell: Int, of: Int)
    case progressSaved(lesson: Int, cell: Int)
    case complete(next: (number: Int, title: String)?)
    case inTheREPL(variables: [String], nextLesson: Int?)
    case backInTheREPL(variables: [String])
    case noLesson(query: String, names: String)
    case listHeader
    case listFooter(next: Int?, at: Int?, file: String)
    case doneAgainAt(Int, Int)
    case doneBefore(title: String)
    case languageIs(String)
    case notStarted
    case cellOf(Int, Int)
    case done
    case cells(Int)
    case resumeOffer(number: Int, title: String, cell: Int, of: Int)
    case confirmRestart(String)
    case theSteps
    // Assignments and reports.
    case assignmentLegend
    case assignmentNoTyping
    case assignmentNoSkip
    case assignmentNoAnswer(String)
    case assignmentNoShow
    case assignmentTryAgain
    case reportNotWritten(String)

    /// Each phrase in English and Chinese, side by side.
    public var texts: (en: String, zh: String) {
        switch self {
        case .legendFull:
            return ("Type what the text asks for · Enter: type it for me · :show · :hint · :help",
                    "按课文要求输入 · 回车：代为输入 · :show 看代码 · :hint 提示 · :help 帮助")
        case .legendShort: return ("Enter: type it for me · :show · :hint · :help", "回车：代为输入 · :show · :hint · :help")
        case .continuationHint: return ("(an empty line ends the block)", "（空行结束代码块）")
        case .correct: return ("✓ Correct!", "✓ 正确！")
        case .partial(let done, let of):
            return ("✓ So far so good: \(done) of \(of) lines of this cell. Go on.",
                    "✓ 到目前为止都对：本单元 \(of) 行中已完成 \(done) 行，请继续。")
        case .notQuiteValue(let e, let g):
            return ("✗ Not quite: this cell shows \(e), yours " + (g.map { "shows \($0)." } ?? "shows no value."),
                    "✗ 还不对：这个单元的结果是 \(e)，" + (g.map { "你的是 \($0)。" } ?? "你的没有结果。"))
        case .notQuiteVariable(let n, let e, let g):
            return ("✗ Not quite: after this cell \(n) is \(e); " + (g.map { "yours left it \($0)." } ?? "yours does not set \(n)."),
                    "✗ 还不对：这个单元之后 \(n) 等于 \(e)；" + (g.map { "你的使它等于 \($0)。" } ?? "你的没有设置 \(n)。"))
        case .notQuiteMissingError(let e, let g):
            return ("✗ Not quite: this cell stops with “\(e)”; " + (g.map { "yours with “\($0)”." } ?? "yours ran without an error."),
                    "✗ 还不对：这个单元会停在错误“\(e)”；" + (g.map { "你的停在“\($0)”。" } ?? "你的没有出错。"))
        case .notQuiteError: return ("✗ That stopped with the error above.", "✗ 上面出错了。")
        case .notQuiteFigure: return ("✗ Not quite: that chart shows other data than this cell's.", "✗ 还不对：这张图的数据和本单元的不同。")
        case .notQuiteOutput(let e, let g):
            return ("✗ Not quite: expected \(e), got \(g ?? "nothing more").",
                    "✗ 还不对：应为 \(e)，实际为 \(g ?? "（没有更多输出）")。")
        case .mistake(let m): return Self.mistakeTexts(m)
        case .tryAgain:
            return ("Nothing changed. Try again · :hint for a hint · Enter types it for you.",
                    "什么都没有改变。再试一次 · :hint 看提示 · 回车代为输入。")
        case .explored(let failed, let sets):
            let en = failed ? "↳ That stopped with an error; not this cell's answer, so nothing changed."
                : "↳ Tried on the side: not this cell's answer, so nothing changed (:keep keeps it)."
            let zh = failed ? "↳ 出错了；不是本单元的答案，所以什么都没有改变。" : "↳ 随便试试：不是本单元的答案，所以什么都没有改变（:keep 保留它）。"
            let names = sets.prefix(4)
            return (en + (names.isEmpty ? "" : " This cell sets \(names.joined(separator: ", "))."),
                    zh + (names.isEmpty ? "" : "本单元设置的是 \(names.joined(separator: "、"))。"))
        case .interrupted: return ("Stopped (Ctrl-C); nothing changed.", "已停止（Ctrl-C）；什么都没有改变。")
        case .typedForYou: return ("typed for you:", "已代为输入：")
        case .hint(1, let text):
            return ("hint: \(text)   (:hint again shows the shape of the answer)", "提示：\(text)   （再输入 :hint 显示答案的形式）")
        case .hint(2, let text):
            return ("the shape of the answer: \(text)   (:hint again shows the answer)", "答案的形式：\(text)   （再输入 :hint 显示答案）")
        case .hint(_, let text):
            return ("the answer: \(text)   (type it, or press Enter to have it typed)", "答案：\(text)   （输入它，或按回车代为输入）")
        case .showCode(let code):
            let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map { "\n  " + $0 }.joined()
            return ("this cell:" + lines, "本单元：" + lines)
        case .recapTitle(let title): return ("So far in \(title):", "《\(title)》到目前为止：")
        case .recapEmpty: return ("Nothing yet: this is the first cell.", "还没有内容：这是第一个单元。")
        case .recapTyped: return ("(typed for you)", "（代为输入）")
        case .stepperHelp:
            return ("""
            Type what the text asks for: it is right when it does what the cell does.
              Enter       type the cell for me      :show      the cell's code
              :hint       a hint (3 levels)         :skip      run it for me, go on
              :back       back one cell             :restart   the lesson again
              :recap      what I have done          :scratch   try things, ungraded
              :keep       keep my last try          :lang zh   in Chinese
              :quit       leave (progress saved)    :vars      the variables
            A block (for …:) ends with an empty line; so does a paste, which runs whole.
            """,
            """
            按课文的要求输入；只要效果和本单元相同就算正确。
              回车        代为输入本单元            :show      本单元的代码
              :hint       提示（共三级）            :skip      代为运行并继续
              :back       回到上一个单元            :restart   从头开始本课
              :recap      回顾已完成的内容          :scratch   随便试试，不评分
              :keep       保留上一次尝试            :lang en   切换到英文
              :quit       离开（进度会保存）        :vars      本课的变量
            代码块（for …:）以空行结束；粘贴的代码块也一样，并整体运行。
            """)
        case .scratchOn:
            return ("scratch mode: try anything, nothing is graded or kept (:keep keeps it, :scratch returns to the lesson)",
                    "草稿模式：随便试，不评分也不保留（:keep 保留，:scratch 回到课程）")
        case .scratchOff: return ("back to the lesson; scratch work dropped", "回到课程；草稿已丢弃")
        case .kept(let input):
            return (input.map { "kept: \($0)" } ?? "kept what scratch mode did",
                    input.map { "已保留：\($0)" } ?? "已保留草稿模式中的结果")
        case .nothingToKeep:
            return ("nothing to keep yet: :keep keeps your last try that did not count",
                    "还没有可保留的内容：:keep 保留你上一次未计分的尝试")
        case .firstCell: return ("this is the first cell", "这是第一个单元")
        case .restarting(let title): return ("starting \(title) again", "重新开始《\(title)》")
        case .lessonFinished: return ("The lesson is finished. :restart starts it again.", "本课已结束。:restart 重新开始。")
        case .language(let name): return ("lessons now in \(name)", "课程语言已切换为\(name)")
        case .unknownLanguage(let code):
            return ("no lessons in '\(code)': :lang en or :lang zh",
                    "没有“\(code)”语言的课程：:lang en 或 :lang zh")
        case .fileCommandsInLesson:
            return (":save, :load and :export work in the REPL: finish the lesson or :quit first",
                    ":save、:load 和 :export 在 REPL 中使用：请先完成本课或 :quit")
        case .welcomeBack(let title, let cell, let of):
            return ("welcome back: resuming \(title) at cell \(cell) of \(of)",
                    "欢迎回来：从第 \(cell)/\(of) 个单元继续《\(title)》")
        case .progressSaved(let lesson, let cell):
            return ("progress saved: nnbook lesson \(lesson) resumes at cell \(cell)",
                    "进度已保存：nnbook lesson \(lesson) 会从第 \(cell) 个单元继续")
        case .complete(let next):
            return ("lesson complete ✓" + (next.map { " — next: nnbook lesson \($0.number) (\($0.title))" } ?? " — that was the last lesson"),
                    "本课完成 ✓" + (next.map { " —— 下一课：nnbook lesson \($0.number)（\($0.title)）" } ?? " —— 这是最后一课"))
        case .inTheREPL(let vars, let next) where vars.isEmpty:
            return ("You are in the REPL now: try things. " + (next.map { ":lesson \($0) starts the next lesson; " } ?? "") + "Ctrl-D leaves.",
                    "现在你在 REPL 中：随便试试。" + (next.map { ":lesson \($0) 开始下一课；" } ?? "") + "Ctrl-D 离开。")
        case .inTheREPL(let vars, let next):
            let more = vars.count > 8
            let en = vars.prefix(8).joined(separator: ", ") + (more ? ", …" : ""), zh = vars.prefix(8).joined(separator: "、") + (more ? "、……" : "")
            return ("You are in the REPL now, with the lesson's variables (\(en)): try things. "
                        + (next.map { ":lesson \($0) starts the next lesson; " } ?? "") + "Ctrl-D leaves.",
                    "现在你在 REPL 中，本课的变量都还在（\(zh)）：随便试试。" + (next.map { ":lesson \($0) 开始下一课；" } ?? "") + "Ctrl-D 离开。")
        case .backInTheREPL(let vars):
            return ("back in the REPL with the lesson's variables" + (vars.isEmpty ? "" : ": " + vars.prefix(8).joined(separator: ", ")),
                    "回到 REPL，本课的变量都还在" + (vars.isEmpty ? "" : "：" + vars.prefix(8).joined(separator: "、")))
        case .noLesson(let q, let names): return ("no lesson '\(q)'; the lessons are: \(names)", "没有课程“\(q)”；现有课程：\(names)")
        case .listHeader: return ("#\tlesson\tlength\tprogress", "#\t课程\t长度\t进度")
        case .listFooter(nil, _, let file):
            return ("Every lesson is done ✓. nnbook lesson N walks one again; progress is kept in \(file)",
                    "所有课程都已完成 ✓。nnbook lesson N 可以再学一遍；进度保存在 \(file)")
        case .listFooter(let n?, let cell?, let file):
            return ("nnbook lesson \(n) (or :lesson \(n) in the REPL) goes on at cell \(cell); progress is kept in \(file)",
                    "nnbook lesson \(n)（或在 REPL 中输入 :lesson \(n)）从第 \(cell) 个单元继续；进度保存在 \(file)")
        case .listFooter(let n?, nil, let file):
            return ("nnbook lesson \(n) (or :lesson \(n) in the REPL) starts it; progress is kept in \(file)",
                    "nnbook lesson \(n)（或在 REPL 中输入 :lesson \(n)）开始这一课；进度保存在 \(file)")
        case .doneAgainAt(let a, let b): return ("done ✓, again at cell \(a) of \(b)", "已完成 ✓，正在重学第 \(a)/\(b) 个单元")
        case .doneBefore(let title):
            return ("You finished \(title) before; here it is again from the start (it stays done).",
                    "你已经学完《\(title)》；现在从头再来一遍（它仍算作已完成）。")
        case .languageIs(let name):
            return ("lessons are in \(name) (:lang en or :lang zh changes it)",
                    "课程语言：\(name)（:lang en 或 :lang zh 切换）")
        case .notStarted: return ("not started", "未开始")
        case .cellOf(let a, let b): return ("cell \(a) of \(b)", "第 \(a)/\(b) 个单元")
        case .done: return ("done ✓", "已完成 ✓")
        case .cells(let n): return ("\(n) cells", "\(n) 个单元")
        case .resumeOffer(let n, let title, let cell, let of):
            return ("Resume lesson \(n) (\(title)) at cell \(cell) of \(of)? [Y/n] ",
                    "要从第 \(cell)/\(of) 个单元继续第 \(n) 课（\(title)）吗？[Y/n] ")
        case .assignmentLegend:
            return ("Assignment: type each cell yourself · :hint (up to the answer's shape) · :help",
                    "这是作业：每个单元都要自己输入 · :hint 提示（最多给出答案的形式）· :help 帮助")
        case .assignmentNoTyping:
            return ("This is an assignment: Enter alone does not type the cell for you. Type it yourself (:hint helps).",
                    "这是作业：只按回车不会代为输入。请自己输入（:hint 可以帮你）。")
        case .assignmentNoSkip:
            return ("This is an assignment: :skip is off. Type the cell yourself (:hint helps).",
                    "这是作业：:skip 已关闭。请自己输入本单元（:hint 可以帮你）。")
        case .assignmentNoAnswer(let text):
            return ("the shape of the answer: \(text)   (this is an assignment: the hints stop here, the answer is not shown)",
                    "答案的形式：\(text)   （这是作业：提示到此为止，不显示答案）")
        case .assignmentNoShow:
            return ("This is an assignment: :show is off. :hint shows the shape of the answer.",
                    "这是作业：:show 已关闭。:hint 可以显示答案的形式。")
        case .assignmentTryAgain:
            return ("Nothing changed. Try again · :hint for a hint.", "什么都没有改变。再试一次 · :hint 看提示。")
        case .reportNotWritten(let why):
            return ("the report was not written: \(why)", "报告未能写入：\(why)")
        case .theSteps: return ("and every step, as the cell's explain shows it:", "本单元的 explain 给出的每一步：")
        case .confirmRestart(let title):
            return ("Start \(title) again from its first cell, forgetting what you did in it? [y/N] ",
                    "要从第一个单元重新开始《\(title)》，忘掉本课中做过的一切吗？[y/N] ")
        }
    }
}

extension StepperPhrase {
    /// "Not quite — that is …", then the one-line fix.
    static func mistakeTexts(_ m: DetectedMistake) -> (en: String, zh: String) {
        let (en, zh) = body(of: m)
        return ("✗ Not quite — " + en, "✗ 还不对——" + zh)
    }

    private static func body(of m: DetectedMistake) -> (en: String, zh: String) {
        guard case .builtin(let kind, let d) = m else {
            if case .lesson(let text) = m { return (text, text) }
            return ("", "")
        }
        func detail(_ i: Int) -> String { i < d.count ? d[i] : "" }
        switch kind {
        case .uphillStep:
            return ("that is the step taken uphill: w + α·g climbs the loss. Use w − α·g.",
                    "这一步走向了上坡：w + α·g 会让损失变大。应该用 w − α·g。")
        case .sigmoidSign:
            return ("that is sigmoid with e^x instead of e^-x, i.e. σ(−x). Use 1/(1+e^-x).",
                    "这是把 e^-x 写成了 e^x 的 sigmoid，也就是 σ(−x)。应该用 1/(1+e^-x)。")
        case .missingFactor:
            return ("the chain rule is missing a factor: \(detail(0)) was left out. Multiply every factor along the path.",
                    "链式法则少了一个因子：漏掉了 \(detail(0))。路径上的每个因子都要乘上。")
        case .rateTwice:
            return ("the learning rate is applied twice (α·α·g). Multiply the gradient by α once: w − α·g.",
                    "学习率乘了两次（α·α·g）。梯度只乘一次 α：w − α·g。")
        case .rateMissing:
            return ("the learning rate is left out (w − g). Multiply the gradient by α: w − α·g.",
                    "漏掉了学习率（w − g）。梯度要乘以 α：w − α·g。")
        case .stepTooMany:
            return ("that is one step too many. Take \(detail(0)) steps.", "多走了一步。应该走 \(detail(0)) 步。")
        case .stepTooFew:
            return ("that is one step too few. Take \(detail(0)) steps.", "少走了一步。应该走 \(detail(0)) 步。")
        case .tanhSigmoid:
            return ("that is \(detail(0)), not \(detail(1)): tanh runs from −1 to 1, sigmoid from 0 to 1. Use \(detail(1)).",
                    "这是 \(detail(0))，不是 \(detail(1))：tanh 的值在 −1 到 1 之间，sigmoid 在 0 到 1 之间。应该用 \(detail(1))。")
        case .reluDerivativeAtZero:
            return ("that takes relu'(0) as \(detail(0)); nnbook takes it as \(detail(1)) (relu' is 1 only for x > 0).",
                    "这里把 relu'(0) 当成了 \(detail(0))；nnbook 取 \(detail(1))（只有 x > 0 时 relu' 才是 1）。")
        case .vectorForNumber:
            return ("that is a vector where this cell's answer is one number: a neuron sums its weighted inputs into one output (sum or dot).",
                    "这是一个向量，而本单元的答案是一个数：神经元把加权输入加起来，得到一个输出（用 sum 或 dot）。")
        }
    }
}

