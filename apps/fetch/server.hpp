// SPDX-License-Identifier: MIT
#pragma once

// The local server ScaleLab starts for the fetch workload: listens on 127.0.0.1 and answers
// "GET <id>" after request id's latency with its payload (both from ResponseSpec,
// protocol.hpp). One thread runs an event loop over non-blocking sockets: epoll waits for
// the listener, the connections and the earliest answer deadline (a min-heap), so a
// connection costs a small buffer, not a thread, and the record's memory of the process it
// lives in shows the clients. Waiting costs no CPU that a client model would compete with.

#include <memory>
#include <thread>

#include "protocol.hpp"
#include "socket.hpp"

namespace scalelab::fetch {

class EventLoop;

class Server {
 public:
  // Listens on `port` (0: the kernel chooses) and starts serving. Throws UsageError naming
  // --port when the port cannot be had.
  Server(const ResponseSpec& spec, int port);
  // Stops serving: every connection is closed, answered or not.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }

 private:
  int port_ = 0;
  std::unique_ptr<EventLoop> loop_;
  std::thread thread_;
};

}  // namespace scalelab::fetch
