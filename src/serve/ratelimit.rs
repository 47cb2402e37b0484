//! A sliding-window limit on submissions per client address.
//!
//! The time is passed in rather than read from the clock, so the window logic is tested exactly.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// How far back submissions are counted.
pub const WINDOW: Duration = Duration::from_secs(60);

/// Remembers when each address submitted within the last [`WINDOW`].
#[derive(Debug)]
pub struct RateLimiter {
    /// Submissions allowed per window and address; 0 turns the limit off.
    limit: usize,
    hits: HashMap<IpAddr, VecDeque<Instant>>,
    last_sweep: Option<Instant>,
}

impl RateLimiter {
    pub fn new(limit: u32) -> Self {
        RateLimiter { limit: usize::try_from(limit).unwrap_or(usize::MAX), hits: HashMap::new(), last_sweep: None }
    }

    /// Counts a submission from `ip` at `now`, or refuses it with how long until the oldest one leaves the window.
    /// A refused submission is not counted, so a client that waits as told gets through.
    pub fn check(&mut self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        if self.limit == 0 {
            return Ok(());
        }
        self.sweep(now);
        let times = self.hits.entry(ip).or_default();
        while times.front().is_some_and(|&t| now.saturating_duration_since(t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() >= self.limit {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(WINDOW.saturating_sub(now.saturating_duration_since(oldest)));
        }
        times.push_back(now);
        Ok(())
    }

    /// Forgets addresses with nothing left in the window, once per window, so memory follows recent clients only.
    fn sweep(&mut self, now: Instant) {
        if self.last_sweep.is_some_and(|last| now.saturating_duration_since(last) < WINDOW) {
            return;
        }
        self.last_sweep = Some(now);
        self.hits.retain(|_, times| times.back().is_some_and(|&t| now.saturating_duration_since(t) < WINDOW));
    }

    /// How many addresses are remembered (for tests).
    pub fn tracked(&self) -> usize {
        self.hits.len()
    }
}

/// `Retry-After` in whole seconds, rounded up and at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    #[test]
    fn sliding_window() {
        let start = Instant::now();
        let at = |secs: u64| start + Duration::from_secs(secs);
        let mut limiter = RateLimiter::new(3);
        assert!(limiter.check(ip(1), at(0)).is_ok());
        assert!(limiter.check(ip(1), at(10)).is_ok());
        assert!(limiter.check(ip(1), at(20)).is_ok());
        // The fourth within 60 s waits until the first one (at 0 s) leaves the window.
        assert_eq!(limiter.check(ip(1), at(30)), Err(Duration::from_secs(30)));
        // Other addresses have their own window.
        assert!(limiter.check(ip(2), at(30)).is_ok());
        // Refusals do not count: at 60 s the first left, so one more fits, and then the next waits for the one at 10 s.
        assert!(limiter.check(ip(1), at(60)).is_ok());
        assert_eq!(limiter.check(ip(1), at(61)), Err(Duration::from_secs(9)));
        assert!(limiter.check(ip(1), at(70)).is_ok());
    }

    #[test]
    fn zero_turns_it_off_and_idle_clients_are_forgotten() {
        let start = Instant::now();
        let mut off = RateLimiter::new(0);
        for _ in 0..1000 {
            assert!(off.check(ip(1), start).is_ok());
        }
        let mut limiter = RateLimiter::new(1);
        for last in 0..100 {
            assert!(limiter.check(ip(last), start).is_ok());
        }
        assert_eq!(limiter.tracked(), 100);
        assert!(limiter.check(ip(200), start + Duration::from_secs(61)).is_ok());
        assert_eq!(limiter.tracked(), 1);
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
        assert_eq!(retry_after_secs(Duration::from_secs(30)), 30);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }
}
