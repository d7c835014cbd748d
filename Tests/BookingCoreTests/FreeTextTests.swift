import BookingCore
import Testing

@Suite("Reasons, notes and names staff type: trimmed, bounded, no control characters")
struct FreeTextTests {
    @Test("one line is trimmed and kept as typed, Chinese, emoji and combining marks included")
    func plainLines() throws {
        #expect(try FreeText.line("  医生外出会诊  ", field: "reason", limit: 200) == "医生外出会诊")
        #expect(try FreeText.line("家属陪同 👨‍👩‍👧 e\u{301}", field: "reason", limit: 200) == "家属陪同 👨‍👩‍👧 e\u{301}")
        #expect(try FreeText.line(String(repeating: "长", count: 200), field: "reason", limit: 200).count == 200)
        #expect(try FreeText.optionalLine(nil, field: "reason", limit: 200) == nil)
        #expect(try FreeText.optionalLine("   ", field: "reason", limit: 200) == nil)
    }

    @Test("escape sequences, bells, NUL, tabs, line breaks and Unicode separators are refused on one line", arguments: [
        "外出\u{1b}[2J会诊", "会诊\u{7}", "会\u{0}诊", "会\t诊", "会诊\n明天", "会诊\r\n明天", "会\u{85}诊", "会\u{9b}31m诊", "会\u{2028}诊", "会\u{7f}诊", "会\u{202E}诊", "会\u{2067}诊",
    ])
    func controls(text: String) {
        #expect(throws: BookingError.invalidInput(field: "reason", problem: .oneLine)) {
            try FreeText.line(text, field: "reason", limit: 200)
        }
    }

    @Test("empty, blank and too long are refused with the limit")
    func lengths() {
        // A letter with a combining accent is two, as SQLite's length() counts it.
        for text in ["", "   ", String(repeating: "长", count: 201), String(repeating: "e\u{301}", count: 101)] {
            #expect(throws: BookingError.invalidInput(field: "reason", problem: .characters(1...200))) {
                try FreeText.line(text, field: "reason", limit: 200)
            }
        }
    }

    @Test("several lines keep line feeds (CRLF becomes LF) and refuse every other control character")
    func paragraphs() throws {
        #expect(try FreeText.lines("胸闷两周\r\n活动后加重\n", field: "reason", limit: 500) == "胸闷两周\n活动后加重")
        for text in ["胸闷\u{1b}]0;x\u{7}两周", "胸闷\t两周", "胸闷\r两周", "胸闷\u{2029}两周"] {
            #expect(throws: BookingError.self) { try FreeText.lines(text, field: "reason", limit: 500) }
        }
    }
}
