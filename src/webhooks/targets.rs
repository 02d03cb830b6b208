//! Where deliveries may go. A target is an `https` URL (or `http` with
//! `SSC_WEBHOOK_ALLOW_HTTP`) without credentials, whose host resolves only to public
//! addresses (unless `SSC_WEBHOOK_ALLOW_PRIVATE`): never loopback, private, link-local
//! (cloud metadata at 169.254.169.254 among them), carrier-grade NAT, multicast or
//! reserved ones. The check runs when a subscription is made and again in the resolver of
//! every delivery's connection, so a name that later resolves elsewhere (DNS rebinding)
//! gains nothing: the connection goes only to addresses that passed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::LazyLock;

use ipnet::{Ipv4Net, Ipv6Net};
use url::Url;

use crate::l10n::Message;
use crate::msg;

/// The longest target URL taken.
pub const MAX_URL_LENGTH: usize = 2000;

#[derive(Debug, Clone, Copy, Default)]
pub struct TargetRules {
    pub allow_http: bool,
    pub allow_private: bool,
}

static BLOCKED_V4: LazyLock<Vec<Ipv4Net>> = LazyLock::new(|| {
    [
        "0.0.0.0/8",       // this network
        "10.0.0.0/8",      // private
        "100.64.0.0/10",   // carrier-grade NAT (and Alibaba's metadata 100.100.100.200)
        "127.0.0.0/8",     // loopback
        "169.254.0.0/16",  // link-local: cloud metadata services
        "172.16.0.0/12",   // private
        "192.0.0.0/24",    // IETF protocol assignments
        "192.0.2.0/24",    // documentation
        "192.88.99.0/24",  // 6to4 relay
        "192.168.0.0/16",  // private
        "198.18.0.0/15",   // benchmarking
        "198.51.100.0/24", // documentation
        "203.0.113.0/24",  // documentation
        "224.0.0.0/4",     // multicast
        "240.0.0.0/4",     // reserved, broadcast
    ]
    .iter()
    .map(|n| n.parse().expect("a valid network"))
    .collect()
});

static BLOCKED_V6: LazyLock<Vec<Ipv6Net>> = LazyLock::new(|| {
    [
        "::/128",        // unspecified
        "::1/128",       // loopback
        "100::/64",      // discard
        "2001:db8::/32", // documentation
        "fc00::/7",      // unique local (AWS metadata fd00:ec2::254 among them)
        "fe80::/10",     // link-local
        "ff00::/8",      // multicast
    ]
    .iter()
    .map(|n| n.parse().expect("a valid network"))
    .collect()
});

/// Is `ip` an address a delivery must not reach (without `SSC_WEBHOOK_ALLOW_PRIVATE`)?
/// IPv4 written in IPv6 (mapped, compatible, NAT64, 6to4) is judged as the IPv4 address.
pub fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => BLOCKED_V4.iter().any(|net| net.contains(&v4)),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_forbidden(IpAddr::V4(v4)),
            None => BLOCKED_V6.iter().any(|net| net.contains(&v6)),
        },
    }
}

fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated)
        [0, 0, 0, 0, 0, 0xffff, _, _] | [0, 0, 0, 0, 0, 0, _, _]
            if v6 != Ipv6Addr::LOCALHOST && v6 != Ipv6Addr::UNSPECIFIED =>
        {
            Some(tail)
        }
        // 64:ff9b::a.b.c.d (NAT64)
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail),
        // 2002:AABB:CCDD:: (6to4)
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new(
            (hi >> 8) as u8,
            hi as u8,
            (lo >> 8) as u8,
            lo as u8,
        )),
        _ => None,
    }
}

