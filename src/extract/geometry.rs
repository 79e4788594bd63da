//! Page geometry the fixed-layout readers share (PDF and OFD): one affine transform, and one
//! rule for which text is level enough to be body text.

/// Text whose baseline turns more than this from the horizontal (tan 5°) is a
/// seal, a diagonal watermark or a margin note: it is dropped rather than mixed into the lines.
pub(super) const MAX_TILT: f64 = 0.0875;

/// An affine transform as PDF and OFD both write it, [a b c d e f]: (x, y) → (a·x + c·y + e,
/// b·x + d·y + f).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Matrix {
    pub(super) a: f64,
    pub(super) b: f64,
    pub(super) c: f64,
    pub(super) d: f64,
    pub(super) e: f64,
    pub(super) f: f64,
}

impl Matrix {
    pub(super) const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    pub(super) fn translate(x: f64, y: f64) -> Matrix {
        Matrix {
            e: x,
            f: y,
            ..Matrix::IDENTITY
        }
    }

    pub(super) fn scale(s: f64) -> Matrix {
        Matrix {
            a: s,
            d: s,
            ..Matrix::IDENTITY
        }
    }

    /// The transform that applies `self`, then `outer` (PDF's product self × outer).
    pub(super) fn then(self, outer: Matrix) -> Matrix {
        Matrix {
            a: self.a * outer.a + self.b * outer.c,
            b: self.a * outer.b + self.b * outer.d,
            c: self.c * outer.a + self.d * outer.c,
            d: self.c * outer.b + self.d * outer.d,
            e: self.e * outer.a + self.f * outer.c + outer.e,
            f: self.e * outer.b + self.f * outer.d + outer.f,
        }
    }

    pub(super) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.a * x + self.c * y + self.e,
            self.b * x + self.d * y + self.f,
        )
    }

    /// Whether the baseline runs left to right within [`MAX_TILT`] of the horizontal. Which
    /// way is up (the sign of `d`) depends on the reader's space, so each reader checks that.
    pub(super) fn is_level(&self) -> bool {
        self.a > 0.0 && self.b.abs() <= self.a * MAX_TILT
    }
}

impl From<[f64; 6]> for Matrix {
    fn from([a, b, c, d, e, f]: [f64; 6]) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_compose_in_the_order_they_apply() {
        let m = Matrix::scale(2.0).then(Matrix::translate(10.0, 5.0));
        assert_eq!(m.apply(1.0, 1.0), (12.0, 7.0));
        let n = Matrix::translate(10.0, 5.0).then(Matrix::scale(2.0));
        assert_eq!(n.apply(1.0, 1.0), (22.0, 12.0));
        assert_eq!(
            Matrix::from([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
            Matrix::IDENTITY
        );
    }

    #[test]
    fn level_text_is_within_the_tilt_and_left_to_right() {
        let turned = |degrees: f64| {
            let (s, c) = degrees.to_radians().sin_cos();
            Matrix::from([c, s, -s, c, 0.0, 0.0])
        };
        assert!(turned(0.0).is_level() && turned(2.0).is_level() && turned(-2.0).is_level());
        assert!(!turned(10.0).is_level() && !turned(45.0).is_level() && !turned(180.0).is_level());
    }
}
