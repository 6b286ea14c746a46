//! Reports and questions as plain text for the terminal.

use starling::analysis::{Report, clock};
use starling::content::Question;
use std::fmt::Write;

/// A report as readable text: the timeline, the flags, the one thing to fix.
pub fn report(report: &Report, question: &Question) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", question.title);
    let t = &report.total;
    let budget = t
        .budget_seconds
        .map(|b| format!(" of a {} budget", clock(b)))
        .unwrap_or_default();
    let verdict = report.verdict();
    let _ = writeln!(
        s,
        "Total {}{budget} · {} words · {:.0} wpm · score {}/100: {}\n{}\n",
        clock(t.spoken_seconds),
        t.words,
        t.wpm,
        t.score,
        verdict.label(),
        verdict.meaning()
    );
    let why = report.why();
    if !why.is_empty() {
        let _ = writeln!(s, "Why this score:");
        for line in why {
            let _ = writeln!(s, "  {line}");
        }
        let _ = writeln!(s);
    }

    let _ = writeln!(
        s,
        "{:<11} {:>6} {:>7} {:>5} {:>7} {:>4} {:>4} {:>6}",
        "step", "time", "target", "wpm", "fillers", "I", "we", "score"
    );
    for step in &report.steps {
        let over = if step.overtime_seconds > 0.5 {
            format!("  +{:.0} s over", step.overtime_seconds)
        } else {
            String::new()
        };
        let covered = step.key_points.iter().filter(|k| k.said).count();
        let _ = writeln!(
            s,
            "{:<11} {:>5.0}s {:>6.0}s {:>5.0} {:>7} {:>4} {:>4} {:>6}{over}",
            step.step.title(),
            step.spoken_seconds,
            step.target_seconds,
            step.wpm,
            step.fillers,
            step.i_count,
            step.we_count,
            step.score,
        );
        let said = |hit: bool, idea: &str| format!("{}{idea}", if hit { "+" } else { "-" });
        let elements: Vec<String> = step
            .elements
            .iter()
            .map(|e| said(e.said, &e.idea))
            .collect();
        if !elements.is_empty() {
            let _ = writeln!(s, "            STAR: {}", elements.join(", "));
        }
        for fact in &step.facts {
            let _ = writeln!(
                s,
                "            fact {}: {}",
                if fact.said { "said" } else { "LEFT OUT" },
                fact.fact
            );
        }
        if !step.key_points.is_empty() {
            let missing: Vec<&str> = step
                .key_points
                .iter()
                .filter(|k| !k.said)
                .map(|k| k.idea.as_str())
                .collect();
            let _ = write!(
                s,
                "            key points {covered}/{}",
                step.key_points.len()
            );
            if !missing.is_empty() {
                let _ = write!(s, " (missing: {})", missing.join("; "));
            }
            s.push('\n');
        }
    }

    if let Some(focus) = &report.focus {
        let _ = writeln!(
            s,
            "\nFix this next: {}\n  → {}",
            focus.headline, focus.advice
        );
    }
    if report.flags.is_empty() {
        let _ = writeln!(
            s,
            "\nNo flags: on time, in the first person, with numbers. Well done."
        );
    } else {
        let _ = writeln!(s, "\nFlags ({}):", report.flags.len());
        for flag in &report.flags {
            let place = flag.step.map(|st| st.title()).unwrap_or("Answer");
            let words = if flag.text.is_empty() {
                String::new()
            } else {
                format!(" \"{}\"", flag.text)
            };
            let _ = writeln!(
                s,
                "  {} {:<10} [{}]{words} {}\n        better: {}",
                clock(flag.start),
                place,
                flag.kind,
                flag.message,
                flag.better
            );
        }
    }
    s
}

