import Foundation

/// The default keymap files that ship with SlotDesk.
public enum DefaultKeymaps {
    /// The URL of `default.keymap` inside the resource bundle.
    public static var defaultKeymapURL: URL? {
        Bundle.module.url(forResource: "default", withExtension: "keymap", subdirectory: "keymaps")
    }
}
