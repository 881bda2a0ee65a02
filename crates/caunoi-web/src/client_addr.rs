//! The citizen's address behind a reverse proxy.
//!
//! Rate limits and the audit log count by address. Behind nginx every request comes from the
//! proxy, so the per-address limit would throttle the whole province at once; the proxy's
//! `X-Forwarded-For` carries the real one. That header is only believed from the proxies the
//! operator names (`trusted_proxy`): anyone else could write any address into it and slip the
//! limits. The list is read from the right (the hop nearest to us) and the first address that
//! is not a trusted proxy is the client.

use std::net::IpAddr;

/// The proxies whose `X-Forwarded-For` is believed: addresses or CIDR blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Reads a list like `127.0.0.1, 10.0.0.0/8, ::1`. The error names the entry and the form.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let mut blocks = Vec::new();
        for entry in list
            .split([',', ' '])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let bad = || {
                format!(
                    "'{entry}' is not an address or block like 127.0.0.1, 10.0.0.0/8 or fd00::/8"
                )
            };
            let (ip, bits) = match entry.split_once('/') {
                Some((ip, bits)) => (
                    ip.parse::<IpAddr>().map_err(|_| bad())?,
                    Some(bits.parse::<u8>().map_err(|_| bad())?),
                ),
                None => (entry.parse::<IpAddr>().map_err(|_| bad())?, None),
            };
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = bits.unwrap_or(max);
            if bits > max {
                return Err(bad());
            }
            blocks.push((ip, bits));
        }
        Ok(TrustedProxies(blocks))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|&(block, bits)| in_block(ip, block, bits))
    }

    /// The client's address: the peer itself unless it is a trusted proxy, else the nearest
    /// address in `X-Forwarded-For` that is not a trusted proxy (or the farthest one given, when
    /// every hop is trusted). Unreadable entries end the walk: what lies beyond them is unproven.
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let Some(list) = forwarded_for else {
            return peer;
        };
        let mut client = peer;
        for hop in list.rsplit(',').map(str::trim) {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = canonical(ip);
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn in_block(ip: IpAddr, block: IpAddr, bits: u8) -> bool {
    match (ip, canonical(block)) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.9"), Some("1.2.3.4")),
            ip("203.0.113.9")
        );
        assert_eq!(
            none.client(ip("127.0.0.1"), Some("1.2.3.4")),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn a_trusted_proxy_passes_on_the_nearest_untrusted_hop() {
        let t = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        assert_eq!(
            t.client(ip("127.0.0.1"), Some("14.160.1.2")),
            ip("14.160.1.2")
        );
        // The citizen wrote a fake address first; the hop our proxy saw is the real one.
        assert_eq!(
            t.client(ip("127.0.0.1"), Some("9.9.9.9, 14.160.1.2, 10.1.2.3")),
            ip("14.160.1.2")
        );
        // A direct request is its own address, whatever it claims.
        assert_eq!(
            t.client(ip("14.160.1.2"), Some("9.9.9.9")),
            ip("14.160.1.2")
        );
        // No header, or garbage nearest to us: the proxy itself.
        assert_eq!(t.client(ip("10.0.0.5"), None), ip("10.0.0.5"));
        assert_eq!(t.client(ip("10.0.0.5"), Some("unknown")), ip("10.0.0.5"));
    }

    #[test]
    fn blocks_and_mapped_addresses() {
        let t = TrustedProxies::parse("192.168.0.0/16 fd00::/8").unwrap();
        assert!(t.contains(ip("192.168.255.1")));
        assert!(!t.contains(ip("192.169.0.1")));
        assert!(t.contains(ip("::ffff:192.168.1.1")));
        assert!(t.contains(ip("fd12::1")));
        assert!(!t.contains(ip("fe80::1")));
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("8.8.8.8"))
        );
    }

    #[test]
    fn bad_entries_are_named() {
        let e = TrustedProxies::parse("127.0.0.1, proxy.local").unwrap_err();
        assert!(e.contains("'proxy.local'"), "{e}");
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("").unwrap().is_empty());
    }
}
