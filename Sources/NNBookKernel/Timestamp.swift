import Foundation

/// A message header's `date`: UTC, ISO 8601, microseconds, as ipykernel writes it
/// (`2026-12-01T09:30:00.123456Z`). Written by hand from the clock: Foundation's
/// first formatted date sets up a calendar, a locale and the time zones, a few
/// milliseconds of a kernel's start-up spent before its first reply.
enum Timestamp {
    static func now() -> String {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        return string(seconds: Int(clock.tv_sec), nanoseconds: Int(clock.tv_nsec))
    }

    static func string(seconds: Int, nanoseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func digits(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return digits(parts.tm_year + 1900, 4) + "-" + digits(parts.tm_mon + 1, 2) + "-" + digits(parts.tm_mday, 2)
            + "T" + digits(parts.tm_hour, 2) + ":" + digits(parts.tm_min, 2) + ":" + digits(parts.tm_sec, 2)
            + "." + digits(Int32(nanoseconds / 1000), 6) + "Z"
    }
}
