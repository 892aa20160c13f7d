// SPDX-License-Identifier: MIT
#include "socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "protocol.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::fetch {
namespace {

// Longest header or request line either side accepts: far above any real one.
constexpr std::size_t kMaxLine = 64;

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

Socket listen_loopback(int port) {
  const std::string where = "--port " + std::to_string(port) + ": cannot listen on 127.0.0.1";
  if (port < 0 || port > 65535) throw UsageError(where + ": not a port (0..65535)");
  Socket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (s.fd() < 0) throw RuntimeError(where + ": socket: " + errno_text());
  const int one = 1;
  // Lets a run reuse the port of one that just ended (TIME_WAIT), not one still listening.
  ::setsockopt(s.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const sockaddr_in address = loopback(port);
  if (::bind(s.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(s.fd(), SOMAXCONN) != 0) {
    throw UsageError(where + ": " + errno_text());
  }
  return s;
}

int local_port(const Socket& socket) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  if (::getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw RuntimeError(std::string("getsockname: ") + errno_text());
  }
  return ntohs(address.sin_port);
}

void set_timeouts(const Socket& socket, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(socket.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(socket.fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

void set_nonblocking(const Socket& socket) {
  const int flags = ::fcntl(socket.fd(), F_GETFL, 0);
  ::fcntl(socket.fd(), F_SETFL, flags | O_NONBLOCK);
}

Socket connect_loopback(int port, std::chrono::milliseconds timeout) {
  Socket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (s.fd() < 0) throw RuntimeError(std::string("socket: ") + errno_text());
  // The send timeout also bounds connect() on Linux.
  set_timeouts(s, timeout);
  const int one = 1;
  // Requests are tiny and answered one at a time: Nagle's delay would be pure latency.
  ::setsockopt(s.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const sockaddr_in address = loopback(port);
  if (::connect(s.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw RuntimeError("cannot connect to the fetch server at 127.0.0.1:" + std::to_string(port) +
                       ": " + errno_text());
  }
  return s;
}

void send_all(const Socket& socket, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(socket.fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) {
      throw RuntimeError(std::string("fetch connection: send failed: ") +
                         (errno == EAGAIN ? "timed out" : errno_text()));
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

bool Reader::fill() {
  char chunk[64 * 1024];
  for (;;) {
    const ssize_t got = ::recv(socket_.fd(), chunk, sizeof chunk, 0);
    if (got > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(got));
      return true;
    }
    if (got == 0) return false;
    if (errno == EINTR) continue;
    throw RuntimeError(std::string("fetch connection: receive failed: ") +
                       (errno == EAGAIN ? "timed out" : errno_text()));
  }
}

bool Reader::read_line(std::string& line) {
  for (;;) {
    const std::size_t end = buffer_.find('\n');
    if (end != std::string::npos) {
      line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      return true;
    }
    if (buffer_.size() > kMaxLine) throw RuntimeError("fetch connection: line too long");
    if (!fill()) {
      if (buffer_.empty()) return false;
      throw RuntimeError("fetch connection: closed in the middle of a line");
    }
  }
}

std::string Reader::read_exact(std::uint64_t bytes) {
  while (buffer_.size() < bytes) {
    if (!fill()) throw RuntimeError("fetch connection: closed in the middle of a response");
  }
  std::string out = buffer_.substr(0, bytes);
  buffer_.erase(0, bytes);
  return out;
}

bool parse_response_header(std::string_view line, std::uint64_t& length) {
  if (line.substr(0, 3) != "OK ") return false;
  const char* first = line.data() + 3;
  const char* last = line.data() + line.size();
  const auto [end, error] = std::from_chars(first, last, length);
  return error == std::errc() && end == last && first != last;
}

std::string fetch_one(const Socket& socket, Reader& reader, std::uint64_t id) {
  send_all(socket, request_line(id));
  std::string header;
  if (!reader.read_line(header)) {
    throw RuntimeError("fetch connection: the server closed the connection before answering " +
                       std::to_string(id));
  }
  std::uint64_t length = 0;
  if (!parse_response_header(header, length)) {
    throw RuntimeError("fetch connection: not a response header: '" + header + "'");
  }
  return reader.read_exact(length);
}

}  // namespace scalelab::fetch
