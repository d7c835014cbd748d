import BookingCore
import Foundation
import Testing

@Suite("Dates and times of the hospital's day")
struct LocalDateTests {
    @Test("impossible or sloppily written dates are refused", arguments: [
        "2026-02-30", "2026-13-01", "2026-1-1", "2026-00-10", "2026-11-00", "2026-11-31", "2026-02-29", "1900-02-29",
        "26-11-25", "2026/11/25", " 2026-11-25", "2026-11-25 ", "２０２６-11-25", "", "garbage", "1899-12-31",
    ])
    func refused(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("real dates parse to their fields and print back the same")
    func parses() throws {
        let d = try #require(LocalDate("2026-11-25"))
        #expect((d.year, d.month, d.day) == (2026, 11, 25))
        #expect(d.description == "2026-11-25")
        #expect(LocalDate("2024-02-29")?.description == "2024-02-29")
        #expect(LocalDate("2000-02-29")?.description == "2000-02-29")
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2026, month: 1, day: 4)?.description == "2026-01-04")
    }

    @Test("weekdays run 1 = Monday to 7 = Sunday")
    func weekdays() {
        #expect(day("1970-01-01").weekday == 4)  // a Thursday
        #expect(day("2026-11-23").weekday == 1)
        #expect(day("2026-11-25").weekday == 3)
        #expect(day("2026-11-29").weekday == 7)
        #expect(day("2026-01-04").weekday == 7)  // the Sunday that works as a Friday
        #expect(day("2026-10-10").weekday == 6)
        #expect(day("1969-12-31").weekday == 3)  // before the epoch too
        #expect(day("2000-02-29").weekday == 2)
    }

    @Test("day arithmetic crosses month ends, year ends and leap days")
    func arithmetic() {
        #expect(day("2026-12-31").adding(days: 1) == day("2027-01-01"))
        #expect(day("2027-01-01").adding(days: -1) == day("2026-12-31"))
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2024-02-29").adding(days: 1) == day("2024-03-01"))
        #expect(day("2026-02-28").adding(days: 1) == day("2026-03-01"))
        #expect(day("2100-02-28").adding(days: 1) == day("2100-03-01"))  // 2100 is not a leap year
        #expect(day("2026-11-25").adding(days: 7) == day("2026-12-02"))
        #expect(day("2026-11-25").adding(days: -90) == day("2026-08-27"))
        #expect(day("2026-01-01").days(to: day("2027-01-01")) == 365)
        #expect(day("2024-01-01").days(to: day("2025-01-01")) == 366)
        #expect(day("2026-11-25").days(to: day("2026-11-18")) == -7)
        #expect(day("1970-01-01").dayNumber == 0)
    }

    @Test("every day from 1999 to 2001 survives the trip through its day number, one day apart")
    func dayNumbersRoundTrip() {
        var d = day("1999-01-01")
        var previous = d.dayNumber - 1
        while d <= day("2001-12-31") {
            #expect(LocalDate(dayNumber: d.dayNumber) == d)
            #expect(d.dayNumber == previous + 1)
            #expect(LocalDate(d.description) == d)
            previous = d.dayNumber
            d = d.adding(days: 1)
        }
    }

    @Test("moments parse as YYYY-MM-DDTHH:MM, a space allowed for the T")
    func momentsParse() throws {
        let m = try #require(LocalDateTime("2026-11-24T09:30"))
        #expect(m.date == day("2026-11-24"))
        #expect((m.hour, m.minute, m.minuteOfDay) == (9, 30, 570))
        #expect(m.description == "2026-11-24T09:30")
        #expect(m.readable == "2026-11-24 09:30")
        #expect(LocalDateTime("2026-11-24 09:30") == m)
        #expect(LocalDateTime("2026-11-24T00:00")?.minuteOfDay == 0)
        #expect(LocalDateTime("2026-11-24T23:59")?.minuteOfDay == 1439)
    }

    @Test("malformed moments are refused", arguments: [
        "2026-11-24T24:00", "2026-11-24T09:60", "2026-11-24T9:30", "2026-11-24T09:30:00", "2026-02-30T09:00",
        "2026-11-24X09:30", "2026-11-24T09-30", "garbage", "", "2026-11-24",
    ])
    func momentsRefused(text: String) {
        #expect(LocalDateTime(text) == nil)
    }

    @Test("minutes overflow into the next day, the next year, and back")
    func minuteOverflow() {
        #expect(at("2026-12-31T23:59").adding(minutes: 1) == at("2027-01-01T00:00"))
        #expect(at("2027-01-01T00:00").adding(minutes: -1) == at("2026-12-31T23:59"))
        #expect(at("2024-02-28T23:30").adding(minutes: 60) == at("2024-02-29T00:30"))
        #expect(at("2026-11-26T09:00").adding(minutes: -48 * 60) == at("2026-11-24T09:00"))
        #expect(LocalDateTime(date: day("2026-11-25"), hour: 24) == at("2026-11-26T00:00"))
        #expect(LocalDateTime(date: day("2026-11-25"), hour: 23, minute: 90) == at("2026-11-26T00:30"))
        #expect(LocalDateTime(date: day("2026-11-25"), minuteOfDay: -1) == at("2026-11-24T23:59"))
        #expect(LocalDateTime(date: day("2026-11-25"), minuteOfDay: -1440) == at("2026-11-24T00:00"))
        #expect(LocalDateTime(date: day("2026-11-25"), minuteOfDay: -1441) == at("2026-11-23T23:59"))
        #expect(LocalDateTime(date: day("2026-11-25"), minuteOfDay: 3 * 1440 + 5) == at("2026-11-28T00:05"))
    }

    @Test("moments order by minute across days")
    func ordering() {
        #expect(at("2026-11-25T23:59") < at("2026-11-26T00:00"))
        #expect(at("2026-11-26T00:00").minuteNumber - at("2026-11-25T23:59").minuteNumber == 1)
        #expect(!(at("2026-11-25T08:30") < at("2026-11-25T08:30")))
    }

    @Test("the wall clock reads hospital time: midnight UTC is 08:00 in Shanghai")
    func hospitalTime() throws {
        let shanghai = HospitalTime.zone(named: "Asia/Shanghai")
        // 2026-11-25T00:00:00Z
        let instant = Date(timeIntervalSince1970: TimeInterval(day("2026-11-25").dayNumber * 86_400))
        #expect(HospitalTime.local(instant, in: shanghai) == at("2026-11-25T08:00"))
        #expect(HospitalTime.zone(named: "Not/AZone").secondsFromGMT() == 8 * 3600)
        #expect(FixedClock(at("2026-11-25T08:30")).now() == at("2026-11-25T08:30"))
    }
}

