//! Choosing values: a drop-down filter ("Any", or one of a list) and a
//! checkbox that puts a value in or out of a chosen set.

use egui::Ui;

/// A checkbox labelled `label`, ticked while `value` is in `chosen`;
/// ticking adds it, unticking removes it.
pub fn member(ui: &mut Ui, chosen: &mut Vec<String>, value: &str, label: &str) {
    let mut on = chosen.iter().any(|v| v == value);
    if ui.checkbox(&mut on, label).changed() {
        if on {
            chosen.push(value.to_string());
        } else {
            chosen.retain(|v| v != value);
        }
    }
}

/// A combo box labelled `label` choosing `chosen` among `options`, each a
/// value and what is shown for it; `None` shows as "Any".
pub fn any_or_one(
    ui: &mut Ui,
    label: &str,
    chosen: &mut Option<String>,
    options: &[(String, String)],
) {
    let shown = chosen
        .as_ref()
        .and_then(|c| options.iter().find(|(value, _)| value == c))
        .map_or("Any", |(_, shown)| shown.as_str());
    let name = ui.label(label).id;
    egui::ComboBox::from_id_salt(label)
        .selected_text(shown)
        .truncate()
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, "Any");
            for (value, shown) in options {
                ui.selectable_value(chosen, Some(value.clone()), shown);
            }
        })
        .response
        .labelled_by(name);
}

/// The distinct values, sorted, each shown as itself.
pub fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut values: Vec<&str> = values.collect();
    values.sort_unstable();
    values.dedup();
    values
        .into_iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect()
}
