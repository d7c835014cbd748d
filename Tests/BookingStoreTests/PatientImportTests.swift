import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("Importing patients from a CSV file")
struct PatientImportTests {
    /// A file as a hospital exports it: BOM, a header, and the rows a real file gets wrong.
    static func file(lineEnding: String) -> Data {
        let rows = [
            "name,id_number,phone,card",  // 1
            "张三,\(identityNumber(sequence: 1)),13800000001,8800000001",  // 2 good
            "李四,\(String(identityNumber(sequence: 2).dropLast()) + "0"),13800000002,",  // 3 wrong check digit (the right one is not 0)
            "张三,\(identityNumber(sequence: 1)),13800000001,",  // 4 the same person again
            "王五,\(identityNumber(sequence: 3))",  // 5 good, phone and card left out
            "赵六,\(identityNumber(sequence: 4)),13800000004,8800000004,extra",  // 6 five columns
            "\"Zhang, San\",\(identityNumber(sequence: 5)),,",  // 7 a quoted comma: a name never has one
            "\"张\(lineEnding)七\",\(identityNumber(sequence: 6)),,",  // 8–9 a line break inside a quoted name
            "孙八,\(identityNumber(sequence: 7)),13800000008,",  // 10 good
            "周九,\(identityNumber(sequence: 8)),12345,",  // 11 a phone that is not one
            "",  // 12 a blank line is skipped
            "吴十,\(identityNumber(sequence: 9)),,8800000010",  // 13 good
        ]
        return Data([0xEF, 0xBB, 0xBF]) + Data((rows.joined(separator: lineEnding) + lineEnding).utf8)
    }

    @Test("good rows are imported; each bad row is named by its line, counting lines inside quoted names",
          arguments: ["\n", "\r\n"])
    func mixedFile(lineEnding: String) throws {
        try withSmallHospital { h throws in
            #expect(identityNumber(sequence: 2).last != "0")
            let audit = try h.auditRows()
            let report = try h.store.importPatients(csv: Self.file(lineEnding: lineEnding), by: Hospital.admin)
            #expect(report.imported == 4)
            #expect(report.problems.map(\.line) == [3, 4, 6, 7, 8, 11])
            let messages = Dictionary(uniqueKeysWithValues: report.problems.map { ($0.line, $0.message(.en)) })
            #expect(messages[3]?.contains("a digit is mistyped") == true)
            #expect(messages[4]?.contains("already registered") == true)
            #expect(messages[6]?.contains("found 5") == true)
            #expect(messages[7]?.contains("name") == true)
            #expect(messages[8]?.contains("name") == true)
            #expect(messages[11]?.contains("phone") == true)
            #expect(try h.store.findPatients("").isEmpty)
            #expect(Set(try h.rawDatabase().read { db in try String.fetchAll(db, sql: "SELECT name FROM patient") }) == ["张三", "王五", "孙八", "吴十"])
            #expect(try h.store.patient(.document(identityNumber(sequence: 1))).cardNumber == "8800000001")
            #expect(try h.auditRows() == audit + 1)
        }
    }

    @Test("problems are reported in the operator's language")
    func chinese() throws {
        try withSmallHospital { h throws in
            let report = try h.store.importPatients(csv: Self.file(lineEnding: "\n"), by: Hospital.admin)
            #expect(report.problems.first { $0.line == 6 }?.reason == .columns(found: 5))
            #expect(report.problems.first { $0.line == 6 }?.message(.zh) == "应为 2–4 列（name,id_number,phone,card），实为 5 列")
            #expect(report.problems.first { $0.line == 3 }?.message(.zh).contains("校验位") == true)
        }
    }

    @Test("a file that is not UTF-8 (GBK from an old spreadsheet) is refused whole, with nothing imported")
    func notUTF8() throws {
        try withSmallHospital { h throws in
            // "张三" in GBK, then a valid number.
            let gbk = Data([0xD5, 0xC5, 0xC8, 0xFD, 0x2C]) + Data("\(identityNumber(sequence: 1)),13800000001,\n".utf8)
            guard case let .importInvalid(reason) = refusal({ try h.store.importPatients(csv: gbk, by: Hospital.admin) }) else {
                Issue.record("GBK bytes were imported")
                return
            }
            #expect(reason == .notUTF8)
            #expect(BookingError.importInvalid(reason).message(.zh) == "导入文件无法读取：不是 UTF-8 编码；请另存为 UTF-8 CSV")
            #expect(BookingError.importInvalid(reason).kind == .input)
            #expect(try h.count("SELECT count(*) FROM patient") == 0)
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'patient.import'") == 0)
        }
    }

