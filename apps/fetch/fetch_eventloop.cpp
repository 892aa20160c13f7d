// SPDX-License-Identifier: MIT
// The event loop: one thread keeps --concurrency requests in flight over non-blocking
// connections, sleeping in epoll_wait until any of them has bytes to read.
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "fetch.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/timer.hpp"

namespace scalelab::fetch {
namespace {

// One connection of the loop and the request it is waiting for.
struct Pending {
  Socket socket;
  std::string received;  // header and payload bytes so far
  std::uint64_t id = 0;
  Stopwatch sent;
  bool busy = false;
};

// Reads what `p` has available; false when the server closed the connection.
bool drain(Pending& p) {
  char chunk[64 * 1024];
  for (;;) {
    const ssize_t got = ::recv(p.socket.fd(), chunk, sizeof chunk, 0);
    if (got > 0) {
      p.received.append(chunk, static_cast<std::size_t>(got));
      continue;
    }
    if (got == 0) return false;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
    throw RuntimeError(std::string("fetch connection: receive failed: ") + std::strerror(errno));
  }
}

// The payload once `received` holds a whole response; false while it does not yet.
bool complete_response(const std::string& received, std::string& payload) {
  const std::size_t end = received.find('\n');
  if (end == std::string::npos) return false;
  std::uint64_t length = 0;
  if (!parse_response_header(std::string_view(received).substr(0, end), length)) {
    throw RuntimeError("fetch connection: not a response header: '" + received.substr(0, end) +
                       "'");
  }
  if (received.size() - end - 1 < length) return false;
  payload = received.substr(end + 1, length);
  return true;
}

class FetchEventLoop final : public FetchWorkload {
 public:
  using FetchWorkload::FetchWorkload;

  void run(const RunContext& ctx) override {
    begin_rep();
    std::vector<WorkerTally> tally(1);
    const Socket epoll(::epoll_create1(EPOLL_CLOEXEC));
    if (epoll.fd() < 0) throw RuntimeError(std::string("epoll_create1: ") + std::strerror(errno));
    const std::uint64_t count = std::min<std::uint64_t>(in_flight_per_rank(ctx), mine_.size());
    std::vector<Pending> pending(count);
    std::uint64_t next = mine_.begin;
    const auto send_next = [&](Pending& p) {
      p.busy = next < mine_.end;
      if (!p.busy) return;
      p.id = next++;
      p.received.clear();
      p.sent = Stopwatch();
      // A request line is a few bytes on an idle connection: it always fits the send buffer.
      send_all(p.socket, request_line(p.id));
    };
    for (std::size_t i = 0; i < pending.size(); ++i) {
      pending[i].socket = connect_loopback(port_, socket_timeout());
      set_nonblocking(pending[i].socket);
      epoll_event event{};
      event.events = EPOLLIN;
      event.data.u64 = i;
      if (::epoll_ctl(epoll.fd(), EPOLL_CTL_ADD, pending[i].socket.fd(), &event) != 0) {
        throw RuntimeError(std::string("epoll_ctl: ") + std::strerror(errno));
      }
      send_next(pending[i]);
    }
    const int timeout_ms = static_cast<int>(socket_timeout().count());
    std::uint64_t done = 0;
    std::vector<epoll_event> events(pending.size());
    while (done < mine_.size()) {
      const int ready =
          ::epoll_wait(epoll.fd(), events.data(), static_cast<int>(events.size()), timeout_ms);
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) throw RuntimeError(std::string("epoll_wait: ") + std::strerror(errno));
      if (ready == 0) {
        throw RuntimeError("fetch connection: receive failed: timed out (no answer in " +
                           std::to_string(timeout_ms) + " ms)");
      }
      for (int e = 0; e < ready; ++e) {
        Pending& p = pending[events[static_cast<std::size_t>(e)].data.u64];
        const bool open = drain(p);
        std::string payload;
        if (p.busy && complete_response(p.received, payload)) {
          account(p.id, payload, p.sent.seconds(), tally[0]);
          ++done;
          send_next(p);
        } else if (!open) {
          throw RuntimeError(
              "fetch connection: the server closed the connection before "
              "answering " +
              std::to_string(p.id));
        }
      }
    }
    end_rep(ctx, tally);
  }

 protected:
  std::uint64_t in_flight_per_rank(const RunContext&) const override {
    return params_->concurrency.value_or(kDefaultEventloopConcurrency);
  }
};

}  // namespace

std::unique_ptr<Workload> make_eventloop(const RunContext& ctx) {
  return std::make_unique<FetchEventLoop>(ctx);
}

}  // namespace scalelab::fetch
