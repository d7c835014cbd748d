import BookingCore
@testable import BookingStore
import Foundation
import Testing

/// What the screens poll (DESIGN: every terminal sees the others' changes within a second):
/// the change mark moves with every commit, whoever made it, and never without one.
@Suite("The change mark")
struct ChangeMarkTests {
    @Test("nothing committed reads as no change: reads and a dry run leave the mark where it was")
    func stillWithoutCommits() throws {
        try withSmallHospital { h in
            let p = try h.patient("白国琪", 1)
            let mark = try h.store.changeMark()
            #expect(try h.store.changeMark() == mark)
            _ = try h.store.slots(SlotFilter(from: day("2026-11-26"), to: day("2026-11-27")))
            _ = try h.store.findPatients("白国琪")
            _ = try h.store.book(BookingRequest(patient: .id(p.id), slot: slot("R1@2026-11-26T09")), by: Hospital.desk, dryRun: true)
            #expect(try h.store.changeMark() == mark)
            // A second store on the file that only reads changes nothing either.
            let other = try Store.open(path: h.path, now: at("2026-11-25T08:30"))
            _ = try other.slots(SlotFilter(from: day("2026-11-26")))
            #expect(try h.store.changeMark() == mark)
        }
    }

    @Test("the store's own booking moves its mark, once")
    func ownCommit() throws {
        try withSmallHospital { h in
            let p = try h.patient("白国琪", 1)
            let before = try h.store.changeMark()
            _ = try h.book(p, "R1@2026-11-26T09")
            let after = try h.store.changeMark()
            #expect(after != before)
            #expect(try h.store.changeMark() == after)
            // The same store seen through another clock watches the same file.
            _ = try h.book(p, "R1@2026-11-27T09", store: h.at("2026-11-25T09:00"))
            #expect(try h.store.changeMark() != after)
        }
    }

    @Test("a commit by another store of this process, and by another process, moves the mark")
    func othersCommits() throws {
        try withSmallHospital { h in
            let p = try h.patient("白国琪", 1)
            let other = try Store.open(path: h.path, now: at("2026-11-25T08:30"))
            let first = try h.store.changeMark()
            _ = try h.book(p, "R1@2026-11-26T09", store: other)
            let second = try h.store.changeMark()
            #expect(second != first)
            #expect(try h.store.changeMark() == second)

            // python3's sqlite3, as any other program writing to the file would.
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", "-c", """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1])
                c.execute("UPDATE patient SET phone = '13800000000' WHERE id = ?", (int(sys.argv[2]),))
                c.commit()
                """, h.path, "\(p.id)"]
            try python.run()
            python.waitUntilExit()
            #expect(python.terminationStatus == 0, "python3 with sqlite3 is needed for this test")
            let third = try h.store.changeMark()
            #expect(third != second)
            #expect(try h.store.changeMark() == third)
        }
    }
}
