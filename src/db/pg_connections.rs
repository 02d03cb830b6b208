//! Checking a pooled PostgreSQL connection without a round trip. A connection broken by a
//! database restart, or by `pg_terminate_backend`, hears from the server first: it sends
//! its "terminating connection" error and closes the socket, so the idle socket becomes
//! readable. An idle connection that is as it was left has nothing to read. So a poll of
//! the socket with no wait (a system call, no round trip) tells a broken connection from a
//! sound one, where a `SELECT 1` on every checkout cost a round trip per request.
//! (A server that vanished without closing anything, a network partition, is found by the
//! next query, as with `SELECT 1`.)

use std::os::fd::RawFd;

use diesel::pg::PgConnection;
use diesel::prelude::*;

#[derive(QueryableByName)]
struct Ports {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    client: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    server: Option<i32>,
}

/// The socket of a newly opened connection, or `None` when it cannot be told (a Unix
/// socket: the server reports no client port; then the pool checks with a query).
pub fn socket_of(pg: &mut PgConnection) -> Option<RawFd> {
    let ports: Ports =
        diesel::sql_query("SELECT inet_client_port() AS client, inet_server_port() AS server")
            .get_result(pg)
            .ok()?;
    let (client, server) = (
        u16::try_from(ports.client?).ok()?,
        u16::try_from(ports.server?).ok()?,
    );
    // The one TCP socket of this process whose own port is the connection's client port
    // and whose peer's is the server's: a TCP connection is named by its two ends.
    std::fs::read_dir("/proc/self/fd")
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<RawFd>().ok())
        .find(|fd| {
            port_of(*fd, libc::getsockname) == Some(client)
                && port_of(*fd, libc::getpeername) == Some(server)
        })
}

type AddressOf =
    unsafe extern "C" fn(libc::c_int, *mut libc::sockaddr, *mut libc::socklen_t) -> libc::c_int;

/// The port of one end of socket `fd` (`getsockname` or `getpeername`), if it is an
/// IPv4 or IPv6 socket.
fn port_of(fd: RawFd, address_of: AddressOf) -> Option<u16> {
    // SAFETY: the buffer is a sockaddr_storage, large enough for any address, and its
    // length is passed; the call fails harmlessly on a descriptor that is not a socket.
    let mut address: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut length = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let answered = unsafe {
        address_of(
            fd,
            (&raw mut address).cast::<libc::sockaddr>(),
            &raw mut length,
        )
    };
    if answered != 0 {
        return None;
    }
    match libc::c_int::from(address.ss_family) {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let v4 = unsafe { &*(&raw const address).cast::<libc::sockaddr_in>() };
            Some(u16::from_be(v4.sin_port))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let v6 = unsafe { &*(&raw const address).cast::<libc::sockaddr_in6>() };
            Some(u16::from_be(v6.sin6_port))
        }
        _ => None,
    }
}

/// Is the idle connection on `socket` as it was left: nothing to read, not hung up?
pub fn is_quiet(socket: RawFd) -> bool {
    let mut poll = libc::pollfd {
        fd: socket,
        events: libc::POLLIN | libc::POLLRDHUP,
        revents: 0,
    };
    // SAFETY: one pollfd, no wait.
    let ready = unsafe { libc::poll(&raw mut poll, 1, 0) };
    ready == 0
}
