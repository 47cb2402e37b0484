//! Who the client is: the TCP peer, or, when the peer is a reverse proxy the site trusts (`--trusted-proxy`), the
//! address that proxy reports in `Forwarded` (RFC 7239) or `X-Forwarded-For`; and the key a client's rate limit
//! counts under, which for IPv6 is the /64 network, since one host can rotate through all of its addresses.

use std::net::{IpAddr, Ipv6Addr};

/// One `--trusted-proxy` network: an address and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    /// `10.0.0.0/8`, `2001:db8::/32`, or a single address (all its bits).
    pub fn parse(text: &str) -> Result<Network, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.parse().map_err(|_| format!("\"{text}\": not an IP address or network like 10.0.0.0/8"))?;
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(prefix) => match prefix.parse::<u8>() {
                Ok(prefix) if prefix <= bits => prefix,
                _ => return Err(format!("\"{text}\": the prefix length must be 0 to {bits}")),
            },
        };
        Ok(Network { address: canonical(address), prefix })
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.address, canonical(address)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => masked(u32::from(net).into(), 32, self.prefix) == masked(u32::from(ip).into(), 32, self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => masked(u128::from(net), 128, self.prefix) == masked(u128::from(ip), 128, self.prefix),
            _ => false,
        }
    }
}

fn masked(bits: u128, width: u8, prefix: u8) -> u128 {
    if prefix == 0 {
        return 0;
    }
    let keep = u32::from(width - prefix.min(width));
    (bits >> keep) << keep
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, as dual-stack sockets report it) is the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address. Forwarding headers count only when `peer` is a trusted proxy; their addresses are read
/// from the right, skipping trusted proxies, so a client cannot choose its address by sending the header itself.
pub fn client_address(peer: IpAddr, forwarded: Option<&str>, forwarded_for: Option<&str>, trusted: &[Network]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|network| network.contains(ip));
    if !is_trusted(peer) {
        return canonical(peer);
    }
    let chain: Vec<IpAddr> = match (forwarded, forwarded_for) {
        (Some(forwarded), _) => forwarded.split(',').filter_map(forwarded_for_element).collect(),
        (None, Some(list)) => list.split(',').filter_map(|item| parse_node(item.trim())).collect(),
        (None, None) => Vec::new(),
    };
    chain.into_iter().rev().map(canonical).find(|ip| !is_trusted(*ip)).unwrap_or(canonical(peer))
}

/// The `for=` address of one `Forwarded` element (`for=192.0.2.60;proto=http`, `for="[2001:db8::1]:4711"`).
fn forwarded_for_element(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        name.trim().eq_ignore_ascii_case("for").then(|| parse_node(value.trim().trim_matches('"'))).flatten()
    })
}

/// An address with or without a port: `192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]:80`, `2001:db8::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse::<Ipv6Addr>().ok()).map(IpAddr::V6);
    }
    node.rsplit_once(':').and_then(|(ip, _)| ip.parse::<IpAddr>().ok())
}

/// What a client's rate limit counts under: its IPv4 address, or its IPv6 /64 network.
pub fn rate_key(client: IpAddr) -> IpAddr {
    match canonical(client) {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(masked(u128::from(v6), 128, 64))),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn networks_parse_and_contain() {
        let net = Network::parse("10.0.0.0/8").expect("net");
        assert!(net.contains(ip("10.200.1.2")) && !net.contains(ip("11.0.0.1")));
        assert!(net.contains(ip("::ffff:10.0.0.1")), "IPv4 seen through a dual-stack socket");
        let one = Network::parse("192.0.2.7").expect("single");
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6 = Network::parse("2001:db8::/32").expect("v6");
        assert!(v6.contains(ip("2001:db8:ffff::1")) && !v6.contains(ip("2001:db9::1")));
        assert!(Network::parse("0.0.0.0/0").expect("all").contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "2001:db8::/129", "example.org", "10.0.0.0/x", ""] {
            assert!(Network::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarding_headers_count_only_from_a_trusted_proxy() {
        let proxies = [Network::parse("127.0.0.1").expect("net"), Network::parse("10.0.0.0/8").expect("net")];
        // Not a proxy: the header is the client's own claim and is ignored.
        assert_eq!(client_address(ip("203.0.113.9"), None, Some("198.51.100.1"), &proxies), ip("203.0.113.9"));
        // The proxy's word, read from the right past other trusted proxies; what the client wrote on the left is
        // not believed.
        assert_eq!(client_address(ip("127.0.0.1"), None, Some("6.6.6.6, 198.51.100.1, 10.1.1.1"), &proxies), ip("198.51.100.1"));
        assert_eq!(
            client_address(ip("127.0.0.1"), Some(r#"for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https"#), None, &proxies),
            ip("2001:db8:cafe::17")
        );
        assert_eq!(client_address(ip("127.0.0.1"), Some("for=192.0.2.60;proto=http;by=203.0.113.43"), None, &proxies), ip("192.0.2.60"));
        // Garbage or nothing: the peer.
        assert_eq!(client_address(ip("127.0.0.1"), None, Some("unknown, nonsense"), &proxies), ip("127.0.0.1"));
        assert_eq!(client_address(ip("127.0.0.1"), None, None, &proxies), ip("127.0.0.1"));
        assert_eq!(client_address(ip("127.0.0.1"), None, Some("192.0.2.1:8080"), &proxies), ip("192.0.2.1"));
    }

    #[test]
    fn ipv6_clients_share_a_limit_per_64() {
        assert_eq!(rate_key(ip("2001:db8:1:2:aaaa::1")), rate_key(ip("2001:db8:1:2:bbbb::9")));
        assert_ne!(rate_key(ip("2001:db8:1:2::1")), rate_key(ip("2001:db8:1:3::1")));
        assert_eq!(rate_key(ip("192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(rate_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }
}
