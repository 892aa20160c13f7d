// SPDX-License-Identifier: MIT
#pragma once

// The local server ScaleLab starts for the fetch workload: listens on 127.0.0.1, one thread
// per connection, answers "GET <id>" after request id's latency with its payload (both from
// ResponseSpec, protocol.hpp). Thread-per-connection keeps the server obviously correct;
// its threads sleep while a request "is being served", so they cost no CPU that a client
// model would compete with.

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "protocol.hpp"
#include "socket.hpp"

namespace scalelab::fetch {

class Server {
 public:
  // Listens on `port` (0: the kernel chooses) and starts serving. Throws UsageError naming
  // --port when the port cannot be had.
  Server(const ResponseSpec& spec, int port);
  // Stops accepting, lets every connection thread finish and joins them.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }

 private:
  void accept_loop();
  void serve(Socket connection);

  ResponseSpec spec_;
  Socket listener_;
  int port_ = 0;
  // A connection's thread and whether it has finished (so the acceptor can join it: a
  // finished thread keeps its stack until joined, and every repetition opens new connections).
  struct Connection {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
  };
  // Joins the connection threads that have finished.
  void reap_finished();

  std::atomic<bool> stopping_{false};
  std::vector<Connection> connections_;  // touched by the acceptor only, then the destructor
  std::thread acceptor_;
};

}  // namespace scalelab::fetch
