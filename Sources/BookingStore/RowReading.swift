import GRDB
import GRDBSQLite

extension Row {
    /// The first row of `statement`, handed to `body` while the statement still stands on it.
    ///
    /// `Row.fetchOne` and `Row.fetchAll` copy rows, and a copied row finds a column by name by
    /// lower-casing every column name at each lookup: on the wide rows of a booking or a week of
    /// slots that was a tenth of the work. A row read in place looks its columns up in a table
    /// made once per query. Use `Array(Row.fetchCursor(…).map(…))` the same way for many rows.
    static func first<T>(_ statement: Statement, arguments: StatementArguments, _ body: (Row) throws -> T) throws -> T? {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        return try withExtendedLifetime(cursor) { try cursor.next().map(body) }
    }
}

/// The arguments of a statement read by `Statement.firstRow`, bound by position (1-based, as in
/// SQL's `?1`): no boxed values, no array of them.
struct Arguments {
    fileprivate let statement: OpaquePointer

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(statement, index, value) }
    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(statement, index, Int64(value)) }
    func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(statement, index, value ? 1 : 0) }
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(statement, index) }
    }
    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(statement, index) }
    }
    func bind(_ index: Int32, _ value: String) {
        // SQLITE_TRANSIENT: SQLite copies the text before this returns.
        _ = value.withCString { text in
            sqlite3_bind_text(statement, index, text, Int32(value.utf8.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }
}

/// The row a statement stands on, its columns read by position (0-based) straight from SQLite.
struct Columns {
    fileprivate let statement: OpaquePointer

    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }
    func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }
    func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(statement, index)) }
    func bool(_ index: Int32) -> Bool { sqlite3_column_int64(statement, index) != 0 }
    func optionalInt64(_ index: Int32) -> Int64? { isNull(index) ? nil : int64(index) }
    func optionalInt(_ index: Int32) -> Int? { isNull(index) ? nil : int(index) }
    func text(_ index: Int32) -> String { optionalText(index) ?? "" }
    func optionalText(_ index: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, index) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index))), as: UTF8.self)
    }
}

extension Statement {
    /// The first row of this statement with `bind`'s arguments, read in place by `body`; nil when
    /// there is none. For the reads inside every booking: GRDB's rows build a table of the
    /// lower-cased column names for each query and its arguments box every value, and on a
    /// booking's three reads that was a sixth of the work (slotdesk-bench under callgrind). The
    /// statement is reset afterwards, whatever happened, so it is left as GRDB expects it.
    func firstRow<T>(_ bind: (Arguments) -> Void, _ body: (Columns) throws -> T) throws -> T? {
        try stepOnce(bind) { row in try row.map(body) }
    }

    /// Runs this statement (an INSERT) once with `bind`'s arguments, as `firstRow` reads: the
    /// booking's two rows are written without boxing their twenty-six values (a twentieth of a
    /// booking). A refusal by the schema is the same `DatabaseError` GRDB gives, with SQLite's
    /// extended code and message, so `SchemaGuard` names it as before.
    func run(_ bind: (Arguments) -> Void) throws {
        try stepOnce(bind) { _ in () }
    }

    private func stepOnce<T>(_ bind: (Arguments) -> Void, _ body: (Columns?) throws -> T) throws -> T {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        bind(Arguments(statement: statement))
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return try body(Columns(statement: statement))
        case SQLITE_DONE: return try body(nil)
        default:
            let message = sqlite3_errmsg(sqlite3_db_handle(statement)).map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}
