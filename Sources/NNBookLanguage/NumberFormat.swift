import Foundation

/// How nnbook writes numbers: at most 6 decimals (or what `:precision` says),
/// trailing zeros and float noise removed (0.64, never 0.6400000000000001),
/// `-0` written as `0`, scientific notation only for very large or very small
/// magnitudes so that nothing silently prints as 0.
public enum NumberFormat {
    public static func format(_ x: Double, precision: Precision = .decimals(6)) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return "0" }
        switch precision {
        case .full:
            if x == x.rounded(), abs(x) < 1e16 { return String(Int64(x)) }
            return "\(x)"
        case .decimals(let d):
            let magnitude = abs(x)
            // Whole numbers (d = 0) show a fraction in scientific form, so 0.4 and 0.7 look alike (4e-01, 7e-01).
            if magnitude >= 1e16 || magnitude < 0.5 * pow(10, Double(-d)) || (d == 0 && magnitude < 1) {
                return scientific(x, digits: max(d, 1))
            }
            var s = String(format: "%.\(d)f", x)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            if s == "0" || s == "-0" { return scientific(x, digits: max(d, 1)) }  // never hide a nonzero value
            return s
        }
    }

    /// `1.5e+20`, `2.061154e-09`: mantissa with trailing zeros removed.
    static func scientific(_ x: Double, digits: Int) -> String {
        let s = String(format: "%.\(digits)e", x)
        guard let e = s.firstIndex(of: "e") else { return s }
        var mantissa = String(s[..<e])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        return mantissa + s[e...]
    }

    /// Rounded as the article rounds: always two decimals (`0.88`, `0.50`),
    /// as `explain` ends a line (`≈ 0.88`).
    public static func articleRounded(_ x: Double) -> String {
        String(format: "%.2f", x)
    }

    /// True when `format` at 2 decimals loses digits, so "≈ 0.88" says something.
    public static func needsApproximation(_ x: Double) -> Bool {
        abs(x * 100 - (x * 100).rounded()) > 1e-9 && abs(x) < 1e15
    }

    /// A time for people: 0.012 → "12 ms", 3.4 → "3.4 s", 95 → "1 min 35 s".
    public static func duration(_ seconds: Double) -> String {
        let s = max(0, seconds.isFinite ? seconds : 0)
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        if s < 60 { return String(format: "%.1f s", s) }
        return "\(Int(s) / 60) min \(Int(s) % 60) s"
    }

    /// 40_000_400_000 → "40 GB": a size for people.
    public static func bytes(_ n: Int) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB"]
        var value = Double(n), i = 0
        while value >= 1000 && i < units.count - 1 { value /= 1000; i += 1 }
        return i == 0 ? "\(n) bytes" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[i])
    }

    /// "this string would need 128 MB more, but the session already holds
    /// 80 MB of its 100 MB memory limit".
    public static func memoryRefusal(_ what: String, requested: Int, inUse: Int, limit: Int) -> String {
        let need = requested >= Int.max / 1024 ? "more memory than any machine has" : bytes(requested) + " more"
        return "\(what) would need \(need), but the session already holds \(bytes(inUse)) of its \(bytes(limit)) memory limit"
    }

    /// 101770 → "101,770".
    public static func grouped<N: BinaryInteger>(_ n: N) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
