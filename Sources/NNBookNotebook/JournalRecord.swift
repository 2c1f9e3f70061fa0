import Foundation
import NNBookLanguage

/// One cell of a session journal: what ran, what it printed, how it ended,
/// and what the variables it may have changed held afterwards — so that
/// `nnbook resume` can replay it and then check, by measuring, that it got
/// back what the learner had.
public struct JournalRecord: Sendable, Equatable, Codable {
    /// How the cell ended when it ran.
    public enum Outcome: String, Sendable, Codable {
        case ran
        /// It reported an error (replayed all the same: it may have changed variables first).
        case failed
        /// Ctrl-C stopped it: a resume skips it rather than run it again.
        case interrupted
    }

    /// The cell's number when it ran (`In [n]`).
    public var count: Int
    public var source: String
    /// Its output lines, as a transcript shows them.
    public var output: [String]
    public var outcome: Outcome
    /// Digests (`Fingerprint.journalDigest`) of the variables the cell may
    /// have changed, as they were after it ran (`JournalState.after`).
    public var state: [String: Fingerprint]
    /// True when `state` lists every variable of the session (after a
    /// meta-command such as `:reset`), so names missing from it are gone.
    public var complete: Bool

    public init(count: Int, source: String, output: [String], outcome: Outcome,
                state: [String: Fingerprint] = [:], complete: Bool = false) {
        self.count = count
        self.source = source
        self.output = output
        self.outcome = outcome
        self.state = state
        self.complete = complete
    }

    /// A record of a cell and its result (the state comes from `JournalState.after`).
    public init(source: String, result: CellResult, state: JournalState) {
        let outcome: Outcome = result.interrupted ? .interrupted : result.failed ? .failed : .ran
        self.init(count: result.count, source: source, output: result.plainLines, outcome: outcome,
                  state: state.fingerprints, complete: state.complete)
    }

    private enum CodingKeys: String, CodingKey { case count, source, output, outcome, state, complete }

    /// Fields later versions may leave out (`state`, `complete`) default to empty.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int.self, forKey: .count)
        source = try c.decode(String.self, forKey: .source)
        output = try c.decodeIfPresent([String].self, forKey: .output) ?? []
        outcome = try c.decode(Outcome.self, forKey: .outcome)
        state = try c.decodeIfPresent([String: Fingerprint].self, forKey: .state) ?? [:]
        complete = try c.decodeIfPresent(Bool.self, forKey: .complete) ?? false
    }
}

extension Fingerprint {
    /// How many numbers (or characters) a journal keeps as they are; longer
    /// runs become a summary.
    public static let journalDigestLimit = 16

    /// The fingerprint made small enough to journal after every cell: a run of
    /// more than `journalDigestLimit` numbers becomes its count, sum, sum of
    /// absolute values, minimum, maximum and four random-sign sums
    /// (Σ ±xᵢ, the signs fixed by i), compared like any numbers to
    /// `Fingerprint.tolerance`. A random-sign sum is about √n times an
    /// element's size, so changing any one of 100,000 weights of size 0.5 by
    /// more than about 2e-4 changes it past the tolerance, while rounding
    /// noise does not. A long text becomes its length and a 64-bit hash.
    public var journalDigest: Fingerprint {
        switch self {
        case .number, .bool: return self
        case .text(let s):
            guard s.unicodeScalars.count > Self.journalDigestLimit * 8 else { return self }
            return .composite(kind: "text-digest", parts: [.number(Double(s.unicodeScalars.count)), .text(Self.hash(s))])
        case .numbers(let shape, let values):
            guard values.count > Self.journalDigestLimit else { return self }
            var sum = 0.0, absolute = 0.0
            var low = Double.infinity, high = -Double.infinity
            var signed = [0.0, 0.0, 0.0, 0.0]
            for (i, x) in values.enumerated() {
                sum += x
                absolute += abs(x)
                low = Swift.min(low, x)
                high = Swift.max(high, x)
                let bits = Self.mix(UInt64(i))
                for k in 0..<4 { signed[k] += (bits >> UInt64(k)) & 1 == 0 ? x : -x }
            }
            return .composite(kind: "numbers-digest", parts: [
                .numbers(shape: shape, values: [Double(values.count), sum, absolute, low, high] + signed),
            ])
        case .composite(let kind, let parts): return .composite(kind: kind, parts: parts.map(\.journalDigest))
        }
    }

    /// SplitMix64's finaliser: well-mixed bits for each position.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over the UTF-8 bytes, in hex.
    private static func hash(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }
}
