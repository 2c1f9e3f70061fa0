// TEMPORARY until the renderer lands
public struct ChartSeries: Sendable { public var label: String; public var points: [(x: Double, y: Double)]; public init(label: String, points: [(x: Double, y: Double)]) { self.label = label; self.points = points } }
public struct ChartStyle: Sendable { public var width: Int; public var height: Int; public var unicode: Bool; public var colour: Bool; public init(width: Int = 72, height: Int = 18, unicode: Bool = true, colour: Bool = false) { self.width = width; self.height = height; self.unicode = unicode; self.colour = colour } }
public enum LineChart { public static func render(_ series: [ChartSeries], xRange: ClosedRange<Double>, title: String? = nil, style: ChartStyle) -> [String] { ["chart"] } }
