/// The lessons travel with nnbook as the resources of this target (see
/// Package.swift): `Lessons/*.md` and `Lessons/zh/` are copied into
/// `nnbook_NNBookLessons.resources` beside the binary, where
/// `nnbook lesson` finds them from any folder. This file only gives the
/// target the one source file SwiftPM requires.
public enum NNBookLessons {
    /// The name of the resource bundle the build puts beside the binary.
    public static let bundleName = "nnbook_NNBookLessons.resources"
}
