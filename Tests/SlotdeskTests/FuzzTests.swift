import BookingCore
import BookingStore
import Foundation
import GRDB
import PropertyBased
import Testing

/// `SLOTDESK_FUZZ_SCALE=10 swift test --filter Fuzz` runs ten times as many generated inputs.
let fuzzScale = max(1, Int(ProcessInfo.processInfo.environment["SLOTDESK_FUZZ_SCALE"] ?? "") ?? 1)

/// Pieces of hostile input, glued together by the generators below: SQL, quotes, control
/// characters and escape sequences, emoji, right-to-left text, combining marks, huge numbers,
/// almost-valid identity numbers and slot names, TOML and CSV syntax.
enum Hostile {
    static let fragments: [String] = [
        "", " ", "'", "\"", "''", "\\\"", "`", "'; DROP TABLE patient; --", "\" OR 1=1 --", "Robert'); DELETE FROM appointment;--",
        "%", "_", "*", "?", "[", "]", "{", "}", "=", ",", ";", ":", "@", "T", "#", "\\", "/", "..", "$(reboot)", "|",
        "\u{0}", "\u{7}", "\u{8}", "\t", "\n", "\r", "\r\n", "\u{1b}[2J", "\u{1b}[31m", "\u{1b}]0;owned\u{7}", "\u{7f}", "\u{85}", "\u{9b}",
        "😀", "👨‍👩‍👧‍👦", "🏥", "\u{FE0F}", "\u{200D}", "\u{202E}", "\u{200F}", "\u{2066}", "עברית", "العربية", "\u{FEFF}", "\u{FFFD}",
        "e\u{301}\u{301}\u{301}", "张三", "心内科", "阿卜杜·热合曼", "ǅ", "Ⅻ", "１２３", "٣", "𝟘",
        "0", "-1", "1", "42", "99999999999999999999", "9223372036854775808", "1e9", "NaN", "0x10",
        "11010519491231002X", "110105194912310021", "11010519491231002x", "110105200002300011", "13800000000", "010-12345678",
        "D001@2026-11-26T09", "D001@2026-02-30T09", "D001@2026-11-26T24", "@", "D001@", "2026-11-26", "2026-11-26T09:30", "9999-99-99",
        "CARD", "C01", "desk", "admin", "green", "resident", "passport",
        "[hospital]", "[[department]]", "[[resource]]", "[[session]]", "code = ", "name = ", "capacity = ", "hours = \"08-12\"", "weekdays = [1, 3]",
        "\"\"\"", "bind desk F5 book", "bind global", "bind desk C-", "Enter", "F13", "C-@",
    ]

    /// A string of 0–6 fragments, sometimes with a long run or a random scalar.
    static let text = Gen.element(of: fragments).array(of: 0...6).map { parts in parts.compactMap { $0 }.joined() }

    /// Text safe as a command-line argument (no NUL) and short enough for argv.
    static let argument = Gen.element(of: fragments).array(of: 0...4).map { parts in
        parts.compactMap { $0 }.joined().replacingOccurrences(of: "\u{0}", with: "")
    }

    /// Scalars from anywhere in Unicode's planes (not surrogates), 0–40 of them.
    static let scalars = Gen.int(in: 0...0x10FFFF).array(of: 0...40).map { values in
        String(String.UnicodeScalarView(values.compactMap { Unicode.Scalar(UInt32($0)) }))
    }
}

@Suite("Hostile input to the parsers and the rules: no crash, a clear refusal, nothing stored that breaks a rule (issue, part 7)")
struct ParserFuzzTests {
    @Test("patient registration input: a valid result always satisfies rule 4; a refusal is invalid input")
    func patientRules() async {
        let today = day("2026-11-25")
        await propertyCheck(count: 3000 * fuzzScale, input: Hostile.text, Hostile.text, Hostile.text, Hostile.scalars) { name, number, phone, card in
            for type in [DocumentType.resident, .passport] {
                switch PatientRules.validate(PatientInput(name: name, documentType: type, documentNumber: number, phone: phone, cardNumber: card), today: today) {
                case let .success(p):
                    #expect(!p.name.isEmpty && p.name.unicodeScalars.count <= PatientRules.maxNameLength)
                    #expect(!p.name.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format })
                    #expect((4...32).contains(p.documentNumber.count) && p.documentNumber.allSatisfy { $0.isASCII })
                    #expect(p.phone.map { $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") } } ?? true)
                case let .failure(error):
                    #expect(error.kind == .input, "\(error)")
                }
            }
        }
        await propertyCheck(count: 1000 * fuzzScale, input: Hostile.scalars, Hostile.scalars) { name, number in
            if case let .success(p) = PatientRules.validate(PatientInput(name: name, documentType: .other, documentNumber: number), today: today) {
                #expect(!p.name.unicodeScalars.contains { $0.properties.generalCategory == .control })
            }
        }
    }

