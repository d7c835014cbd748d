import BookingCore
import BookingStore
import Foundation
import Testing

/// Display columns as a receipt printer counts them: CJK characters and full-width punctuation
/// take two, everything else here one (an independent count, not the terminal's table).
private func columns(_ line: String) -> Int {
    line.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
}

@Suite("the appointment slip on the command line")
struct SlipCommandTests {
    @Test("slip prints 32 or 48 columns of plain text: hospital, masked patient, room, hour, where to go, how to prepare, check-in deadline")
    func slipForAnUltrasound() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t, patients: 1)
            let book = try t.slotdesk("book", "--patient", "\(patients[0].id)", "--slot", "US1@2026-11-26T09", json: true)
            #expect(book.status == 0, "\(book)")
            let id = try #require((try book.json() as? [String: Any])?["id"] as? Int)
            let name = patients[0].name

            let narrow = try t.slotdesk("slip", "\(id)", "--width", "32", extra: ["--lang", "zh"])
            #expect(narrow.status == 0, "\(narrow)")
            let lines = narrow.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            #expect(lines.allSatisfy { columns($0) <= 32 }, "\(lines.map { "\(columns($0)) \($0)" })")
            #expect(lines[0] == "          示范人民医院")
            #expect(lines[1] == "            预约凭条")
            #expect(lines.contains("预约号：\(id)"))
            #expect(lines.contains("患者：\(Privacy.maskName(name))（患者号 \(patients[0].id)）"))
            #expect(!narrow.stdout.contains(name))
            #expect(lines.contains("检查室：超声室一"))
            #expect(lines.contains("日期：2026-11-26 周四"))
            #expect(lines.contains("时间：09:00–10:00"))
            #expect(lines.contains("地点：医技楼2层 超声科"))
            // The preparation wraps under its label, a Chinese character never split.
            #expect(lines.contains("准备：腹部超声须空腹8小时；请带"))
            #expect(lines.contains("      既往检查报告"))
            #expect(lines.contains("签到截止：2026-11-26 10:30"))

            let wide = try t.slotdesk("slip", "\(id)", "--width", "48", "--out", t.folder.appendingPathComponent("slip.txt").path, extra: ["--lang", "zh"])
            #expect(wide.status == 0, "\(wide)")
            let file = try String(contentsOf: t.folder.appendingPathComponent("slip.txt"), encoding: .utf8)
            let fileLines = file.split(separator: "\n").map(String.init)
            #expect(fileLines.allSatisfy { columns($0) <= 48 })
            #expect(fileLines.contains("准备：腹部超声须空腹8小时；请带既往检查报告"))
            #expect(fileLines.contains(String(repeating: "-", count: 48)))
            // It names a patient: owner-only, and never written over a file or through a link unasked.
            let slipPath = t.folder.appendingPathComponent("slip.txt").path
            #expect(try FileManager.default.attributesOfItem(atPath: slipPath)[.posixPermissions] as? Int == 0o600)
            let again = try t.slotdesk("slip", "\(id)", "--out", slipPath)
            #expect(again.status == 2 && again.stderr.contains("--force"), "\(again)")
            let link = t.folder.appendingPathComponent("link.txt").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/passwd-never")
            let throughLink = try t.slotdesk("slip", "\(id)", "--out", link)
            #expect(throughLink.status == 2, "\(throughLink)")
            #expect(try t.slotdesk("slip", "\(id)", "--out", slipPath, "--force").status == 0)

            let odd = try t.slotdesk("slip", "\(id)", "--width", "40")
            #expect(odd.status == 2, "\(odd)")
            let missing = try t.slotdesk("slip", "99999")
            #expect(missing.status == 2, "\(missing)")
            let help = try t.run(["slip", "--help"])
            #expect(help.stdout.contains("slotdesk slip 1216 | lp"))
        }
    }
}
