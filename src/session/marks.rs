//! Step marks for the analysis from a guided attempt's parts. (A mock
//! interview's are inferred from its words: see
//! [`crate::analysis::infer_marks`].)

use crate::content::Step;

/// Extra length given to steps an attempt never reached, so the report still
/// has all five (each shows as not spoken).
const SLIVER: f64 = 0.01;

/// A guided attempt's marks (one per spoken part, then the end) as the five
/// step starts plus the end. Steps never reached get a sliver of time after
/// the end. Empty when nothing was spoken.
pub fn analysis_marks(marks: &[f64]) -> Vec<f64> {
    let steps = Step::ALL.len();
    let Some((&end, starts)) = marks.split_last() else {
        return Vec::new();
    };
    if starts.is_empty() {
        return Vec::new();
    }
    let mut whole: Vec<f64> = starts.iter().copied().take(steps).collect();
    whole.push(end);
    let mut last = end;
    while whole.len() < steps + 1 {
        last += SLIVER;
        whole.push(last);
    }
    whole
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guided_marks_are_made_whole() {
        let five = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0];
        assert_eq!(analysis_marks(&five), five);
        let early = analysis_marks(&[0.0, 12.0, 20.0]);
        assert_eq!(early.len(), 6);
        assert_eq!(&early[..3], &[0.0, 12.0, 20.0]);
        assert!(early.windows(2).all(|w| w[0] < w[1]), "{early:?}");
        assert!(analysis_marks(&[3.0]).is_empty());
    }
}
