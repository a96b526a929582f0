//! Which addresses the server may listen on: the machine's own IPv4 addresses on its network
//! interfaces (through `if-addrs`). A phone on the same Wi-Fi reaches one of them; the server binds
//! to exactly that one, never to every interface (`0.0.0.0`).

use std::net::{IpAddr, Ipv4Addr};

use serde::{Deserialize, Serialize};
use specta::Type;

/// A network interface address staff can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LanAddress {
    /// The interface's name (`wlan0`, `以太网`, `en0` …).
    pub interface: String,
    /// The IPv4 address, dotted.
    pub address: String,
    /// A private (RFC 1918) address: the kind a phone on the same Wi-Fi can reach.
    pub private: bool,
}

/// The machine's IPv4 addresses a phone could reach: not loopback, not link-local (169.254/16,
/// which phones do not route to), private ranges first.
pub fn lan_addresses() -> std::io::Result<Vec<LanAddress>> {
    let mut out: Vec<LanAddress> = if_addrs::get_if_addrs()?
        .into_iter()
        .filter_map(|i| match i.ip() {
            IpAddr::V4(v4) if !v4.is_loopback() && !v4.is_link_local() && !v4.is_unspecified() => {
                Some(LanAddress { interface: i.name.clone(), address: v4.to_string(), private: v4.is_private() })
            }
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| b.private.cmp(&a.private).then_with(|| a.interface.cmp(&b.interface)));
    out.dedup_by(|a, b| a.address == b.address);
    Ok(out)
}

/// Whether `ip` may be bound: one of this machine's interface addresses (IPv4), or loopback (for
/// tests and for a phone emulator on the same machine). Never the unspecified address.
pub fn bindable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) if v4.is_loopback() => true,
        IpAddr::V4(v4) if v4 == Ipv4Addr::UNSPECIFIED || v4.is_broadcast() || v4.is_multicast() => false,
        IpAddr::V4(_) => if_addrs::get_if_addrs().is_ok_and(|all| all.iter().any(|i| i.ip() == ip)),
        IpAddr::V6(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_binds_only_an_interface_address() {
        assert!(bindable("127.0.0.1".parse().unwrap()));
        assert!(!bindable("0.0.0.0".parse().unwrap()));
        assert!(!bindable("255.255.255.255".parse().unwrap()));
        assert!(!bindable("::1".parse().unwrap()));
        // TEST-NET-3 is never assigned to a machine.
        assert!(!bindable("203.0.113.77".parse().unwrap()));
        for a in lan_addresses().unwrap() {
            let ip: IpAddr = a.address.parse().unwrap();
            assert!(bindable(ip), "{a:?}");
            assert!(!ip.is_loopback());
        }
    }
}
