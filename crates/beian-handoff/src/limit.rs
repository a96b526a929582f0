//! Bad tokens are rate-limited per peer address: after `limit` requests with a token that is not
//! (and never was) a hand-off token within `window`, every request from that address is answered
//! 429 until the window has passed — including one with the right token, so that a peer cannot
//! keep guessing and tell a hit from a miss.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Most peers remembered; the oldest entries go first (a LAN has far fewer devices).
const MAX_PEERS: usize = 4096;

#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    misses: HashMap<IpAddr, VecDeque<Instant>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter { limit, window, misses: HashMap::new() }
    }

    fn prune(&mut self, peer: IpAddr, now: Instant) -> usize {
        let window = self.window;
        let Some(q) = self.misses.get_mut(&peer) else { return 0 };
        while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
            q.pop_front();
        }
        let n = q.len();
        if n == 0 {
            self.misses.remove(&peer);
        }
        n
    }

    /// Seconds until `peer` may try again, when it is limited now.
    pub fn blocked(&mut self, peer: IpAddr, now: Instant) -> Option<u64> {
        if self.prune(peer, now) < self.limit as usize {
            return None;
        }
        let oldest = *self.misses.get(&peer)?.front()?;
        Some(self.window.saturating_sub(now.duration_since(oldest)).as_secs().max(1))
    }

    /// Records a bad token from `peer`.
    pub fn miss(&mut self, peer: IpAddr, now: Instant) {
        if self.misses.len() >= MAX_PEERS && !self.misses.contains_key(&peer) {
            let window = self.window;
            self.misses.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
            if self.misses.len() >= MAX_PEERS {
                return;
            }
        }
        let q = self.misses.entry(peer).or_default();
        q.push_back(now);
        // Only the last `limit` misses matter.
        while q.len() > self.limit as usize {
            q.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_rate_limit_counts_misses_per_peer_within_the_window() {
        let mut r = RateLimiter::new(3, Duration::from_secs(60));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(r.blocked(a, t0), None, "miss {i}");
            r.miss(a, t0 + Duration::from_secs(i));
        }
        assert_eq!(r.blocked(a, t0 + Duration::from_secs(3)), Some(57));
        assert_eq!(r.blocked(b, t0), None, "another peer is not limited");
        assert_eq!(r.blocked(a, t0 + Duration::from_secs(60)), None, "the first miss left the window");
        r.miss(a, t0 + Duration::from_secs(60));
        assert!(r.blocked(a, t0 + Duration::from_secs(60)).is_some(), "misses at 1 s, 2 s and 60 s");
    }
}
