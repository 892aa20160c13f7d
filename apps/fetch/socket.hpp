// SPDX-License-Identifier: MIT
#pragma once

// Loopback TCP sockets for the fetch server and its clients: an owning descriptor, and
// blocking I/O where every operation times out, so a dead or silent peer is an error, never
// a hang.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace scalelab::fetch {

// Owns one file descriptor; closed on destruction.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();
  int fd() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// Listens on 127.0.0.1:port (0: a port the kernel chooses). Throws UsageError naming --port
// when the port cannot be had (in use, privileged, out of range).
Socket listen_loopback(int port);
// The port a listening socket got.
int local_port(const Socket& socket);

// Connects to 127.0.0.1:port; every later send and receive on it times out after `timeout`.
// Throws RuntimeError when nothing answers.
Socket connect_loopback(int port, std::chrono::milliseconds timeout);

// Makes send and receive on `socket` fail after `timeout` instead of blocking forever.
void set_timeouts(const Socket& socket, std::chrono::milliseconds timeout);
void set_nonblocking(const Socket& socket);

// Sends all of `bytes` or throws RuntimeError (peer gone, timeout).
void send_all(const Socket& socket, std::string_view bytes);

// A blocking reader with a buffer: lines and exact byte counts. Throws RuntimeError on
// timeout, on a closed connection and on an over-long line.
class Reader {
 public:
  explicit Reader(const Socket& socket) : socket_(socket) {}
  // The next line, without its '\n', into `line`; false when the peer closed the
  // connection cleanly before sending any of it.
  bool read_line(std::string& line);
  std::string read_exact(std::uint64_t bytes);

 private:
  bool fill();  // false: the peer closed the connection
  const Socket& socket_;
  std::string buffer_;
};

// What a client runs on a connection for one request: the payload, or RuntimeError.
std::string fetch_one(const Socket& socket, Reader& reader, std::uint64_t id);

// Parses "OK <length>" (the response header); false when it is anything else.
bool parse_response_header(std::string_view line, std::uint64_t& length);

}  // namespace scalelab::fetch
