// connection.h — reaching under cpp-httplib to the TCP connection of the request being handled.
//
// Two faults need the socket itself: `reset` must close the connection without sending one byte, and
// `hang` must notice when the client gives up. cpp-httplib 0.11.4 does not hand the socket to a
// handler, so we find it: the one socket of this process whose local and peer addresses are those of
// the request. It stays ours while the handler runs (cpp-httplib closes it only after the handler
// returned), so the descriptor cannot be reused under us.
#pragma once

#include <atomic>
#include <cstdint>

#include "tools/platform-sim/http.h"

namespace zhidui::platform_sim {

// -1 when not found (then the callers fall back to closing after the headers).
int find_request_socket(const httplib::Request& request);

// Makes the connection end without a response: no more bytes go out, and closing it sends a TCP RST.
void abort_connection(int socket_fd);

// Shuts down every connected socket of this process whose local port is `local_port` (used once at
// stop, so that idle keep-alive connections do not hold the shutdown for their whole timeout).
// Returns how many.
int shut_down_connections(int local_port);

// Waits until the peer closed the connection, `stop` became true or `max_ms` passed.
// Returns true when the peer went away.
bool wait_for_peer_to_leave(int socket_fd, const std::atomic<bool>& stop, int64_t max_ms);

}  // namespace zhidui::platform_sim
