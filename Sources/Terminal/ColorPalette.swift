// Colour pairs for ncurses, allocated lazily: ncurses draws colours only as numbered
// (foreground, background) pairs, and screens use a handful of combinations.

import CNCursesW

/// The colour state of one ncurses session: whether colours are on, and the pairs made so far.
struct ColorPalette {
    private struct PairKey: Hashable {
        var foreground: TerminalColor?
        var background: TerminalColor?
    }

    private(set) var enabled = false
    private var pairs: [PairKey: Int16] = [:]
    private var canUseDefaultColors = false

    /// Turns colours on unless NO_COLOR asks otherwise or the terminal has none. Bold, dim,
    /// reverse and underline work either way, which is what monochrome screens rely on.
    mutating func start(noColor: Bool) {
        guard !noColor, has_colors(), start_color() == sd_ok() else {
            enabled = false
            return
        }
        // -1 keeps the user's own foreground/background where a style leaves them unset.
        canUseDefaultColors = use_default_colors() == sd_ok()
        enabled = true
    }

    /// The ncurses attributes and colour pair that draw `style`.
    mutating func attributesAndPair(for style: Style) -> (attr_t, Int16) {
        var attributes = sd_attr_normal()
        if style.bold { attributes |= sd_attr_bold() }
        if style.dim { attributes |= sd_attr_dim() }
        if style.reverse { attributes |= sd_attr_reverse() }
        if style.underline { attributes |= sd_attr_underline() }
        guard enabled, style.foreground != nil || style.background != nil else { return (attributes, 0) }
        // On 8-colour terminals a bright foreground is the classic bold colour.
        if sd_colors() < 16, style.foreground?.isBright == true { attributes |= sd_attr_bold() }
        return (attributes, pair(PairKey(foreground: style.foreground, background: style.background)))
    }

    /// The pair for a combination, made on first use; pair 0 (plain) if the terminal runs out.
    private mutating func pair(_ key: PairKey) -> Int16 {
        if let pair = pairs[key] { return pair }
        let next = pairs.count + 1
        guard next < min(Int(sd_color_pairs()), Int(Int16.max)) else { return 0 }
        let defaultForeground: Int16 = canUseDefaultColors ? -1 : Int16(COLOR_WHITE)
        let defaultBackground: Int16 = canUseDefaultColors ? -1 : Int16(COLOR_BLACK)
        let foreground = key.foreground.map(Self.number) ?? defaultForeground
        let background = key.background.map(Self.number) ?? defaultBackground
        guard init_pair(Int16(next), foreground, background) == sd_ok() else { return 0 }
        pairs[key] = Int16(next)
        return Int16(next)
    }

    private static func number(_ color: TerminalColor) -> Int16 {
        color.isBright && sd_colors() >= 16 ? Int16(color.baseIndex + 8) : Int16(color.baseIndex)
    }
}