    @Test("slot and patient references: a parsed one always names something plausible")
    func references() async {
        await propertyCheck(count: 3000 * fuzzScale, input: Hostile.text) { text in
            switch SlotReference(text) {
            case let .id(id)?: #expect(id > 0)
            case let .at(resource, _, hour)?: #expect(!resource.isEmpty && (0...23).contains(hour))
            case nil: break
            }
            switch PatientReference(text) {
            case let .id(id)?: #expect(id > 0)
            case let .document(number)?: #expect(!number.isEmpty && number.count <= 32)
            case nil: break
            }
            _ = LocalDate(text)
            _ = LocalDateTime(text)
        }
    }

    @Test("operator names, display names and passwords: accepted ones are plain")
    func operatorInput() async {
        await propertyCheck(count: 2000 * fuzzScale, input: Hostile.text, Hostile.scalars) { text, scalars in
            for candidate in [text, scalars, text.lowercased()] {
                if OperatorRules.checkUsername(candidate) == nil {
                    #expect(candidate.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && $0 != ":" })
                }
                if OperatorRules.checkDisplayName(candidate) == nil {
                    #expect(!candidate.trimmingWhitespace().unicodeScalars.contains { $0.properties.generalCategory == .control })
                }
                if OperatorRules.checkPassword(candidate, username: "desk1") == nil {
                    #expect((8...128).contains(candidate.count) && !candidate.contains("\u{0}"))
                }
            }
        }
    }

