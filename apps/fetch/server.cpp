// SPDX-License-Identifier: MIT
#include "server.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "scalelab/errors.hpp"

namespace scalelab::fetch {
namespace {

using Clock = std::chrono::steady_clock;

// A client that stops reading its response for this long is dropped.
constexpr std::chrono::milliseconds kSendTimeout{10'000};
// Longest request line; more unread input than kMaxInput (a client pipelining without
// reading) closes the connection instead of growing its buffer without bound.
constexpr std::size_t kMaxLine = 64;
constexpr std::size_t kMaxInput = 64 * 1024;
// epoll keys of the two descriptors that are not connections; connections count up from 2.
constexpr std::uint64_t kListenerKey = 0;
constexpr std::uint64_t kStopKey = 1;

bool parse_request(std::string_view line, std::uint64_t& id) {
  if (line.substr(0, 4) != "GET ") return false;
  const char* first = line.data() + 4;
  const char* last = line.data() + line.size();
  const auto [end, error] = std::from_chars(first, last, id);
  return error == std::errc() && end == last && first != last;
}

// One client connection: its unread input and the answer being sent, one request at a time.
struct Connection {
  Socket socket;
  std::string input;
  std::string output;
  std::size_t sent = 0;
  bool busy = false;             // a request waits for its deadline or its answer is sent
  bool close_when_sent = false;  // after the answer to a bad request
  bool watching_output = false;  // the socket's buffer was full: EPOLLOUT is on
  bool send_check_armed = false;
  Clock::time_point last_progress;  // of the answer being sent
};

// Something due at `when` on connection `key`: the answer to request `id`, or a check
// that a stalled answer has made progress within kSendTimeout.
struct Timer {
  enum Kind { kAnswer, kSendCheck };
  Clock::time_point when;
  Kind kind;
  std::uint64_t key;
  std::uint64_t id;
  bool operator>(const Timer& other) const { return when > other.when; }
};

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

// The server's one thread: epoll over the listener, the connections and a stop event, its
// timeout the earliest answer deadline.
class EventLoop {
 public:
  EventLoop(const ResponseSpec& spec, Socket listener);
  void run();
  void stop();  // from any thread

 private:
  // False when the kernel refuses (out of memory).
  bool watch(int fd, std::uint64_t key, std::uint32_t events, int operation);
  void accept_all();
  bool refuse_one();
  void fire_due_timers();
  void on_readable(std::uint64_t key, Connection& c);
  void next_request(std::uint64_t key, Connection& c);
  void start_send(std::uint64_t key, Connection& c, std::string bytes);
  void flush(std::uint64_t key, Connection& c);
  void close(std::uint64_t key) { connections_.erase(key); }  // closing leaves the epoll set

  ResponseSpec spec_;
  Socket listener_;
  Socket epoll_;
  Socket stop_;
  // An open descriptor to give up when the process has none left, so that a connection
  // can still be accepted and closed instead of waiting in the backlog.
  Socket spare_;
  std::unordered_map<std::uint64_t, Connection> connections_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::uint64_t next_key_ = 2;
};

EventLoop::EventLoop(const ResponseSpec& spec, Socket listener)
    : spec_(spec),
      listener_(std::move(listener)),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      stop_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      spare_(::open("/dev/null", O_RDONLY | O_CLOEXEC)) {
  if (epoll_.fd() < 0 || stop_.fd() < 0) {
    throw RuntimeError("fetch server: cannot set up its event loop: " + errno_text());
  }
  set_nonblocking(listener_);
  if (!watch(listener_.fd(), kListenerKey, EPOLLIN, EPOLL_CTL_ADD) ||
      !watch(stop_.fd(), kStopKey, EPOLLIN, EPOLL_CTL_ADD)) {
    throw RuntimeError("fetch server: cannot set up its event loop: " + errno_text());
  }
}

bool EventLoop::watch(int fd, std::uint64_t key, std::uint32_t events, int operation) {
  epoll_event event{};
  event.events = events;
  event.data.u64 = key;
  return ::epoll_ctl(epoll_.fd(), operation, fd, &event) == 0;
}

void EventLoop::stop() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(stop_.fd(), &one, sizeof one);
}

void EventLoop::run() {
  std::vector<epoll_event> events(256);
  for (;;) {
    fire_due_timers();
    timespec wait{};
    timespec* timeout = nullptr;  // nothing due: wait for a descriptor
    if (!timers_.empty()) {
      const auto left = std::max(Clock::duration::zero(), timers_.top().when - Clock::now());
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      wait.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
      wait.tv_nsec = static_cast<long>(ns % 1'000'000'000);
      timeout = &wait;
    }
    const int ready = ::epoll_pwait2(epoll_.fd(), events.data(), static_cast<int>(events.size()),
                                     timeout, nullptr);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return;  // cannot happen with a valid epoll set; clients time out
    for (int i = 0; i < ready; ++i) {
      const std::uint64_t key = events[i].data.u64;
      if (key == kStopKey) return;
      if (key == kListenerKey) {
        accept_all();
        continue;
      }
      // Look the connection up for each use: handling one event can close it.
      auto it = connections_.find(key);
      if (it != connections_.end() && (events[i].events & EPOLLOUT)) flush(key, it->second);
      it = connections_.find(key);
      if (it != connections_.end() && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
        on_readable(key, it->second);
      }
    }
  }
}

void EventLoop::accept_all() {
  for (;;) {
    const int fd = ::accept4(listener_.fd(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if ((errno == EMFILE || errno == ENFILE) && refuse_one()) continue;
      return;  // none waiting (EAGAIN)
    }
    const std::uint64_t key = next_key_++;
    Connection& c = connections_[key];
    c.socket = Socket(fd);
    // A connection the kernel cannot watch is closed: its client reports an error.
    if (!watch(fd, key, EPOLLIN, EPOLL_CTL_ADD)) close(key);
  }
}

// Out of descriptors: accepts one waiting connection with the spare descriptor and closes
// it, which its client reports as an error. False when that failed too.
bool EventLoop::refuse_one() {
  if (spare_.fd() < 0) return false;
  spare_ = Socket();
  const Socket refused(::accept4(listener_.fd(), nullptr, nullptr, SOCK_CLOEXEC));
  spare_ = Socket(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  return refused.fd() >= 0;
}

void EventLoop::fire_due_timers() {
  const Clock::time_point now = Clock::now();
  while (!timers_.empty() && timers_.top().when <= now) {
    const Timer timer = timers_.top();
    timers_.pop();
    const auto it = connections_.find(timer.key);
    if (it == connections_.end()) continue;  // the client left before its answer
    Connection& c = it->second;
    if (timer.kind == Timer::kAnswer) {
      const std::string payload = spec_.payload(timer.id);
      start_send(timer.key, c, response_header(payload.size()) + payload);
    } else if (c.watching_output && now - c.last_progress >= kSendTimeout) {
      close(timer.key);  // the client stopped reading its answer
    } else if (c.watching_output) {
      timers_.push({c.last_progress + kSendTimeout, Timer::kSendCheck, timer.key, 0});
    } else {
      c.send_check_armed = false;
    }
  }
}

void EventLoop::on_readable(std::uint64_t key, Connection& c) {
  char chunk[4096];
  for (;;) {
    const ssize_t got = ::recv(c.socket.fd(), chunk, sizeof chunk, 0);
    if (got > 0) {
      c.input.append(chunk, static_cast<std::size_t>(got));
      if (c.input.size() > kMaxInput) return close(key);
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return close(key);  // the client is done (0) or gone (error)
  }
  next_request(key, c);
}

// Starts the wait for the next complete request line, if the connection is free.
void EventLoop::next_request(std::uint64_t key, Connection& c) {
  if (c.busy) return;
  const std::size_t end = c.input.find('\n');
  if (end == std::string::npos) {
    if (c.input.size() > kMaxLine) close(key);
    return;
  }
  std::uint64_t id = 0;
  const bool valid = parse_request(std::string_view(c.input).substr(0, end), id);
  c.input.erase(0, end + 1);
  if (!valid) {
    c.close_when_sent = true;
    return start_send(key, c, "ERR bad request\n");
  }
  c.busy = true;
  const auto latency = std::chrono::duration<double, std::milli>(spec_.latency_ms(id));
  timers_.push({Clock::now() + std::chrono::duration_cast<Clock::duration>(latency), Timer::kAnswer,
                key, id});
}

void EventLoop::start_send(std::uint64_t key, Connection& c, std::string bytes) {
  c.busy = true;
  c.output = std::move(bytes);
  c.sent = 0;
  c.last_progress = Clock::now();
  flush(key, c);
}

// Sends what the socket takes; the rest when epoll reports it writable again.
void EventLoop::flush(std::uint64_t key, Connection& c) {
  while (c.sent < c.output.size()) {
    const ssize_t sent =
        ::send(c.socket.fd(), c.output.data() + c.sent, c.output.size() - c.sent, MSG_NOSIGNAL);
    if (sent > 0) {
      c.sent += static_cast<std::size_t>(sent);
      c.last_progress = Clock::now();
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!c.watching_output) {
        if (!watch(c.socket.fd(), key, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD)) return close(key);
        c.watching_output = true;
      }
      if (!c.send_check_armed) {
        timers_.push({c.last_progress + kSendTimeout, Timer::kSendCheck, key, 0});
        c.send_check_armed = true;
      }
      return;
    }
    return close(key);  // the client is gone
  }
  std::string().swap(c.output);  // an answer's buffer is not kept between requests
  c.sent = 0;
  c.busy = false;
  if (c.watching_output) {
    if (!watch(c.socket.fd(), key, EPOLLIN, EPOLL_CTL_MOD)) return close(key);
    c.watching_output = false;
  }
  if (c.close_when_sent) return close(key);
  next_request(key, c);  // a request the client sent before this answer
}

Server::Server(const ResponseSpec& spec, int port) {
  Socket listener = listen_loopback(port);
  port_ = local_port(listener);
  loop_ = std::make_unique<EventLoop>(spec, std::move(listener));
  thread_ = std::thread([loop = loop_.get()] { loop->run(); });
}

Server::~Server() {
  loop_->stop();
  thread_.join();
}

}  // namespace scalelab::fetch
