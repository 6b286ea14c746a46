//! The window's keyboard shortcuts. Every screen reads its keys through
//! [`shortcut`]: nothing fires while a text field has the keyboard (typing
//! a "b" in a path never leaves the screen), and a key reported is consumed,
//! so one press acts once even when two screens share a frame.

use egui::{Key, Modifiers, Ui};

/// True, once, when `key` was pressed without modifiers and no text field
/// wants the keyboard; the press is consumed.
pub fn shortcut(ui: &Ui, key: Key) -> bool {
    !ui.ctx().egui_wants_keyboard_input() && ui.input_mut(|i| i.consume_key(Modifiers::NONE, key))
}
