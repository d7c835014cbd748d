import Testing
import Terminal

@Suite("Screen cell grid")
struct ScreenTests {
    @Test("a small grid reads back as whole lines")
    func wholeLines() {
        var screen = Screen(width: 12, height: 3)
        screen.put("号源 Slots", x: 0, y: 0)
        screen.put("张三", x: 2, y: 1, style: Style(bold: true))
        screen.put("08:00", x: 7, y: 2)
        #expect(screen.lines() == [
            "号源 Slots",
            "  张三",
            "       08:00",
        ])
        #expect(screen[x: 2, y: 1].symbol == "张")
        #expect(screen[x: 3, y: 1].isContinuation)
        #expect(screen.styleAt(x: 3, y: 1).bold)
        #expect(!screen.styleAt(x: 1, y: 1).bold)
    }

    @Test("put returns the columns written and clips at maxWidth")
    func returnsColumns() {
        var screen = Screen(width: 20, height: 1)
        #expect(screen.put("张三丰", x: 0, y: 0) == 6)
        #expect(screen.put("abcdef", x: 10, y: 0, maxWidth: 3) == 3)
        #expect(screen.lines() == ["张三丰    abc"])
        #expect(screen.put("x", x: 0, y: 0, maxWidth: 0) == 0)
    }

    @Test("a wide character that would be cut at the right edge becomes a space")
    func wideAtRightEdge() {
        var screen = Screen(width: 5, height: 1)
        let written = screen.put("ab张三", x: 0, y: 0, style: Style(reverse: true))
        #expect(written == 5)
        #expect(screen.lines() == ["ab张"])
        #expect(screen[x: 4, y: 0].symbol == " ")
        #expect(screen.styleAt(x: 4, y: 0).reverse)
    }

    @Test("a wide character cut by maxWidth becomes a space")
    func wideAtLimit() {
        var screen = Screen(width: 10, height: 1)
        screen.fill(rect: screen.area, char: ".")
        #expect(screen.put("张三丰", x: 1, y: 0, maxWidth: 3) == 3)
        #expect(screen.lines() == [".张 ......"])
    }

    @Test("overwriting half of a wide character blanks its other half")
    func overwriteHalf() {
        var screen = Screen(width: 8, height: 2)
        screen.put("张三丰", x: 0, y: 0)
        screen.put("x", x: 1, y: 0)   // right half of 张
        screen.put("y", x: 2, y: 0)   // left half of 三
        #expect(screen.lines()[0] == " xy 丰")
        #expect(!screen[x: 3, y: 0].isContinuation)

        screen.put("王五", x: 0, y: 1)
        screen.put("李", x: 1, y: 1)  // straddles 王 and 五
        #expect(screen.lines()[1] == " 李")
        #expect(screen[x: 3, y: 1].symbol == " ")
        #expect(!screen[x: 3, y: 1].isContinuation)
    }

    @Test("control characters are never stored in the grid")
    func controlCharacters() {
        var screen = Screen(width: 20, height: 1)
        let written = screen.put("a\tb\nc\u{1B}[31md\r\n\u{9B}e\u{7F}", x: 0, y: 0)
        #expect(screen.lines() == ["abc[31mde"])
        #expect(written == 9)
        for x in 0..<screen.width {
            for scalar in screen[x: x, y: 0].symbol.unicodeScalars {
                #expect(!DisplayWidth.isControl(scalar), "raw control at column \(x)")
            }
        }
    }

    @Test("combining marks stay with their base character in one cell")
    func combiningInOneCell() {
        var screen = Screen(width: 5, height: 1)
        #expect(screen.put("e\u{301}x", x: 0, y: 0) == 2)
        #expect(screen[x: 0, y: 0].symbol == "e\u{301}")
        #expect(screen[x: 1, y: 0].symbol == "x")
    }

    @Test("a 120-character name is truncated to its field without touching the next")
    func longNameInField() {
        var screen = Screen(width: 30, height: 1)
        let name = String(repeating: "诸葛", count: 60)
        screen.put("|", x: 21, y: 0)
        screen.put(DisplayWidth.truncate(name, toWidth: 20), x: 1, y: 0, maxWidth: 20)
        #expect(screen.lines() == [" 诸葛诸葛诸葛诸葛诸… |"])
    }

    @Test("negative and out-of-range coordinates clip and never crash")
    func outOfRange() {
        var screen = Screen(width: 6, height: 2)
        #expect(screen.put("hello", x: -3, y: 0) == 2)
        #expect(screen.put("张三", x: -1, y: 1) == 3)  // right half of 张 shows as a space
        #expect(screen.lines() == ["lo", " 三"])
        #expect(screen.put("x", x: 6, y: 0) == 0)
        #expect(screen.put("x", x: 0, y: -1) == 0)
        #expect(screen.put("x", x: 0, y: 2) == 0)
        #expect(screen.put("x", x: Int.max, y: 0, maxWidth: Int.max) == 0)
        #expect(screen.put("x", x: Int.min / 2, y: 0, maxWidth: 3) == 0)
        #expect(screen.put("x", x: Int.min, y: 0, maxWidth: 3) == 0)
        #expect(screen.put("x", x: Int.min, y: 0, maxWidth: Int.max) == 0)
        #expect(screen[x: -1, y: 0] == Cell.blank)
        #expect(screen[x: 0, y: 99] == Cell.blank)
        #expect(screen.styleAt(x: 100, y: 100) == Style())
        #expect(screen.line(-1) == "")
        screen.fill(rect: Rect(x: -5, y: -5, width: 100, height: 100), char: "#")
        #expect(screen.lines() == ["######", "######"])

        var empty = Screen(width: 0, height: 0)
        #expect(empty.put("张三", x: 0, y: 0) == 0)
        empty.fill(rect: Rect(x: 0, y: 0, width: 3, height: 3), char: "x")
        empty.clear()
        #expect(empty.lines() == [])
        #expect(Screen(width: -4, height: 3).width == 0)
    }

    @Test("fill with a wide character leaves a space where half would not fit")
    func fillWide() {
        var screen = Screen(width: 7, height: 2)
        screen.fill(rect: Rect(x: 1, y: 0, width: 5, height: 2), char: "中", style: Style(foreground: .cyan))
        #expect(screen.lines() == [" 中中", " 中中"])
        #expect(screen[x: 5, y: 0].symbol == " ")
        #expect(screen.styleAt(x: 5, y: 1).foreground == .cyan)
        screen.clear()
        #expect(screen.lines() == ["", ""])
        #expect(screen.styleAt(x: 1, y: 0) == Style())
    }

    @Test("monochrome copies keep attributes but lose colours")
    func withoutColors() {
        var screen = Screen(width: 4, height: 1)
        screen.put("OK", x: 0, y: 0, style: Style(foreground: .green, background: .black, bold: true))
        let mono = screen.withoutColors()
        #expect(mono.styleAt(x: 0, y: 0) == Style(bold: true))
        #expect(mono.lines() == screen.lines())
    }
}
