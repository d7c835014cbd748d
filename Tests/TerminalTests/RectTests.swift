import Testing
import Terminal

@Suite("Rect layout helpers")
struct RectTests {
    @Test("a title bar, work area, message line and key bar split an 80x24 screen")
    func splitRows() {
        let parts = Rect(x: 0, y: 0, width: 80, height: 24).splitRows([.fixed(1), .fill, .fixed(1), .fixed(1)])
        #expect(parts.map(\.height) == [1, 21, 1, 1])
        #expect(parts.map(\.y) == [0, 1, 22, 23])
        #expect(parts.allSatisfy { $0.width == 80 })
    }

    @Test("fixed lengths are cut when space runs out; fills share the rest")
    func splitColumns() {
        let tight = Rect(x: 2, y: 0, width: 5, height: 1).splitColumns([.fixed(4), .fixed(4), .fill])
        #expect(tight.map(\.width) == [4, 1, 0])
        #expect(tight.map(\.x) == [2, 6, 7])
        let shared = Rect(x: 0, y: 0, width: 11, height: 1).splitColumns([.fill, .fixed(1), .fill])
        #expect(shared.map(\.width) == [5, 1, 5])
        let uneven = Rect(x: 0, y: 0, width: 7, height: 1).splitColumns([.fill, .fill])
        #expect(uneven.map(\.width) == [4, 3])
    }

    @Test("inset and edge splits never give negative sizes")
    func insetAndEdges() {
        let box = Rect(x: 1, y: 1, width: 10, height: 4)
        #expect(box.inset(1) == Rect(x: 2, y: 2, width: 8, height: 2))
        #expect(box.inset(3).height == 0)
        #expect(Rect(x: 0, y: 0, width: -3, height: 2).width == 0)
        let (top, rest) = box.splitTop(9)
        #expect(top.height == 4 && rest.isEmpty)
        let (left, right) = box.splitRight(3)
        #expect(left == Rect(x: 1, y: 1, width: 7, height: 4))
        #expect(right == Rect(x: 8, y: 1, width: 3, height: 4))
        #expect(box.contains(x: 10, y: 4))
        #expect(!box.contains(x: 11, y: 4))
        #expect(box.intersection(Rect(x: 20, y: 20, width: 2, height: 2)).isEmpty)
        #expect(box.intersection(Rect(x: 0, y: 0, width: 3, height: 3)) == Rect(x: 1, y: 1, width: 2, height: 2))
    }
}
