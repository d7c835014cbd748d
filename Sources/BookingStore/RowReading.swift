import GRDB

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
