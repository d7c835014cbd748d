import Foundation

/// The default keymap file that ships with SlotDesk, embedded in the program at build time
/// (Package.swift, `.embedInCode`): an installed binary needs no resource bundle beside it.
public enum DefaultKeymaps {
    /// The text of `keymaps/default.keymap`.
    public static var defaultKeymap: String { String(decoding: PackageResources.default_keymap, as: UTF8.self) }
}