    @Test("a file with only a header imports nothing and writes no audit row")
    func headerOnly() throws {
        try withSmallHospital { h throws in
            let report = try h.store.importPatients(csv: Data("name,id_number,phone,card\n".utf8), by: Hospital.admin)
            #expect(report.imported == 0 && report.problems.isEmpty)
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'patient.import'") == 0)
        }
    }

    @Test("one row whose name the schema counts differently does not throw away the good rows")
    func oneOddRowKeepsTheRest() throws {
        try withSmallHospital { h throws in
            let nfd = "Nguyễn Thị Phương Thảo Trần Hoàng Quỳnh".decomposedStringWithCanonicalMapping
            let csv = "孙八,\(identityNumber(sequence: 7)),,\n\(nfd),\(identityNumber(sequence: 8)),,\n"
            let outcome = Result { try h.store.importPatients(csv: Data(csv.utf8), by: Hospital.admin) }
            let report = try outcome.get()
            #expect(report.imported >= 1)
            #expect(report.imported + report.problems.count == 2)
            #expect(try h.store.findPatients(identityNumber(sequence: 7)).map(\.name) == ["孙八"])
            // Names are stored composed (NFC), so the decomposed one fits the schema's 40 too.
            #expect(report.imported == 2, "\(report.problems)")
            #expect(try h.store.findPatients(identityNumber(sequence: 8)).map(\.name.unicodeScalars.count) == [39])
        }
    }

    @Test("a row the database itself refuses is reported against its line; the rows before and after it stay")
    func databaseRefusalIsPerRow() throws {
        try withSmallHospital { h throws in
            // A refusal only the database knows about, as a CHECK or trigger the rules do not mirror would give.
            try h.rawDatabase().write { db in
                try db.execute(sql: """
                    CREATE TRIGGER test_refuses_one_name BEFORE INSERT ON patient WHEN NEW.name = '周九'
                    BEGIN SELECT RAISE(ABORT, 'test refuses 周九'); END
                    """)
            }
            let csv = """
                name,id_number,phone,card
                孙八,\(identityNumber(sequence: 7)),,
                周九,\(identityNumber(sequence: 8)),,
                吴十,\(identityNumber(sequence: 9)),,

                """
            let report = try h.store.importPatients(csv: Data(csv.utf8), by: Hospital.admin)
            #expect(report.imported == 2)
            #expect(report.problems.map(\.line) == [3])
            #expect(report.problems.first?.message(.en).contains("test refuses") == true, "\(report.problems)")
            #expect(Set(try h.rawDatabase().read { db in try String.fetchAll(db, sql: "SELECT name FROM patient") }) == ["孙八", "吴十"])
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'patient.import' AND after = 'lines 2-4: imported 2, already there 0, refused 1'") == 1)
        }
    }

    @Test("the same file imported again: its rows are reported as already imported, not refused, and nothing is written")
    func secondRun() throws {
        try withSmallHospital { h throws in
            let first = try h.store.importPatients(csv: Self.file(lineEnding: "\n"), by: Hospital.admin)
            let audit = try h.auditRows()
            let second = try h.store.importPatients(csv: Self.file(lineEnding: "\n"), by: Hospital.admin)
            #expect(second.imported == 0)
            // Line 4 repeats line 2 inside the file: the first run refused it, the second counts it with line 2's patient.
            #expect(second.alreadyImported == first.imported + 1)
            #expect(second.problems.map(\.line) == [3, 6, 7, 8, 11])
            #expect(try h.auditRows() == audit)
            #expect(try h.count("SELECT count(*) FROM patient") == 4)
        }
    }

    @Test("a file larger than one chunk is stored in chunks of 500 rows, each with its audit record")
    func chunks() throws {
        try withSmallHospital { h throws in
            let rows = (0..<1_201).map { n in "王\(["一", "二", "三"][n % 3])\(["甲", "乙"][n % 2]),\(identityNumber(birth: n < 900 ? "19700101" : "19700102", sequence: n % 900))" }
            var seen: [(Int, Int)] = []
            let report = try h.store.importPatients(csv: Data((rows.joined(separator: "\n") + "\n").utf8), by: Hospital.admin) { done, total in
                seen.append((done, total))
            }
            #expect(report.imported == 1201 && report.problems.isEmpty, "\(report.problems.prefix(3))")
            #expect(seen.map(\.0) == [500, 1000, 1201] && seen.allSatisfy { $0.1 == 1201 })
            let audits = try h.rawDatabase().read { db in
                try String.fetchAll(db, sql: "SELECT after FROM audit WHERE action = 'patient.import' ORDER BY id")
            }
            #expect(audits == ["lines 1-500: imported 500, already there 0, refused 0", "lines 501-1000: imported 500, already there 0, refused 0",
                              "lines 1001-1201: imported 201, already there 0, refused 0"],
                    "\(audits)")
        }
    }
}