/// Check a target URL's form (not yet its addresses); the message says what is wrong.
pub fn check_url(text: &str, rules: TargetRules) -> Result<Url, Message> {
    if text.len() > MAX_URL_LENGTH {
        return Err(msg!("text-too-long", max = MAX_URL_LENGTH));
    }
    let url =
        Url::parse(text).map_err(|e| msg!("webhook-url-malformed", reason = e.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" if rules.allow_http => {}
        "http" => {
            return Err(msg!("webhook-url-http"));
        }
        other => return Err(msg!("webhook-url-scheme", scheme = other)),
    }
    if url.host().is_none() {
        return Err(msg!("webhook-url-no-host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(msg!("webhook-url-credentials"));
    }
    if url.fragment().is_some() {
        return Err(msg!("webhook-url-fragment"));
    }
    Ok(url)
}

/// Check addresses a target resolved to: all must be allowed (one forbidden address is
/// enough to refuse: a name pointing at both is an attempt).
pub fn check_addresses(
    host: &str,
    addresses: &[SocketAddr],
    rules: TargetRules,
) -> Result<(), Message> {
    if addresses.is_empty() {
        return Err(msg!("webhook-host-no-address", host = host));
    }
    if rules.allow_private {
        return Ok(());
    }
    match addresses.iter().find(|a| is_forbidden(a.ip())) {
        Some(bad) => Err(msg!(
            "webhook-host-private",
            host = host,
            address = bad.ip().to_string()
        )),
        None => Ok(()),
    }
}

/// Resolve the URL's host (an IP literal stands for itself) and check every address.
pub async fn resolve_checked(url: &Url, rules: TargetRules) -> Result<Vec<SocketAddr>, Message> {
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(url::Host::Domain(name)) => lookup(name, port).await?,
        None => return Err(msg!("webhook-url-no-host")),
    };
    let host = url.host_str().unwrap_or_default();
    check_addresses(host, &addresses, rules)?;
    Ok(addresses)
}

async fn lookup(name: &str, port: u16) -> Result<Vec<SocketAddr>, Message> {
    let lookup = tokio::net::lookup_host((name, port));
    match tokio::time::timeout(std::time::Duration::from_secs(5), lookup).await {
        Ok(Ok(found)) => Ok(found.collect()),
        Ok(Err(e)) => Err(msg!(
            "webhook-host-unresolved",
            host = name,
            reason = e.to_string()
        )),
        Err(_) => Err(msg!("webhook-host-slow", host = name, seconds = 5)),
    }
}

/// reqwest's resolver for deliveries: resolves, then lets the connection use only
/// checked addresses.
pub struct CheckingResolver(pub TargetRules);

impl reqwest::dns::Resolve for CheckingResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let rules = self.0;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            // Port 0: reqwest puts the URL's port in.
            // reqwest wants an error; the delivery log keeps it in English.
            let addresses = lookup(&host, 0).await.map_err(|m| m.to_string())?;
            check_addresses(&host, &addresses, rules).map_err(|m| m.to_string())?;
            let addresses: reqwest::dns::Addrs = Box::new(addresses.into_iter());
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_addresses() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.20.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.100.100.200",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
        ] {
            assert!(is_forbidden(bad.parse().unwrap()), "{bad}");
        }
        for good in ["8.8.8.8", "200.51.211.10", "2800:40::1", "::ffff:8.8.8.8"] {
            assert!(!is_forbidden(good.parse().unwrap()), "{good}");
        }
    }

    #[test]
    fn url_forms() {
        let strict = TargetRules::default();
        assert!(check_url("https://hooks.example.org/ssc", strict).is_ok());
        for (bad, why) in [
            ("http://hooks.example.org/", "https"),
            ("ftp://hooks.example.org/", "https"),
            ("https://user:pw@hooks.example.org/", "credentials"),
            ("https://hooks.example.org/#x", "fragment"),
            ("hooks.example.org", "absolute"),
        ] {
            let refused = check_url(bad, strict).unwrap_err();
            assert!(refused.to_string().contains(why), "{bad}: {refused}");
        }
        let lax = TargetRules {
            allow_http: true,
            allow_private: false,
        };
        assert!(check_url("http://hooks.example.org/", lax).is_ok());
    }

    #[test]
    fn one_forbidden_address_refuses_the_host() {
        let addresses: Vec<SocketAddr> = vec![
            "8.8.8.8:443".parse().unwrap(),
            "127.0.0.1:443".parse().unwrap(),
        ];
        assert!(check_addresses("x", &addresses, TargetRules::default()).is_err());
        let private = TargetRules {
            allow_http: false,
            allow_private: true,
        };
        assert!(check_addresses("x", &addresses, private).is_ok());
        assert!(check_addresses("x", &[], private).is_err());
    }
}
