import BookingCore
import BookingStore
import Foundation
import Testing

@Suite("same-day registration at the window and the appointment rate (rule 3)")
struct SameDayRegistrationTests {
    @Test("at 09:10 the 09:00 hour is booked at the window; at 09:31 it is refused with the cutoff; the rate counts the day-before booking only")
    func walkInsAndTheRate() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t, patients: 3)
            // The day before: an appointment (预约).
            let ahead = try t.slotdesk("book", "--patient", "\(patients[0].id)", "--slot", "D001@2026-11-26T09", json: true, now: "2026-11-25T16:00")
            #expect(ahead.status == 0, "\(ahead)")
            let aheadID = try #require((try ahead.json() as? [String: Any])?["id"] as? Int)

            // That morning, ten minutes into the hour: a same-day registration.
            let walkIn = try t.slotdesk("book", "--patient", "\(patients[1].id)", "--slot", "D001@2026-11-26T09", json: true, now: "2026-11-26T09:10")
            #expect(walkIn.status == 0, "\(walkIn)")
            let walkInID = try #require((try walkIn.json() as? [String: Any])?["id"] as? Int)

            // Past half past the hour: refused, and the message says when it closed and why.
            let late = try t.slotdesk("book", "--patient", "\(patients[2].id)", "--slot", "D001@2026-11-26T09", now: "2026-11-26T09:31")
            #expect(late.status == 1, "\(late)")
            #expect(late.stdout.isEmpty)
            #expect(late.stderr.contains("09:30"), "\(late)")
            #expect(late.stderr.contains("30 minutes before the hour ends"), "\(late)")
            let lateJSON = try t.slotdesk("book", "--patient", "\(patients[2].id)", "--slot", "D001@2026-11-26T09", json: true, now: "2026-11-26T09:31")
            #expect(try lateJSON.errorJSON()["code"] as? String == "walk_in_closed")
            // The hour before, already past its own cutoff, is refused the same way.
            let earlier = try t.slotdesk("book", "--patient", "\(patients[2].id)", "--slot", "D001@2026-11-26T08", json: true, now: "2026-11-26T09:10")
            #expect(try earlier.errorJSON()["code"] as? String == "walk_in_closed")

            for id in [aheadID, walkInID] {
                let arrive = try t.slotdesk("checkin", "\(id)", json: true, now: "2026-11-26T09:40")
                #expect(arrive.status == 0, "\(arrive)")
            }
            let report = try t.slotdesk("report", "appointment-rate", "--from", "2026-11-26", "--to", "2026-11-26", json: true, now: "2026-11-26T12:00")
            #expect(report.status == 0, "\(report)")
            let json = try #require(try report.json() as? [String: Any])
            #expect(Set(json.keys) == ["from", "to", "departments", "total"])
            #expect(json["from"] as? String == "2026-11-26")
            #expect(json["to"] as? String == "2026-11-26")
            let departments = try #require(json["departments"] as? [[String: Any]])
            #expect(departments.count == 1)
            let card = try #require(departments.first)
            #expect(Set(card.keys) == ["department", "name", "visits", "booked_ahead", "rate_percent"])
            #expect(card["department"] as? String == "CARD")
            #expect(card["name"] as? String == "心内科")
            #expect(card["visits"] as? Int == 2)
            #expect(card["booked_ahead"] as? Int == 1)
            #expect(card["rate_percent"] as? Double == 50)
            let total = try #require(json["total"] as? [String: Any])
            #expect(total["visits"] as? Int == 2)
            #expect(total["booked_ahead"] as? Int == 1)

            let table = try t.slotdesk("report", "appointment-rate", "--from", "2026-11-26", "--to", "2026-11-26", now: "2026-11-26T12:00")
            #expect(table.status == 0, "\(table)")
            #expect(table.stdout.contains("50"), "\(table)")
            let help = try t.run(["report", "appointment-rate", "--help"])
            #expect(help.stdout.contains("Example: slotdesk report appointment-rate"))
        }
    }

    @Test("a department's walk_in_cutoff_minutes moves the close; the setup file refuses 60")
    func cutoffFromTheSetupFile() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t, patients: 2)
            let store = try t.store()
            var setup = try DemoHospital.setup()
            let i = try #require(setup.departments.firstIndex { $0.code == "CARD" })
            setup.departments[i].policy.walkInCutoffMinutes = 10
            _ = try store.applySetup(setup, by: admin)
            let at45 = try t.slotdesk("book", "--patient", "\(patients[0].id)", "--slot", "D001@2026-11-26T09", json: true, now: "2026-11-26T09:45")
            #expect(at45.status == 0, "\(at45)")
            let at50 = try t.slotdesk("book", "--patient", "\(patients[1].id)", "--slot", "D001@2026-11-26T09", now: "2026-11-26T09:50")
            #expect(at50.status == 1)
            #expect(at50.stderr.contains("09:50"), "\(at50)")
            setup.departments[i].policy.walkInCutoffMinutes = 60
            #expect(throws: BookingError.self) { _ = try store.applySetup(setup, by: admin) }
        }
    }
}
