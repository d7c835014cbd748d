import BookingCore
import BookingStore
import Foundation
import GRDB

/// Part `holiday_stop`: `setup apply` with a calendar that makes a booked day a holiday (rules 10
/// and 12), on a hospital with a year of slots ahead. Its stops run in short transactions of whole
/// clinic days; a probe with a connection of its own takes the write lock over and over meanwhile,
/// as a window's booking would, and records how long each time it waited: about one
/// transaction at worst.
enum HolidayBench {
    /// Monday 28 December 2026, 08:30: slots are generated through 2027 before its calendar is in.
    static let now = LocalDateTime(date: LocalDate(year: 2026, month: 12, day: 28)!, hour: 8, minute: 30)
    /// The day the calendar makes a holiday (a stand-in: 2027's official calendar is not published).
    static let holiday = LocalDate(year: 2027, month: 1, day: 1)!

    static func run(folder: String, resources: Int, appointments: Int) throws -> (json: JSON, waitP99ms: Double, waitMaxMs: Double, stopped: Int) {
        let path = folder + "/holiday.db"
        let setup = try Fixtures.hospital(departments: max(1, resources / 15), perDepartment: min(15, resources), sessions: Fixtures.outpatientWeek,
                                          capacity: 6, reserved: 1)
        let last = LocalDate(year: 2027, month: 12, day: 31)!
        progress("holiday_stop: \(setup.resources.count) clinics, slots through \(last), \(appointments) appointments on \(holiday)")
        let store = try Fixtures.makeStore(at: path, now: now, setup: setup, slots: now.date...last)
        let patients = try Fixtures.insertPatients(path: path, count: appointments, today: now.date)
        let booked = try bookHoliday(path: path, patients: patients)
        let slots = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM slot") ?? 0 }

        var calendar = try DemoHospital.setup().calendar ?? WorkCalendar()
        calendar.years.insert(holiday.year)
        calendar.holidays.insert(holiday)
        var file = HospitalSetup()
        file.calendar = calendar
        let probe = LockProbe(path: path)
        probe.start()
        var seconds = 0.0
        let cpuBefore = threadCPU()
        let report = try timed(&seconds) { try store.applySetup(file, by: benchAdmin) }
        let cpuAfter = threadCPU()
        let waits = probe.stop()
        let stopped = report.stopped.reduce(0) { $0 + $1.patients.count }
        let offered = report.stopped.reduce(0) { $0 + $1.patients.filter { $0.offeredSlot != nil }.count }
        let json = JSON.object([
            ("clinics", .int(setup.resources.count)), ("slots", .int(slots)), ("booked_on_the_day", .int(booked)),
            ("stopped", .int(stopped)), ("offered_a_slot", .int(offered)), ("clinic_days_stopped", .int(report.stopped.count)),
            ("apply_seconds", .num(seconds, 2)), ("ms_per_stopped_appointment", .num(seconds * 1000 / Double(max(1, stopped)), 2)),
            ("apply_cpu_seconds", .num(cpuAfter.seconds - cpuBefore.seconds, 2)),
            ("cpu_ms_per_stopped_appointment", .num((cpuAfter.seconds - cpuBefore.seconds) * 1000 / Double(max(1, stopped)), 2)),
            ("apply_preemptions", .int(cpuAfter.preemptions - cpuBefore.preemptions)),
            ("lock_waits", .int(waits.count)),
            ("lock_wait_p50_ms", .num(waits.milliseconds(at: 50), 2)), ("lock_wait_p99_ms", .num(waits.milliseconds(at: 99), 2)),
            ("lock_wait_max_ms", .num(waits.milliseconds(at: 100), 2)),
        ])
        return (json, waits.milliseconds(at: 99), waits.milliseconds(at: 100), stopped)
    }

    /// The CPU time of the calling thread alone (not the probe's), and how often it was preempted:
    /// on a busy machine the wall time of a transaction is its CPU time and the waits between.
    static func threadCPU() -> (seconds: Double, preemptions: Int) {
        var usage = rusage()
        getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD
        return (Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
                + Double(usage.ru_stime.tv_usec) / 1e6, usage.ru_nivcsw)
    }

    /// Books one public seat in every hour of the holiday, clinic by clinic, a patient each, until
    /// the patients run out: whole clinic days of ten appointments.
    static func bookHoliday(path: String, patients: [Int64]) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let written = try queue.write { db -> Int in
            let slots = try Row.fetchAll(db, sql: """
                SELECT s.id, s.hour, r.department_id FROM slot s JOIN resource r ON r.id = s.resource_id
                WHERE s.date = ? ORDER BY r.code, s.hour
                """, arguments: [holiday.description])
            let insert = try db.makeStatement(sql: """
                INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, channel, pool, priority, booked_at, booked_by)
                VALUES (?, ?, ?, ?, ?, 'booked', 'public', 'public', 'regular', ?, 'desk:bench')
                """)
            for (slot, patient) in zip(slots, patients) {
                try insert.execute(arguments: [patient, slot["id"], slot["department_id"], holiday.description, slot["hour"], now.description])
            }
            return min(slots.count, patients.count)
        }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return written
    }
}

/// Takes the write lock (`BEGIN IMMEDIATE`, then `ROLLBACK`) every millisecond on a thread and
/// connection of its own, looking again every 0.2 ms while another holds it, and records how
/// long each take waited.
final class LockProbe: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var stopping = false
    private var waits: Latencies?
    private var thread: Thread?

    init(path: String) { self.path = path }

    func start() {
        let thread = Thread { [self] in
            var waits = Latencies()
            do {
                var config = Configuration()
                config.busyMode = .callback { _ in usleep(200); return true }
                let queue = try DatabaseQueue(path: path, configuration: config)
                while !lock.withLock({ stopping }) {
                    let t = monotonicSeconds()
                    try queue.writeWithoutTransaction { db in
                        try db.execute(sql: "BEGIN IMMEDIATE")
                        try db.execute(sql: "ROLLBACK")
                    }
                    waits.record(seconds: monotonicSeconds() - t)
                    usleep(1_000)
                }
            } catch {
                FileHandle.standardError.write(Data("lock probe: \(error)\n".utf8))
            }
            lock.withLock { self.waits = waits }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops the probe and hands back its waits.
    func stop() -> Latencies {
        lock.withLock { stopping = true }
        while lock.withLock({ waits == nil }) { usleep(1_000) }
        return lock.withLock { waits ?? Latencies() }
    }
}
