//! How many failed sign-ins are allowed: at most [`Limits::per_login`] per
//! login name and [`Limits::per_ip`] per client address within a sliding
//! [`Limits::window`]. Pure: the caller passes `now` (read at the edge), so it
//! is tested without waiting. State is in memory — a restart forgets it, and
//! each server process counts on its own.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// The numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Failed attempts allowed for one login name in a window.
    pub per_login: usize,
    /// Failed attempts allowed from one client address in a window.
    pub per_ip: usize,
    /// The window.
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { per_login: 5, per_ip: 20, window: Duration::from_secs(15 * 60) }
    }
}

/// Failures by key, each key's times oldest first, none older than the window.
#[derive(Debug)]
struct Failures<K> {
    by_key: HashMap<K, VecDeque<Instant>>,
    limit: usize,
}

impl<K: Hash + Eq + Clone> Failures<K> {
    fn new(limit: usize) -> Self {
        Failures { by_key: HashMap::new(), limit }
    }

    /// How long until `key` may try again; `None` if it may now.
    fn wait(&mut self, key: &K, now: Instant, window: Duration) -> Option<Duration> {
        let times = self.by_key.get_mut(key)?;
        while times.front().is_some_and(|t| now.saturating_duration_since(*t) >= window) {
            times.pop_front();
        }
        if times.is_empty() {
            self.by_key.remove(key);
            return None;
        }
        // The oldest failure still counted must leave the window first.
        (times.len() >= self.limit).then(|| window.saturating_sub(now.saturating_duration_since(times[0])))
    }

    fn record(&mut self, key: K, now: Instant) {
        let times = self.by_key.entry(key).or_default();
        times.push_back(now);
        // Only the newest `limit` matter.
        while times.len() > self.limit {
            times.pop_front();
        }
    }

    fn forget_older_than(&mut self, now: Instant, window: Duration) {
        self.by_key.retain(|_, times| times.back().is_some_and(|t| now.saturating_duration_since(*t) < window));
    }
}

/// The sign-in limiter.
#[derive(Debug)]
pub struct SignInLimiter {
    limits: Limits,
    by_login: Failures<String>,
    by_ip: Failures<IpAddr>,
    /// When the maps were last swept of stale keys.
    swept: Option<Instant>,
}

impl SignInLimiter {
    /// A limiter with these numbers.
    pub fn new(limits: Limits) -> Self {
        SignInLimiter {
            limits,
            by_login: Failures::new(limits.per_login),
            by_ip: Failures::new(limits.per_ip),
            swept: None,
        }
    }

    /// The key a login is counted under: what was typed, trimmed and lower-cased
    /// (so unknown and malformed logins are limited too), at most 64 characters.
    fn login_key(login: &str) -> String {
        login.trim().to_lowercase().chars().take(64).collect()
    }

    /// Whether a sign-in for `login` from `ip` may be tried at `now`; if not,
    /// how long until it may (for `Retry-After`).
    pub fn check(&mut self, login: &str, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        self.sweep(now);
        let window = self.limits.window;
        let by_login = self.by_login.wait(&Self::login_key(login), now, window);
        let by_ip = self.by_ip.wait(&ip, now, window);
        match by_login.max(by_ip) {
            Some(wait) => Err(wait.max(Duration::from_secs(1))),
            None => Ok(()),
        }
    }

    /// Counts a failed sign-in.
    pub fn failed(&mut self, login: &str, ip: IpAddr, now: Instant) {
        self.by_login.record(Self::login_key(login), now);
        self.by_ip.record(ip, now);
    }

    /// A successful sign-in clears the login's failures (not the address's).
    pub fn succeeded(&mut self, login: &str) {
        self.by_login.by_key.remove(&Self::login_key(login));
    }

    /// Drops keys with no failure inside the window, once a window, so the
    /// maps stay as small as the recent failures.
    fn sweep(&mut self, now: Instant) {
        let window = self.limits.window;
        if self.swept.is_some_and(|t| now.saturating_duration_since(t) < window) {
            return;
        }
        self.by_login.forget_older_than(now, window);
        self.by_ip.forget_older_than(now, window);
        self.swept = Some(now);
    }

    /// How many keys are held (for tests).
    pub fn keys(&self) -> usize {
        self.by_login.by_key.len() + self.by_ip.by_key.len()
    }
}

impl Default for SignInLimiter {
    fn default() -> Self {
        SignInLimiter::new(Limits::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);
    fn ip(n: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, n])
    }

    #[test]
    fn five_failures_for_a_login_lock_it_until_the_first_leaves_the_window() {
        let t0 = Instant::now();
        let mut limiter = SignInLimiter::default();
        for n in 0..5 {
            assert_eq!(limiter.check("zhangsan", ip(n), t0 + MIN * n.into()), Ok(()));
            limiter.failed("zhangsan", ip(n), t0 + MIN * n.into());
        }
        // Locked, whatever the address and however it is spelled.
        assert_eq!(limiter.check(" ZhangSan", ip(9), t0 + MIN * 5), Err(MIN * 10));
        assert_eq!(
            limiter.check("zhangsan", ip(9), t0 + MIN * 15 - Duration::from_secs(1)),
            Err(Duration::from_secs(1))
        );
        // The first failure has left the window: one more try.
        assert_eq!(limiter.check("zhangsan", ip(9), t0 + MIN * 15), Ok(()));
        // Other logins were never affected.
        assert_eq!(limiter.check("lisi", ip(0), t0 + MIN * 5), Ok(()));
    }

    #[test]
    fn twenty_failures_from_one_address_lock_that_address_for_every_login() {
        let t0 = Instant::now();
        let mut limiter = SignInLimiter::default();
        for n in 0..20 {
            let login = format!("user{n}");
            assert_eq!(limiter.check(&login, ip(1), t0), Ok(()));
            limiter.failed(&login, ip(1), t0);
        }
        assert_eq!(limiter.check("someone", ip(1), t0 + MIN), Err(MIN * 14));
        assert_eq!(limiter.check("someone", ip(2), t0 + MIN), Ok(()));
        assert_eq!(limiter.check("someone", ip(1), t0 + MIN * 15), Ok(()));
    }

    #[test]
    fn success_clears_the_login_and_stale_keys_are_swept() {
        let t0 = Instant::now();
        let mut limiter = SignInLimiter::default();
        for _ in 0..4 {
            limiter.failed("wangwu", ip(1), t0);
        }
        limiter.succeeded("wangwu");
        limiter.failed("wangwu", ip(1), t0);
        assert_eq!(limiter.check("wangwu", ip(1), t0), Ok(()), "one failure since the success");
        assert_eq!(limiter.keys(), 2);
        assert_eq!(limiter.check("other", ip(3), t0 + MIN * 16), Ok(()));
        assert_eq!(limiter.keys(), 0, "nothing recent is kept");
    }
}
