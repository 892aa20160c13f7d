// SPDX-License-Identifier: MIT
#pragma once

// The local server ScaleLab starts for the fetch workload: listens on 127.0.0.1, one thread
// per connection, answers "GET <id>" after request id's latency with its payload (both from
// ResponseSpec, protocol.hpp). Thread-per-connection keeps the server obviously correct;
// its threads sleep while a request "is being served", so they cost no CPU that a client
// model would compete with.

#include <atomic>
#include <memory>
#include <mutex>
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
  std::atomic<bool> stopping_{false};
  std::mutex threads_mutex_;
  std::vector<std::thread> connection_threads_;
  std::thread acceptor_;
};

}  // namespace scalelab::fetch
