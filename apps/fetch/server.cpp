// SPDX-License-Identifier: MIT
#include "server.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <charconv>
#include <chrono>
#include <string>
#include <system_error>

#include "scalelab/errors.hpp"

namespace scalelab::fetch {
namespace {

// How often blocked server threads look at the stop flag.
constexpr int kPollMs = 50;
// A client that stops reading its response for this long is dropped.
constexpr std::chrono::milliseconds kSendTimeout{10'000};

// Waits up to kPollMs for `fd` to become readable.
bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, kPollMs) > 0;
}

bool parse_request(std::string_view line, std::uint64_t& id) {
  if (line.substr(0, 4) != "GET ") return false;
  const char* first = line.data() + 4;
  const char* last = line.data() + line.size();
  const auto [end, error] = std::from_chars(first, last, id);
  return error == std::errc() && end == last && first != last;
}

}  // namespace

Server::Server(const ResponseSpec& spec, int port)
    : spec_(spec), listener_(listen_loopback(port)), port_(local_port(listener_)) {
  acceptor_ = std::thread([this] { accept_loop(); });
}

Server::~Server() {
  stopping_ = true;
  acceptor_.join();
  // The acceptor has ended: no thread is added any more.
  for (Connection& c : connections_) c.thread.join();
}

void Server::reap_finished() {
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (it->finished->load()) {
      it->thread.join();
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

void Server::accept_loop() {
  while (!stopping_) {
    reap_finished();
    if (!readable(listener_.fd())) continue;
    Socket connection(::accept4(listener_.fd(), nullptr, nullptr, SOCK_CLOEXEC));
    if (connection.fd() < 0) continue;  // the client gave up before we accepted
    auto finished = std::make_shared<std::atomic<bool>>(false);
    try {
      std::thread thread([this, finished, c = std::move(connection)]() mutable {
        serve(std::move(c));
        *finished = true;
      });
      connections_.push_back({std::move(thread), std::move(finished)});
    } catch (const std::system_error&) {
      // No thread to be had (process limit): the connection is closed unanswered, which its
      // client reports as an error, instead of the whole process terminating here.
    }
  }
}

void Server::serve(Socket connection) {
  set_timeouts(connection, kSendTimeout);
  Reader reader(connection);
  try {
    while (!stopping_) {
      if (!readable(connection.fd())) continue;
      std::string line;
      if (!reader.read_line(line)) return;  // the client is done
      std::uint64_t id = 0;
      if (!parse_request(line, id)) {
        send_all(connection, "ERR bad request\n");
        return;
      }
      const auto wait = std::chrono::duration<double, std::milli>(spec_.latency_ms(id));
      std::this_thread::sleep_for(wait);
      const std::string payload = spec_.payload(id);
      send_all(connection, response_header(payload.size()) + payload);
    }
  } catch (const Error&) {
    // A client that vanished or misbehaved: its connection ends, the server goes on.
  }
}

}  // namespace scalelab::fetch
