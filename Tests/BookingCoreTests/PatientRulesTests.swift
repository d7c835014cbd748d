import BookingCore
import Testing

@Suite("Registering patients at the desk (rule 4)")
struct PatientRulesTests {
    static let today = day("2026-11-25")

    static func resident(_ name: String, phone: String? = nil, card: String? = nil) -> PatientInput {
        PatientInput(name: name, documentType: .resident, documentNumber: "11010519491231002X", phone: phone, cardNumber: card)
    }

    static func nameRefusal(_ name: String) -> Bool {
        if case .failure(.invalidInput(field: "name", _)) = PatientRules.validate(resident(name), today: today) { return true }
        return false
    }

    @Test("names with control characters, digits, or more than 40 characters are refused", arguments: [
        "张\u{7}三", "张三\n李四", "张\t三", "张\u{0}三", "张3", "John Smith 2", "王５", String(repeating: "张", count: 41), "", "   ", "张三@", "<script>",
    ])
    func badNames(name: String) {
        #expect(Self.nameRefusal(name))
    }

    @Test("names as written on documents are accepted", arguments: [
        "张三", "阿卜杜·热合曼", "欧阳娜娜", "John Smith", "Mary-Jane O'Neil", "Zoë", String(repeating: "张", count: 40),
    ])
    func goodNames(name: String) throws {
        let valid = try PatientRules.validate(Self.resident(name), today: Self.today).get()
        #expect(valid.name == name)
    }

    @Test("spaces around a name are trimmed")
    func trimmed() throws {
        #expect(try PatientRules.validate(Self.resident("\u{3000} 张三 "), today: Self.today).get().name == "张三")
    }

    @Test("a resident card gives birth date, sex and the upper-case number; the input's own birth date is ignored")
    func residentDerives() throws {
        var input = Self.resident("张三")
        input.documentNumber = "11010519491231002x"
        input.birthDate = day("1990-01-01")
        input.sex = .male
        let valid = try PatientRules.validate(input, today: Self.today).get()
        #expect(valid.documentNumber == "11010519491231002X")
        #expect(valid.birthDate == day("1949-12-31"))
        #expect(valid.sex == .female)
        #expect(valid.pinyin == PinyinKey(name: "张三"))
    }

    @Test("a bad resident number is refused as an invalid identity number")
    func badResident() {
        var input = Self.resident("张三")
        input.documentNumber = "110105194912310021"
        #expect(PatientRules.validate(input, today: Self.today) == .failure(.invalidIdentityNumber("110105194912310021", reason: .checkDigit(expected: "X"))))
    }

    @Test("a passport needs 4–32 letters or digits and no future birth date")
    func passports() throws {
        let ok = PatientInput(name: "John Smith", documentType: .passport, documentNumber: "e12345678", birthDate: day("1980-02-03"), sex: .male)
        let valid = try PatientRules.validate(ok, today: Self.today).get()
        #expect(valid.documentNumber == "E12345678")
        #expect(valid.birthDate == day("1980-02-03"))
        var short = ok
        short.documentNumber = "E1"
        #expect(PatientRules.validate(short, today: Self.today) == .failure(.invalidInput(field: "document-number", problem: .documentNumberShape)))
        var future = ok
        future.birthDate = day("2026-11-26")
        #expect(PatientRules.validate(future, today: Self.today) == .failure(.invalidInput(field: "birth-date", problem: .birthInFuture)))
    }

    @Test("mobile and landline numbers are normalised", arguments: [
        ("13800000000", "13800000000"), ("138 0000 0000", "13800000000"), ("138-0000-0000", "13800000000"),
        ("19912345678", "19912345678"), ("010-12345678", "010-12345678"), ("01012345678", "01012345678"),
        ("0755-1234567", "0755-1234567"),
    ])
    func phones(raw: String, stored: String) throws {
        #expect(try PatientRules.validate(Self.resident("张三", phone: raw), today: Self.today).get().phone == stored)
    }

    @Test("numbers that are not phones are refused", arguments: [
        "12800000000", "1380000000", "138000000000", "+8613800000000", "phone", "13８00000000", "010-1234",
    ])
    func badPhones(raw: String) {
        guard case .failure(.invalidInput(field: "phone", _)) = PatientRules.validate(Self.resident("张三", phone: raw), today: Self.today) else {
            Issue.record("\(raw) was accepted as a phone")
            return
        }
    }

    @Test("an empty phone or card is simply absent; a card is stored upper-case")
    func optionalFields() throws {
        let valid = try PatientRules.validate(Self.resident("张三", phone: "  ", card: "ab1234"), today: Self.today).get()
        #expect(valid.phone == nil)
        #expect(valid.cardNumber == "AB1234")
        guard case .failure(.invalidInput(field: "card", _)) = PatientRules.validate(Self.resident("张三", card: "卡1234"), today: Self.today) else {
            Issue.record("a card with Chinese characters was accepted")
            return
        }
    }

    @Test("lists mask identity numbers and phones (rule 14); other documents keep only their last 3 characters")
    func privacy() {
        #expect(Privacy.maskDocument("11010519491231002X", type: .resident) == "110105********002X")
        #expect(Privacy.maskPhone("13800000000") == "138****0000")
        // A passport once showed `E1***5678`: three characters hidden, the rest guessable.
        #expect(Privacy.maskDocument("E12345678", type: .passport) == "******678")
        // An 18-digit permanent-residence card is not a resident number: only its last 3 stay.
        #expect(Privacy.maskDocument("110105194912310021", type: .foreignPermanent) == "***************021")
        #expect(Privacy.maskDocument("AB", type: .other) == "**")
        #expect(Privacy.maskPhone("123") == "***")
    }
}

@Suite("Pinyin keys for finding patients")
struct PinyinKeyTests {
    @Test("张三 is zhangsan, initials zs; 张三丰 is zhangsanfeng, zsf")
    func common() {
        #expect(PinyinKey(name: "张三").full == "zhangsan")
        #expect(PinyinKey(name: "张三").initials == "zs")
        #expect(PinyinKey(name: "张三丰").full == "zhangsanfeng")
        #expect(PinyinKey(name: "张三丰").initials == "zsf")
    }

    @Test("polyphonic surnames are read as surnames: 单 is shan, 曾 is zeng, 区 is ou")
    func surnames() {
        #expect(PinyinKey(name: "单田芳").full == "shantianfang")
        #expect(PinyinKey(name: "单田芳").initials == "stf")
        #expect(PinyinKey(name: "曾国藩").full == "zengguofan")
        #expect(PinyinKey(name: "曾国藩").initials == "zgf")
        #expect(PinyinKey(name: "区志强").full.hasPrefix("ou"))
        #expect(PinyinKey(name: "单于春").full.hasPrefix("chanyu"))
    }

    @Test("Latin names pass through in lower case")
    func latin() {
        #expect(PinyinKey(name: "John Smith").full == "johnsmith")
        #expect(PinyinKey(name: "John Smith").initials == "js")
        #expect(PinyinKey(name: "Zoë Müller").full == "zoemuller")
    }

    @Test("what the desk types is a pinyin query only when it is letters")
    func query() {
        #expect(PinyinKey.query(" ZS ") == "zs")
        #expect(PinyinKey.query("zhangsan") == "zhangsan")
        #expect(PinyinKey.query("张") == nil)
        #expect(PinyinKey.query("zs1") == nil)
        #expect(PinyinKey.query("") == nil)
    }
}
