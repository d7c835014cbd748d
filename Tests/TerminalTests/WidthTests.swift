import Testing
@testable import Terminal

@Suite("Display width")
struct WidthTests {
    @Test("ASCII is one column per character")
    func ascii() {
        #expect(DisplayWidth.width(of: "Zhang San, 42") == 13)
        #expect(DisplayWidth.width(of: "") == 0)
        #expect(DisplayWidth.width(of: Character("a")) == 1)
    }

    @Test("Chinese names and Hangul and kana take two columns per character")
    func wideScripts() {
        #expect(DisplayWidth.width(of: "张三丰") == 6)
        #expect(DisplayWidth.width(of: "心内科 王医生") == 13)
        #expect(DisplayWidth.width(of: "한국") == 4)
        #expect(DisplayWidth.width(of: "カナ") == 4)
        // A rare surname character from CJK extension B is still two columns.
        #expect(DisplayWidth.width(of: Character("\u{20BB7}")) == 2)
    }

    @Test("full-width punctuation takes two columns")
    func fullWidthPunctuation() {
        for mark in ["。", "，", "、", "「", "」", "（", "）", "：", "！", "？", "\u{3000}"] {
            #expect(DisplayWidth.width(of: mark) == 2, "\(mark)")
        }
        #expect(DisplayWidth.width(of: "（上午）") == 8)
    }

    @Test("combining marks add no width: e + U+0301 is one column")
    func combiningMarks() {
        let composed = "e\u{301}"
        #expect(composed.count == 1)
        #expect(DisplayWidth.width(of: composed) == 1)
        #expect(DisplayWidth.width(of: "Zoe\u{308}") == 3)
        #expect(DisplayWidth.width(of: Unicode.Scalar(0x301)!) == 0)
    }

    @Test("emoji are two columns, including text symbols made emoji by VS16")
    func emoji() {
        #expect(DisplayWidth.width(of: "😀") == 2)
        #expect(DisplayWidth.width(of: "🩺") == 2)
        #expect(DisplayWidth.width(of: "❤\u{FE0F}") == 2)
        #expect(DisplayWidth.width(of: "❤") == 1)
        #expect(DisplayWidth.width(of: "👨\u{200D}⚕\u{FE0F}") == 2)  // health worker, one cluster
        #expect(DisplayWidth.width(of: "🇨🇳") == 2)
    }

    @Test("zero-width and control characters take no columns")
    func zeroWidth() {
        #expect(DisplayWidth.width(of: "a\u{200B}b") == 2)   // zero-width space
        #expect(DisplayWidth.width(of: "a\u{200D}b") == 2)   // lone zero-width joiner
        #expect(DisplayWidth.width(of: "\u{FEFF}") == 0)     // byte-order mark
        #expect(DisplayWidth.width(of: "a\tb\nc\u{1B}d") == 4)
        #expect(DisplayWidth.width(of: "\r\n") == 0)
        #expect(DisplayWidth.width(of: "\u{85}\u{9B}") == 0) // C1 controls
        #expect(DisplayWidth.isControl(Character("\u{1B}")))
        #expect(!DisplayWidth.isControl(Character("张")))
    }

    @Test("truncation never exceeds the limit nor splits a Chinese character")
    func truncation() {
        #expect(DisplayWidth.truncate("张三丰", toWidth: 5) == "张三…")
        #expect(DisplayWidth.truncate("张三丰", toWidth: 6) == "张三丰")
        #expect(DisplayWidth.truncate("张三丰", toWidth: 4) == "张…")
        #expect(DisplayWidth.truncate("张三丰", toWidth: 1) == "…")
        #expect(DisplayWidth.truncate("张三丰", toWidth: 0) == "")
        #expect(DisplayWidth.truncate("abcdef", toWidth: 4, ellipsis: "...") == "a...")
        #expect(DisplayWidth.truncate("abcdef", toWidth: 2, ellipsis: "...") == "ab")
        let mixed = "李Li四Si「门诊」😀"
        for limit in 0...DisplayWidth.width(of: mixed) + 1 {
            let cut = DisplayWidth.truncate(mixed, toWidth: limit)
            #expect(DisplayWidth.width(of: cut) <= limit, "limit \(limit): \(cut)")
            #expect(DisplayWidth.width(of: cut) >= limit - 1, "limit \(limit) wasted columns: \(cut)")
        }
    }

    @Test("a 120-character name is cut cleanly to a 20-column field")
    func longName() {
        let name = String(repeating: "欧阳", count: 30) + String(repeating: "Ab", count: 30)
        #expect(name.count == 120)
        let cut = DisplayWidth.truncate(name, toWidth: 20)
        #expect(cut == String(repeating: "欧阳", count: 4) + "欧…")
        #expect(DisplayWidth.width(of: cut) == 19)
        #expect(DisplayWidth.fit(name, toWidth: 20) == cut + " ")
    }

    @Test("padding measures columns, not characters")
    func padding() {
        #expect(DisplayWidth.pad("张三", toWidth: 6) == "张三  ")
        #expect(DisplayWidth.pad("张三", toWidth: 6, alignment: .right) == "  张三")
        #expect(DisplayWidth.pad("张三", toWidth: 7, alignment: .center) == " 张三  ")
        #expect(DisplayWidth.pad("张三丰", toWidth: 4) == "张三丰")
        #expect(DisplayWidth.fit("张三丰", toWidth: 5, alignment: .right) == "张三…")
        #expect(DisplayWidth.fit("ab", toWidth: 4, alignment: .right) == "  ab")
    }

    @Test("the wide table is sorted and its ranges do not overlap, so binary search is valid")
    func tableIsSorted() {
        for table in [WideTable.ranges, WideTable.combiningJamo, WideTable.visibleFormat] {
            for (index, range) in table.enumerated() {
                #expect(range.lower <= range.upper)
                if index > 0 { #expect(table[index - 1].upper < range.lower) }
            }
        }
        #expect(WideTable.contains(0x4E00, in: WideTable.ranges))
        #expect(!WideTable.contains(0x41, in: WideTable.ranges))
        #expect(!WideTable.contains(0x10FFFF, in: WideTable.ranges))
    }
}
