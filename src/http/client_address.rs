//! Who is on the other end: the address that rate limits and the token endpoint's
//! limits are keyed by. It is the TCP peer's, unless the peer is one of the configured
//! trusted proxies (`SSC_TRUSTED_PROXIES`); only then are `X-Forwarded-For` (or
//! `Forwarded`) believed, and the client is the right-most address in them that is not a
//! trusted proxy. A client's own forwarding headers therefore change nothing: it can
//! neither get a fresh rate-limit bucket per request nor spend another client's.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header::{self, HeaderMap};
use ipnet::IpNet;

/// The proxies whose forwarding headers are believed; registered as app data.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Addresses (`10.0.0.7`, `::1`) and networks (`10.0.0.0/8`).
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        entries
            .iter()
            .map(|entry| entry.trim())
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{entry:?} is neither an IP address nor a network (CIDR)"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address, if the connection has one.
    pub fn client_address(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.trusts(peer) {
            return Some(peer);
        }
        // Walk back from the proxy nearest to us; stop at the first address we do not
        // trust, or where the chain cannot be read any further.
        let mut client = peer;
        for hop in forwarded_for(req.headers()).iter().rev() {
            match hop {
                Some(address) => {
                    client = *address;
                    if !self.trusts(*address) {
                        break;
                    }
                }
                None => break,
            }
        }
        Some(client)
    }
}

/// The addresses a request was forwarded for, nearest client first (`None` for an entry
/// that is not an address): from `X-Forwarded-For`, else from `Forwarded` (RFC 7239).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let x_forwarded_for: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    if !x_forwarded_for.is_empty() {
        return x_forwarded_for.into_iter().map(parse_node).collect();
    }
    headers
        .get_all(header::FORWARDED)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| value.trim().trim_matches('"'))
            })
        })
        .map(parse_node)
        .collect()
}

/// An address as proxies write it: `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1`,
/// `[2001:db8::1]:4711`.
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    if let Ok(address) = node.parse::<IpAddr>() {
        return Some(address);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    node.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    fn client(trusted: &TrustedProxies, peer: &str, headers: &[(&str, &str)]) -> String {
        let mut req = TestRequest::default().peer_addr(peer.parse().unwrap());
        for (name, value) in headers {
            req = req.insert_header((*name, *value));
        }
        trusted
            .client_address(&req.to_http_request())
            .unwrap()
            .to_string()
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let none = proxies(&[]);
        let lb = proxies(&["10.0.0.0/8", "192.0.2.1"]);
        let forged = [("x-forwarded-for", "198.51.100.9")];
        assert_eq!(client(&none, "203.0.113.7:5000", &forged), "203.0.113.7");
        assert_eq!(client(&lb, "203.0.113.7:5000", &forged), "203.0.113.7");
        assert_eq!(client(&lb, "10.1.2.3:5000", &forged), "198.51.100.9");
        // The right-most address that is not a trusted proxy: the client cannot push a
        // forged address past the proxies' own.
        let chain = [("x-forwarded-for", "1.1.1.1, 198.51.100.9, 10.0.0.5")];
        assert_eq!(client(&lb, "192.0.2.1:80", &chain), "198.51.100.9");
        let forwarded = [(
            "forwarded",
            "for=1.1.1.1, for=\"[2001:db8::17]:4711\";proto=https",
        )];
        assert_eq!(client(&lb, "10.0.0.1:80", &forwarded), "2001:db8::17");
        let garbled = [("x-forwarded-for", "1.1.1.1, garbage, 10.0.0.5")];
        assert_eq!(client(&lb, "10.0.0.1:80", &garbled), "10.0.0.5");
    }

    #[test]
    fn bad_entries_are_refused() {
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.local".into()]).is_err());
        assert!(TrustedProxies::parse(&["::1".into(), " 10.0.0.0/8 ".into()]).is_ok());
    }
}
