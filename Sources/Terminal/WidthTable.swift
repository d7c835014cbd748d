// The East Asian Wide/Fullwidth and emoji-presentation ranges, by hand, for DisplayWidth.
//
// Why this exact table: ncurses and the terminal (tmux, xterm, the hospital's emulators) lay
// text out with the C library's wcwidth(). If our grid measured differently, every column to
// the right of a disagreeing character would drift. So the ranges below are the code points
// for which glibc 2.36 (Unicode 14, this machine's libc) reports width 2, merged across
// unassigned gaps, with two deliberate widenings for text that is already in hospital records:
// the whole of planes 2 and 3 (CJK extensions B–H and later) and the whole of the
// U+1FA70–U+1FAFF emoji block.

enum WideTable {
    /// Sorted, non-overlapping, inclusive ranges of code points that take two columns.
    static let ranges: [(lower: UInt32, upper: UInt32)] = [
        (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC),
        (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615),
        (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
        (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE),
        (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5),
        (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B),
        (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
        (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
        (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
        // CJK radicals, ideographic punctuation (、。「」), kana, bopomofo, Hangul compatibility
        // jamo, enclosed CJK, CJK unified ideographs and extension A, Yi.
        (0x2E80, 0x3029), (0x302E, 0x303E), (0x3041, 0x3096), (0x309B, 0xA4C6),
        (0xA960, 0xA97C),  // Hangul Jamo Extended-A (leading consonants)
        (0xAC00, 0xD7A3),  // Hangul syllables
        (0xF900, 0xFAD9),  // CJK compatibility ideographs
        (0xFE10, 0xFE19),  // vertical forms
        (0xFE30, 0xFE6B),  // CJK compatibility forms, small form variants
        (0xFF01, 0xFF60),  // fullwidth ASCII forms (，！？（）)
        (0xFFE0, 0xFFE6),  // fullwidth signs (￥)
        (0x16FE0, 0x16FE3), (0x16FF0, 0x1B2FB),  // Tangut, Khitan, kana supplements, Nüshu
        (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A),
        (0x1F200, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393),
        (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4),
        (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D),
        (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A), (0x1F595, 0x1F596),
        (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC),
        (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC),
        (0x1F7E0, 0x1F7F0), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF),
        (0x1FA70, 0x1FAFF),
        (0x20000, 0x2FFFD), (0x30000, 0x3FFFD),  // CJK unified ideographs extensions B and later
    ]

    /// Code points that glibc counts as zero columns although they are letters: the Hangul
    /// medial vowels and final consonants, which combine with a leading consonant into one
    /// syllable block (the leading consonant carries the block's two columns).
    static let combiningJamo: [(lower: UInt32, upper: UInt32)] = [
        (0x1160, 0x11FF), (0xD7B0, 0xD7FF),
    ]

    /// Format characters (Cf) that glibc still draws one column wide: the soft hyphen and the
    /// prepended concatenation marks that carry a visible sign.
    static let visibleFormat: [(lower: UInt32, upper: UInt32)] = [
        (0x00AD, 0x00AD), (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F),
        (0x0890, 0x0891), (0x08E2, 0x08E2), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    ]

    /// Binary search: is `value` inside one of the sorted `ranges`?
    static func contains(_ value: UInt32, in ranges: [(lower: UInt32, upper: UInt32)]) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if value < ranges[mid].lower {
                high = mid - 1
            } else if value > ranges[mid].upper {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
