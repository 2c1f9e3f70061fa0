import Foundation

/// The language a learner reads lessons in, and the stepper and demo speak.
/// English lessons live in a lessons folder itself, Chinese ones in its `zh/`.
public enum LessonLanguage: String, CaseIterable, Sendable {
    case en, zh

    /// `en`, `zh`, `zh_CN.UTF-8`, `zh-Hans`, `english`, `chinese`, `中文`; nil for anything else.
    public init?(code: String) {
        let c = code.trimmingCharacters(in: .whitespaces).lowercased()
        if c == "中文" || c == "chinese" || c.hasPrefix("zh") { self = .zh; return }
        if c == "english" || c.hasPrefix("en") { self = .en; return }
        return nil
    }

    /// From `NNBOOK_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, as
    /// POSIX orders them); English when none names a language we have.
    public static func from(environment env: [String: String]) -> LessonLanguage {
        for key in ["NNBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = env[key], !value.isEmpty else { continue }
            if let language = LessonLanguage(code: value) { return language }
            if key == "NNBOOK_LANG" { continue }  // an unknown NNBOOK_LANG falls through to the locale
            return .en  // the first locale variable that is set decides, as POSIX says
        }
        return .en
    }

    /// The subfolder of a lessons folder that holds this language's lessons.
    public var subfolder: String? { self == .en ? nil : rawValue }

    /// How the language names itself, for `:lang` and listings.
    public var name: String { self == .en ? "English" : "中文" }
}

/// Words nnbook says in each lesson language, written side by side (the
/// stepper's phrases, the demo's), so a phrase cannot exist in one language
/// only.
public protocol BilingualPhrase {
    /// The phrase in English and in Chinese.
    var texts: (en: String, zh: String) { get }
}

extension BilingualPhrase {
    /// The phrase in `language`.
    public func text(_ language: LessonLanguage) -> String {
        let (en, zh) = texts
        switch language {
        case .en: return en
        case .zh: return zh
        }
    }
}
