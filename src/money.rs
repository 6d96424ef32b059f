//! Amounts in 万元, summed without float drift.

use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// An amount in 万元 (ten thousand yuan). Decimal inside, so totals equal the sum of their parts
/// to the cent; shown with two decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// From a spreadsheet float. Excel stores 63144.52 as the nearest double; rounding to six
    /// decimals recovers what the clerk typed.
    pub fn from_f64(v: f64) -> Option<Money> {
        if !v.is_finite() {
            return None;
        }
        Decimal::from_f64_retain(v).map(|d| Money(d.round_dp(6).normalize()))
    }

    pub fn from_str_exact(s: &str) -> Option<Money> {
        Decimal::from_str(s).ok().map(|d| Money(d.normalize()))
    }

    pub fn to_f64(self) -> f64 {
        self.0.to_f64().unwrap_or(0.0)
    }

    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// To the cent, half a cent away from zero (as Excel shows it).
    pub fn to_cent(self) -> Money {
        Money(
            self.0
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        )
    }

    /// An amount written in 元 as 万元 (÷ 10,000, to the cent).
    pub fn from_yuan(self) -> Money {
        Money(self.0 / Decimal::new(10_000, 0)).to_cent()
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Rounded to the cent (0.01 万元 is the tolerance of every money rule).
    pub fn cents(self) -> Decimal {
        self.0.round_dp(2)
    }

    pub fn differs_from(self, other: Money, tolerance: Decimal) -> bool {
        (self.0 - other.0).abs() > tolerance
    }

    /// Ratio of two amounts as a float, `None` when the divisor is zero.
    pub fn ratio(self, of: Money) -> Option<f64> {
        if of.0.is_zero() {
            None
        } else {
            (self.0 / of.0).to_f64()
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0.round_dp(2))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + *b)
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // JSON carries the exact decimal as a string with two places (`"43167.06"`): a float
        // would lose cents on large sums and print `17.0` for `17.00`.
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_to_the_cent_without_drift() {
        let parts: Vec<Money> = (0..1000).map(|_| Money::from_f64(0.1).unwrap()).collect();
        let total: Money = parts.iter().sum();
        assert_eq!(total.to_string(), "100.00");
        assert_eq!(Money::from_f64(63144.52).unwrap().0.to_string(), "63144.52");
        assert_eq!(Money::from_f64(f64::NAN), None);
    }
}