    @Test("setup files: the demo's file mutated thousands of ways, and pure noise; every refusal names its problems, nothing crashes")
    func setupFiles() async throws {
        let demo = try DemoHospital.setupText()
        let lines = demo.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let mutated = Gen.int(in: 0...(lines.count - 1)).array(of: 1...4).map { $0 }
        await propertyCheck(count: 600 * fuzzScale, input: mutated, Hostile.text, Gen.int(in: 0...3)) { positions, fragment, how in
            var copy = lines
            for raw in positions {
                let position = min(raw, copy.count - 1)
                switch how {
                case 0: copy.insert(fragment, at: position)
                case 1: copy[position] += fragment
                case 2: copy[position] = fragment
                default: copy.removeSubrange(position..<min(copy.count, position + 40))
                }
                if copy.isEmpty { copy = [""] }
            }
            let text = copy.joined(separator: "\n")
            switch SetupFile.parse(data: Data(text.utf8)) {
            case .success: break
            case let .failure(error):
                guard case let .setupInvalid(problems) = error else {
                    Issue.record("not setupInvalid: \(error)")
                    return
                }
                #expect(!problems.isEmpty)
                // A fragment may hold line breaks of its own (\r\n, \r): count the file's, not `copy`'s.
                let lineCount = text.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count + 1
                for problem in problems { #expect(problem.line.map { (1...(lineCount + 1)).contains($0) } ?? true, "\(problem)") }
            }
        }
        await propertyCheck(count: 500 * fuzzScale, input: Hostile.text.array(of: 0...30)) { parts in
            if case let .failure(error) = SetupFile.parse(data: Data(parts.joined(separator: "\n").utf8)) { #expect(error.code == "setup_invalid") }
        }
        // Table headers of every shape: toml++ asserted (a crash) on `[` followed by no key.
        let headers = Gen.element(of: ["[", "[[", "[ ", "[[ ", "\t[", "\r\n[", "\r\n[[ ", "a = [", "a = [1, ", "a = [[", "a = [{ b = [", "a = { b = ", "x = \"\"\"\n["]).map { $0 ?? "[" }
        await propertyCheck(count: 2000 * fuzzScale, input: headers, Hostile.text, Gen.element(of: ["]", "]]", "", "\n", "]\n[hospital]"])) { open, inside, close in
            let text = "[hospital]\nname = \"测试\"\n" + open + inside + (close ?? "") + "\n"
            if case let .failure(error) = SetupFile.parse(text: text) { #expect(error.code == "setup_invalid") }
        }
        for (text, line) in [("[\n", 1), ("[ @x]\n", 1), ("[[😀]]\n", 1), ("[\r\n", 1), ("[hospital]\n[ \n", 2), ("[hospital]\n\n[[ #]]\n", 3),
                             ("a = [}]\n", 1), ("a = [\n  1,\n  \u{2028}]\n", 3), ("a = [1, \u{85}]\n", 1), ("a = [{ b = [ } ]\n", 1),
                             ("[hospital]\r\n[ @x]\r\n", 2), ("a = 1\r\n[[\u{301}]]\r\n", 2)] {
            guard case let .failure(.setupInvalid(problems)) = SetupFile.parse(text: text) else {
                Issue.record("accepted: \(text.debugDescription)")
                continue
            }
            #expect(problems.first?.line == line, "\(text.debugDescription)")
        }
        // A multi-line array whose lines start with brackets is still read as TOML says.
        #expect(SetupFile.parse(text: "[hospital]\nname = \"测试\"\n[calendar]\nyears = [\n  2026,\n]\nworkdays = [\n  { date = \"2026-10-10\", weekday = 3 },\n]\n").failureCode == nil)
        // Not UTF-8, NUL bytes, a 1 MB line and a file too large are refused before TOML sees them.
        for data in [Data([0xFF, 0xFE, 0x00, 0x41]), Data("[hospital]\nname = \"a\0b\"\n".utf8),
                     Data(("name = \"" + String(repeating: "长", count: 350_000) + "\"\n").utf8), Data(count: SetupFile.maxBytes + 1)] {
            #expect(SetupFile.parse(data: data).failureCode == "setup_invalid")
        }
    }

    @Test("patient CSV files: hostile rows, quotes, encodings and a 1 MB line; a refused file adds nobody, every stored patient is valid")
    func importCSV() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slotdesk-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store.create(path: folder.appendingPathComponent("fuzz.db").path, training: true, now: at("2026-11-25T08:30"))
        let pieces = Hostile.fragments + (1...60).map { identityNumber(sequence: $0) } + ["张三", "李四", "王小明", "13800000000"]
        let field = Gen.element(of: pieces).array(of: 0...3).map { $0.compactMap { $0 }.joined() }
        let row = field.array(of: 0...6)
        await propertyCheck(count: 400 * fuzzScale, input: row.array(of: 0...12), Gen.int(in: 0...2)) { rows, quote in
            let text = rows.map { fields in
                fields.map { value in
                    quote == 0 ? value : quote == 1 ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : "\"" + value
                }.joined(separator: ",")
            }.joined(separator: "\n")
            let before = try patientCount(store)
            switch Result(catching: { () throws(BookingError) in try store.importPatients(csv: Data(text.utf8), by: admin) }) {
            case let .success(report):
                #expect(try patientCount(store) == before + report.imported)
            case let .failure(error):
                #expect(error.kind == .input, "\(error)")
                #expect(try patientCount(store) == before)
            }
        }
        let before = try patientCount(store)
        for data in [Data([0xEF, 0xBB, 0xBF, 0xFF, 0xFE]), Data("张三,\(identityNumber(sequence: 1000))\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                     Data((String(repeating: "x", count: 1_048_576) + "," + identityNumber(sequence: 3) + "\n").utf8)] {
            switch Result(catching: { () throws(BookingError) in try store.importPatients(csv: data, by: admin) }) {
            case let .success(report): #expect(report.imported == 0)
            case let .failure(error): #expect(error.kind == .input)
            }
        }
        #expect(try patientCount(store) == before)
        // Whatever went in is a valid patient: a name with no control characters, a checked identity.
        let queue = try DatabaseQueue(path: store.path)
        let stored = try queue.read { db in try Row.fetchAll(db, sql: "SELECT name, document_number FROM patient") }
        for p in stored {
            let name: String = p["name"], number: String = p["document_number"]
            #expect(PatientRules.validate(PatientInput(name: name, documentType: .resident, documentNumber: number), today: day("2026-11-25")).isSuccess, "\(name)")
        }
    }

    func patientCount(_ store: Store) throws -> Int {
        try DatabaseQueue(path: store.path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM patient") ?? 0 }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }
}

extension Result where Failure == BookingError {
    var failureCode: String? { if case let .failure(error) = self { return error.code } else { return nil } }
}
