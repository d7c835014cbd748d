import BookingCore
import BookingStore
import Foundation
import Testing

@Suite("The slotdesk command line")
struct CommandLineTests {
    @Test("the slotdesk executable was built next to the tests")
    func binaryBuilt() throws {
        let binary = try #require(slotdeskBinary)
        #expect(FileManager.default.isExecutableFile(atPath: binary.path))
    }

    @Test("--help, on the tool and on a command, exits 0 and shows an example")
    func help() throws {
        try withShell { t throws in
            let top = try t.run(["--help"])
            #expect(top.status == 0, "\(top)")
            #expect(top.stdout.contains("book"))
            #expect(top.stdout.contains("Exit codes"))
            let book = try t.run(["book", "--help"])
            #expect(book.status == 0, "\(book)")
            #expect(book.stdout.contains("--patient"))
            #expect(book.stdout.contains("Example"))
        }
    }

    @Test("slotdesk --version prints the version and exits 0; the top-level help's first sentence is not broken after \"demo\"")
    func versionAndFirstSentence() throws {
        try withShell { t throws in
            let version = try t.run(["--version"])
            #expect(version.status == 0, "\(version)")
            #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(version)")
            // Help wraps to the terminal by itself: no line ends at "demo" with "hospital" on the next.
            let top = try t.run(["--help"], environment: t.environment.merging(["COLUMNS": "200"]) { $1 })
            #expect(top.stdout.contains("Run with no command to open SlotDesk on the default database (created with the demo hospital the first time)."),
                    "\(top.stdout)")
        }
    }

    @Test("a booking exits 0 and prints the appointment as JSON; appointments --json lists it with the contract's keys")
    func bookAndList() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t)
            let run = try t.slotdesk("book", "--patient", "\(patients[0].id)", "--slot", "D001@2026-11-26T09", json: true)
            #expect(run.status == 0, "\(run)")
            let booked = try #require(try run.json() as? [String: Any])
            #expect(booked["status"] as? String == "booked")
            #expect(booked["slot_label"] as? String == "D001@2026-11-26T09")
            let id = try #require(booked["id"] as? Int)

            let list = try t.slotdesk("appointments", "--date", "2026-11-26", json: true)
            #expect(list.status == 0, "\(list)")
            let rows = try #require(try list.json() as? [[String: Any]])
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            for key in ["id", "patient", "slot", "status", "channel", "priority"] { #expect(row[key] != nil, "missing \(key)") }
            #expect(row["id"] as? Int == id)
            #expect(row["patient"] as? Int == Int(patients[0].id))
            #expect(row["status"] as? String == "booked")
            #expect(row["channel"] as? String == "public")
            #expect(row["priority"] as? String == "regular")
            // The human table names the patient and the slot.
            let table = try t.slotdesk("appointments", "--date", "2026-11-26")
            #expect(table.status == 0)
            #expect(table.stdout.contains(patients[0].name))
            #expect(table.stdout.contains("D001@2026-11-26T09"))
        }
    }

    @Test("slots list --json gives id, resource, department, date, hour, capacity, reserved, booked and available")
    func slotsJSON() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t)
            _ = try t.store().book(BookingRequest(patient: .id(patients[0].id), slot: .at(resource: "D001", date: day("2026-11-26"), hour: 9)), by: admin)
            let run = try t.slotdesk("slots", "list", "--resource", "D001", "--date", "2026-11-26", json: true)
            #expect(run.status == 0, "\(run)")
            let slots = try #require(try run.json() as? [[String: Any]])
            #expect(slots.map { $0["hour"] as? Int } == [8, 9, 10, 11])
            let nine = try #require(slots.first { $0["hour"] as? Int == 9 })
            for key in ["id", "resource", "department", "date", "hour", "capacity", "reserved", "booked", "available"] {
                #expect(nine[key] != nil, "missing \(key)")
            }
            #expect(nine["resource"] as? String == "D001")
            #expect(nine["department"] as? String == "CARD")
            #expect(nine["date"] as? String == "2026-11-26")
            #expect(nine["capacity"] as? Int == 4)
            #expect(nine["reserved"] as? Int == 1)
            #expect(nine["booked"] as? Int == 1)
            #expect(nine["available"] as? Int == 3)
        }
    }

    @Test("a full slot is a rule refusal: exit 1, nothing on stdout, a JSON error object on stderr")
    func fullSlot() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t, patients: 5)
            let store = try t.store()
            for p in patients.prefix(4) {
                _ = try store.book(BookingRequest(patient: .id(p.id), slot: .at(resource: "D001", date: day("2026-11-26"), hour: 9)), by: admin)
            }
            let run = try t.slotdesk("book", "--patient", "\(patients[4].id)", "--slot", "D001@2026-11-26T09", json: true)
            #expect(run.status == 1, "\(run)")
            #expect(run.stdout.isEmpty)
            let error = try run.errorJSON()
            #expect(error["code"] as? String == "slot_full")
            #expect((error["message"] as? String)?.contains("D001@2026-11-26T09") == true)
            // Without --json the refusal is a sentence on stderr.
            let plain = try t.slotdesk("book", "--patient", "\(patients[4].id)", "--slot", "D001@2026-11-26T09")
            #expect(plain.status == 1)
            #expect(plain.stderr.contains("Slot full"))
        }
    }

    @Test("a mistaken option is answered in the operator's language, and nothing runs", arguments: [
        (["slots", "list", "--now", "tomorrow"], "--now 须形如 2026-11-24T09:30（医院时间），而不是“tomorrow”", "--now must look like"),
        (["slip", "1", "--width", "40"], "--width 只能是 32 或 48", "--width must be 32 or 48"),
        (["patient", "add", "--name", "王五"], "请给出 --id-number，或者 --document-type 加 --document-number（二者选一）", "give either --id-number"),
        (["patient", "priority", "1"], "请给出 --group 加 --reason，或者 --clear（二者选一）", "give either --group"),
    ])
    func optionMistakesInChinese(arguments: [String], chinese: String, english: String) throws {
        try withShell { t throws in
            let zh = try t.run(arguments + ["--db", t.db, "--lang", "zh"])
            #expect(zh.status == 2 && zh.stderr.contains(chinese), "\(zh)")
            let en = try t.run(arguments + ["--db", t.db, "--lang", "en"])
            #expect(en.status == 2 && en.stderr.contains(english), "\(en)")
            #expect(!FileManager.default.fileExists(atPath: t.db), "no database was created")
        }
    }

    @Test("--lang zh, or a Chinese LANG, gives the refusal in Chinese")
    func chinese() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t)
            let args = ["book", "--patient", "\(patients[0].id)", "--slot", "D001@2026-11-26T08", "--db", t.db, "--now", "2026-11-26T08:31"]
            let zh = try t.run(args + ["--lang", "zh"])
            #expect(zh.status == 1, "\(zh)")
            #expect(zh.stderr.contains("当日挂号已于 2026-11-26 08:30 截止"))
            // After the training database's mark, the refusal.
            #expect(zh.stderr.hasPrefix("【培训】") && zh.stderr.split(separator: "\n").last?.hasPrefix("错误") == true)
            var chineseShell = t.environment
            chineseShell["LANG"] = "zh_CN.UTF-8"
            let fromLocale = try t.run(args, environment: chineseShell)
            #expect(fromLocale.status == 1)
            #expect(fromLocale.stderr.contains("截止"))
            let en = try t.run(args + ["--lang", "en"], environment: chineseShell)
            #expect(en.stderr.contains("Same-day registration for D001@2026-11-26T08 closed at 2026-11-26 08:30"))
        }
    }

    @Test("bad input exits 2", arguments: [
        ["book", "--patient", "1", "--slot", "D001@2026-11-26T09", "--now", "garbage"],
        ["book", "--patient", "1", "--slot", "D001@2026-11-26T09", "--colour", "red"],
        ["book", "--patient", "1", "--slot", "D001@2026-13-26T09"],
        ["book", "--patient", "99999", "--slot", "D001@2026-11-26T09"],
        ["book", "--patient", "1", "--slot", "D999@2026-11-26T09"],
        ["book", "--patient", "1"],
        ["slots", "list", "--date", "2026-02-30"],
        ["appointments", "--patient", "11010519491231002X"],
        ["patient", "add", "--name", "张三", "--id-number", "110105194912310021"],
        ["patient", "add", "--name", "张3", "--id-number", "11010519491231002X"],
        ["cancel", "424242"],
        ["frobnicate"],
    ])
    func badInput(arguments: [String]) throws {
        try withShell { t throws in
            try prepareHospital(t, patients: 1)
            let now = arguments.contains("--now") ? [] : ["--now", Shell.now]
            let run = try t.run(arguments + ["--db", t.db] + now)
            #expect(run.status == 2, "\(run)")
            #expect(!run.stderr.isEmpty)
            #expect(run.stdout.isEmpty)
        }
    }

    @Test("a database path that cannot be used is a storage failure: exit 3")
    func storageFailure() throws {
        try withShell { t throws in
            let plainFile = t.folder.appendingPathComponent("not-a-folder")
            try Data("x".utf8).write(to: plainFile)
            let underFile = try t.run(["init", "--training", "--db", plainFile.appendingPathComponent("slotdesk.db").path, "--now", Shell.now])
            #expect(underFile.status == 3, "\(underFile)")
            #expect(underFile.stderr.contains("Database error"))
            let folder = try t.run(["init", "--training", "--db", t.folder.path, "--now", Shell.now, "--json"])
            #expect(folder.status == 3, "\(folder)")
            #expect(try folder.errorJSON()["code"] as? String == "storage")
            var environment = t.environment
            environment["SLOTDESK_DB"] = plainFile.appendingPathComponent("x.db").path
            let fromEnvironment = try t.run(["slots", "list", "--now", Shell.now], environment: environment)
            #expect(fromEnvironment.status == 3, "\(fromEnvironment)")
            // In Chinese, the system's reason is Chinese too; SQLite's own words stay, quoted, for IT.
            let chinese = try t.run(["init", "--training", "--db", plainFile.appendingPathComponent("slotdesk.db").path, "--now", Shell.now, "--lang", "zh"])
            #expect(chinese.status == 3, "\(chinese)")
            #expect(chinese.stderr.contains("错误：数据库错误：无法建立 \(plainFile.path)/slotdesk.db：路径中有一段不是文件夹"), "\(chinese.stderr)")
            let notes = t.folder.appendingPathComponent("notes.db")
            try Data(String(repeating: "these are not pages of a database\n", count: 200).utf8).write(to: notes)
            chmod(notes.path, 0o600)
            let notADatabase = try t.run(["slots", "list", "--db", notes.path, "--lang", "zh"])
            #expect(notADatabase.status == 3, "\(notADatabase)")
            #expect(notADatabase.stderr.contains("错误：数据库错误：该文件不是数据库，或已损坏（SQLite：“file is not a database”）"), "\(notADatabase.stderr)")
        }
    }

    @Test("without --db the database is $SLOTDESK_DB, else $XDG_DATA_HOME/slotdesk, else ~/.local/share/slotdesk, created 0600")
    func defaultDatabase() throws {
        try withShell { t throws in
            var xdg = t.environment
            xdg["XDG_DATA_HOME"] = t.folder.appendingPathComponent("xdg").path
            let inXDG = try t.run(["init", "--training", "--now", Shell.now], environment: xdg)
            #expect(inXDG.status == 0, "\(inXDG)")
            let xdgPath = t.folder.appendingPathComponent("xdg/slotdesk/slotdesk.db").path
            #expect(FileManager.default.fileExists(atPath: xdgPath))
            #expect(try permissions(xdgPath) == 0o600)
            #expect(try permissions(t.folder.appendingPathComponent("xdg/slotdesk").path) == 0o700)

            var explicit = xdg
            let envPath = t.folder.appendingPathComponent("chosen/by-env.db").path
            explicit["SLOTDESK_DB"] = envPath
            let inEnv = try t.run(["init", "--training", "--now", Shell.now, "--json"], environment: explicit)
            #expect(inEnv.status == 0, "\(inEnv)")
            #expect((try inEnv.json() as? [String: Any])?["database"] as? String == envPath)
            #expect(try permissions(envPath) == 0o600)

            let inHome = try t.run(["init", "--training", "--now", Shell.now])
            #expect(inHome.status == 0, "\(inHome)")
            let homePath = t.home.appendingPathComponent(".local/share/slotdesk/slotdesk.db").path
            #expect(FileManager.default.fileExists(atPath: homePath))
            #expect(try permissions(homePath) == 0o600)
        }
    }

    @Test("slotdesk with no command, run from any folder on an empty database, sets up the demo hospital and shows today")
    func firstRun() throws {
        try withShell { t throws in
            let elsewhere = t.folder.appendingPathComponent("some/other/folder", isDirectory: true)
            try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
            var environment = t.environment
            environment["SLOTDESK_DB"] = t.db
            let first = try t.run(["--now", Shell.now], environment: environment, directory: elsewhere)
            #expect(first.status == 0, "\(first)")
            #expect(first.stderr.contains("First run"))
            #expect(first.stdout.contains("Demonstration People's Hospital"))
            #expect(first.stdout.contains("Cardiology"))
            let store = try t.store()
            #expect(try store.departments().count == 11)
            #expect(try store.patient(.id(1)).documentType == .resident)  // demo patients were registered
            #expect(try !store.slots(SlotFilter(from: day("2026-11-25"), to: day("2026-12-08"))).isEmpty)
            #expect(try store.appointments(AppointmentFilter(date: day("2026-11-26"))).count > 0)
            #expect(try permissions(t.db) == 0o600)

            let second = try t.run(["--now", Shell.now, "--db", t.db], directory: elsewhere)
            #expect(second.status == 0, "\(second)")
            #expect(!second.stderr.contains("First run"))
        }
    }

    @Test("init --demo loads the demo hospital once; a second init keeps the patients")
    func initDemo() throws {
        try withShell { t throws in
            let first = try t.slotdesk("init", "--demo", json: true)
            #expect(first.status == 0, "\(first)")
            let report = try #require(try first.json() as? [String: String])
            #expect(Int(report["patients"] ?? "") ?? 0 > 100)
            #expect(Int(report["appointments"] ?? "") ?? 0 > 100)
            let second = try t.slotdesk("init", "--demo")
            #expect(second.status == 0, "\(second)")
            #expect(second.stdout.contains("already had patients"))
        }
    }

    @Test("a patient's day through the command line: register, book, cancel, book again, check in, and the refusals in between")
    func patientsDay() throws {
        try withShell { t throws in
            try prepareHospital(t, patients: 0)
            let add = try t.slotdesk("patient", "add", "--name", "张三", "--id-number", "11010519491231002x", "--phone", "13800000000", json: true)
            #expect(add.status == 0, "\(add)")
            let patient = try #require(try add.json() as? [String: Any])
            #expect(patient["document_number"] as? String == "110105********002X")  // masked (rule 14)
            #expect(patient["phone"] as? String == "138****0000")
            // Beside the masked number, the birth date is an age (rule 14).
            #expect(patient["birth_date"] == nil && patient["age"] as? Int == 76)
            #expect(patient["sex"] as? String == "F")
            let again = try t.slotdesk("patient", "add", "--name", "张三", "--id-number", "11010519491231002X", json: true)
            #expect(again.status == 1, "\(again)")
            #expect(try again.errorJSON()["code"] as? String == "duplicate_patient")

            let found = try t.slotdesk("patient", "find", "zs", json: true)
            #expect((try found.json() as? [[String: Any]])?.first?["name"] as? String == "张三")

            let book = try t.slotdesk("book", "--patient", "11010519491231002X", "--slot", "D001@2026-11-26T09", json: true)
            #expect(book.status == 0, "\(book)")
            let id = try #require((try book.json() as? [String: Any])?["id"] as? Int)
            #expect((try book.json() as? [String: Any])?["priority"] as? String == "priority")  // 76 years old

            let second = try t.slotdesk("book", "--patient", "11010519491231002X", "--slot", "D003@2026-11-26T08", json: true)
            #expect(second.status == 1)
            #expect(try second.errorJSON()["code"] as? String == "duplicate_booking")

            let early = try t.slotdesk("checkin", "\(id)", json: true)
            #expect(early.status == 1)
            #expect(try early.errorJSON()["code"] as? String == "checkin_too_early")

            let cancel = try t.slotdesk("cancel", "\(id)", json: true)
            #expect(cancel.status == 0, "\(cancel)")
            #expect((try cancel.json() as? [String: Any])?["status"] as? String == "cancelled")
            let twice = try t.slotdesk("cancel", "\(id)", json: true)
            #expect(twice.status == 1)
            #expect(try twice.errorJSON()["code"] as? String == "wrong_status")

            let rebook = try t.slotdesk("book", "--patient", "11010519491231002X", "--slot", "D003@2026-11-26T08", json: true)
            #expect(rebook.status == 0, "\(rebook)")
            let rebooked = try #require((try rebook.json() as? [String: Any])?["id"] as? Int)
            let arrive = try t.slotdesk("checkin", "\(rebooked)", json: true, now: "2026-11-26T08:20")
            #expect(arrive.status == 0, "\(arrive)")
            #expect((try arrive.json() as? [String: Any])?["status"] as? String == "checked_in")
            let sweep = try t.slotdesk("noshow", json: true, now: "2026-11-26T12:00")
            #expect(sweep.status == 0)
            #expect((try sweep.json() as? [String: Int])?["marked"] == 0)
        }
    }

    @Test("setup export and apply through the command line: the round trip changes nothing; a bad file exits 2 with its lines")
    func setupFiles() throws {
        try withShell { t throws in
            try prepareHospital(t, patients: 0)
            let export = try t.slotdesk("setup", "export")
            #expect(export.status == 0, "\(export)")
            #expect(export.stdout.contains("[[department]]"))
            let file = t.folder.appendingPathComponent("hospital.toml")
            try Data(export.stdout.utf8).write(to: file)
            let apply = try t.slotdesk("setup", "apply", file.path, json: true)
            #expect(apply.status == 0, "\(apply)")
            let report = try #require(try apply.json() as? [String: [String: Int]])
            #expect(report["created"]?.values.allSatisfy { $0 == 0 } ?? true)
            #expect(report["updated"]?.values.allSatisfy { $0 == 0 } ?? true)
            #expect(report["unchanged"]?["department"] == 11)

            let bad = t.folder.appendingPathComponent("bad.toml")
            try Data("[hospital]\nname = \"x\"\n\n[[session]]\nresource = \"D001\"\nweekdays = [2]\nhours = \"12-08\"\ncapacity = 4\n".utf8).write(to: bad)
            let refused = try t.slotdesk("setup", "apply", bad.path)
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("line 4"))
            // The administrator reads every problem in their language, the field as the file writes it.
            let chinese = try t.slotdesk("setup", "apply", bad.path, extra: ["--lang", "zh"])
            #expect(chinese.status == 2, "\(chinese)")
            #expect(chinese.stderr.contains("配置文件有 1 处错误，未做任何改动：\n  第 4 行，session[1].hours：格式须如 \"08-12\"：开始钟点 00–23 早于结束钟点 01–24"),
                    "\(chinese.stderr)")
            let english = try t.slotdesk("setup", "apply", bad.path, extra: ["--lang", "en"])
            #expect(english.stderr.contains("line 4: session[1].hours: must be like \"08-12\": a first hour 00–23 before an end hour 01–24"), "\(english.stderr)")
            let broken = t.folder.appendingPathComponent("broken.toml")
            try Data("[hospital]\nname = \"x\"\n\n[[department]]\ncode = \"CARD\"\nname = 心内科\n".utf8).write(to: broken)
            let syntax = try t.slotdesk("setup", "apply", broken.path, extra: ["--lang", "zh"])
            #expect(syntax.status == 2, "\(syntax)")
            // The TOML parser's own words stay, quoted, for IT; the sentence around them is Chinese.
            #expect(syntax.stderr.contains("第 6 行，syntax：TOML 语法错误（解析器提示：“"), "\(syntax.stderr)")
            #expect(try t.store().hospitalName()?.name == "示范人民医院")
        }
    }

    @Test("patient import: good rows go in, bad rows are listed by line and the exit code is 1; a file that cannot be read is 2")
    func importCSV() throws {
        try withShell { t throws in
            try prepareHospital(t, patients: 0)
            let csv = t.folder.appendingPathComponent("patients.csv")
            let text = "name,id_number,phone,card\n张三,\(identityNumber(sequence: 1)),13800000001,\n李四,110105194912310021,,\n王五,\(identityNumber(sequence: 3)),,\n"
            try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: csv)
            let run = try t.slotdesk("patient", "import", csv.path, json: true)
            #expect(run.status == 1, "\(run)")
            let report = try #require(try run.json() as? [String: Any])
            #expect(report["imported"] as? Int == 2)
            let refused = try #require(report["refused"] as? [[String: Any]])
            #expect(refused.map { $0["line"] as? Int } == [3])
            let again = try t.slotdesk("patient", "import", csv.path, extra: ["--lang", "en"])
            #expect(again.status == 1, "\(again)")
            #expect(again.stdout.contains("Imported 0 patients; 2 already imported; 1 rows refused"), "\(again)")
            #expect(again.stdout.contains("line 3:"), "\(again)")
            let missing = try t.slotdesk("patient", "import", t.folder.appendingPathComponent("none.csv").path)
            #expect(missing.status == 2, "\(missing)")
            // In Chinese: the refused rows, a row of the wrong shape and a file that is not UTF-8.
            let shapes = t.folder.appendingPathComponent("shapes.csv")
            try Data("李四,110105194912310021,,\n赵六,\(identityNumber(sequence: 4)),13800000004,8800000004,extra\n".utf8).write(to: shapes)
            let chinese = try t.slotdesk("patient", "import", shapes.path, extra: ["--lang", "zh"])
            #expect(chinese.status == 1, "\(chinese)")
            #expect(chinese.stdout.contains("已导入 0 名患者，0 名此前已导入，2 行未导入"), "\(chinese)")
            #expect(chinese.stdout.contains("  第 1 行：身份证号 110105194912310021 无效："), "\(chinese)")
            #expect(chinese.stdout.contains("  第 2 行：应为 2–4 列（name,id_number,phone,card），实为 5 列"), "\(chinese)")
            let gbk = t.folder.appendingPathComponent("gbk.csv")
            try (Data([0xD5, 0xC5, 0xC8, 0xFD, 0x2C]) + Data("\(identityNumber(sequence: 5))\n".utf8)).write(to: gbk)
            let unreadable = try t.slotdesk("patient", "import", gbk.path, extra: ["--lang", "zh"])
            #expect(unreadable.status == 2, "\(unreadable)")
            #expect(unreadable.stderr.contains("错误：导入文件无法读取：不是 UTF-8 编码；请另存为 UTF-8 CSV"), "\(unreadable)")
        }
    }
}
