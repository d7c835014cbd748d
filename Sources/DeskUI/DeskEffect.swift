import BookingCore
import BookingStore

/// What reaches a screen: a bound action, typed text, an erase, news from outside, or the
/// store's answer to something the screen asked for.
public enum DeskInput: Equatable, Sendable {
    case action(DeskAction)
    case text(String)
    case erase
    /// The hospital clock reads this minute now; screens take their time from here only.
    case tick(LocalDateTime)
    /// Another terminal committed a change.
    case externalChange
    /// What the store read for the screen (`DeskEffect.read`).
    case loaded(StoreAnswer)
    /// A store command was carried out (`DeskEffect.run`), and what it did.
    case finished(CommandOutcome)
    /// A store command would be carried out (`DeskEffect.preview`, rolled back), and what it would do.
    case previewed(StoreCommand, CommandOutcome)
    /// The store refused the effect (a rule, a permission, storage) and changed nothing.
    case failed(DeskEffect, BookingError)
}

/// What a screen's `handle` asks the app to do, as Bubble Tea's update returns a command: the
/// screen decides, the app runs the effect against the store as the signed-in operator and
/// hands the answer back to the screen as an input (`StoreEffects`). A screen never holds the
/// store, so its logic runs in a test without a database.
public enum DeskEffect: Equatable, Sendable {
    /// Read what the screen shows; answered with `.loaded`.
    case read(StoreRead)
    /// Carry out a store command (one write transaction); answered with `.finished`.
    case run(StoreCommand)
    /// Ask the store whether the command would be carried out, rolled back; answered with `.previewed`.
    case preview(StoreCommand)
}