/// A question as a study card: everything but the quiz answers' reveal
/// happens in the window; here the answers are listed after the questions.
pub fn study_card(q: &Question) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}\n{}",
        q.title,
        "=".repeat(q.title.chars().count().min(80))
    );
    let _ = writeln!(s, "id: {} · {}", q.id, q.category);
    if !q.principles.is_empty() {
        let _ = writeln!(s, "principles: {}", q.principles.join(", "));
    }
    if !q.competencies.is_empty() {
        let _ = writeln!(s, "competencies: {}", q.competencies.join(", "));
    }
    section(&mut s, "Scenario", &q.scenario);
    if !q.takeaways.is_empty() {
        let _ = writeln!(s, "\nKey takeaways");
        for t in &q.takeaways {
            let _ = writeln!(s, "  • {}", t.trim());
        }
    }
    for (step, guide) in q.steps.iter() {
        let cap = guide
            .cap_seconds
            .map(|c| format!(", stop by {c:.0} s"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "\n{} — {:.0} s{cap}",
            step.title().to_uppercase(),
            guide.target_seconds
        );
        field(&mut s, "Cover", &guide.cover);
        field(&mut s, "Model answer", &guide.model_answer);
        if !guide.key_points.is_empty() {
            let ideas: Vec<&str> = guide.key_points.iter().map(|k| k.idea.as_str()).collect();
            field(&mut s, "Key points", &ideas.join("; "));
        }
        field(&mut s, "Tip", &guide.tip);
        field(&mut s, "Common mistake", &guide.mistake);
    }
    if !q.levels.is_empty() {
        let _ = writeln!(s, "\nLevels");
        for level in &q.levels {
            let budget = match level.budget_min_seconds {
                Some(min) => format!("{}–{}", clock(min), clock(level.budget_seconds)),
                None => clock(level.budget_seconds),
            };
            let _ = writeln!(s, "  {} ({}) — {budget}", level.name, level.id);
            field(&mut s, "Step times", &q.step_times(Some(level)).note(level));
            field(&mut s, "Focus", &level.focus);
            field(&mut s, "Reflection", &level.reflection);
            field(&mut s, "Bar", &level.bar);
        }
    }
    if !q.framings.is_empty() {
        let _ = writeln!(s, "\nFraming by principle");
        for f in &q.framings {
            let _ = writeln!(s, "  {}", f.principle);
            for (label, text) in f.lines() {
                field(&mut s, label, text);
            }
        }
    }
    if let Some(weak) = &q.weak_answer {
        let text: Vec<&str> = starling::content::Step::ALL
            .iter()
            .map(|&st| weak.part(st).trim())
            .filter(|t| !t.is_empty())
            .collect();
        section(&mut s, "A weak answer", &text.join(" "));
        for c in &weak.critique {
            let kind = c.kind.map(|k| format!(" [{k}]")).unwrap_or_default();
            let _ = writeln!(s, "  ✗ {}{kind}", c.point.trim());
        }
        field(&mut s, "Verdict", &weak.verdict);
    }
    for (i, f) in q.follow_ups.iter().enumerate() {
        let _ = writeln!(
            s,
            "\nFollow-up {}: {} ({:.0} s)",
            i + 1,
            f.question.trim(),
            f.target_seconds
        );
        field(&mut s, "Probes", &f.probes);
        field(&mut s, "Weak", &f.weak_answer);
        field(&mut s, "Why it fails", &f.weak_why);
        field(&mut s, "Strong", &f.strong_answer);
        field(&mut s, "Takeaway", &f.takeaway);
    }
    if !q.quiz.is_empty() {
        let _ = writeln!(s, "\nQuiz");
        for (i, item) in q.quiz.iter().enumerate() {
            let _ = writeln!(s, "  {}. {}", i + 1, item.question.trim());
            for (k, option) in item.options.iter().enumerate() {
                let letter = (b'a' + k as u8) as char;
                let _ = writeln!(s, "     {letter}) {}", option.trim());
            }
        }
        let _ = writeln!(s, "\nQuiz answers");
        for (i, item) in q.quiz.iter().enumerate() {
            let letter = (b'a' + item.answer as u8) as char;
            let _ = writeln!(s, "  {}. {letter}) {}", i + 1, item.explanation.trim());
        }
    }
    s
}

/// A titled block of prose.
fn section(s: &mut String, title: &str, body: &str) {
    if !body.trim().is_empty() {
        let _ = writeln!(s, "\n{title}\n{}", indent(body, "  "));
    }
}

/// A labelled field, indented under its heading.
fn field(s: &mut String, label: &str, body: &str) {
    if !body.trim().is_empty() {
        let _ = writeln!(s, "    {label}: {}", indent(body, "      ").trim_start());
    }
}

/// Re-flows `body` as lines indented by `prefix`.
fn indent(body: &str, prefix: &str) -> String {
    body.trim()
        .lines()
        .map(|l| format!("{prefix}{}", l.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}
